package quantlab.grading.batch;

import java.util.List;
import java.util.Objects;

import quantlab.grading.TestResult;

/**
 * One student's grade for one chapter: the hash of everything that went into it (so a re-run can reuse it), how
 * grading went, the compiler's output or the problem that stopped it, notes on the submission, and one result
 * per visible and per hidden test, in the catalogue's order.
 */
public record ChapterGrade(String student, int chapter, String inputs, Status status, String problem,
                           List<String> notes, List<TestResult> visible, List<TestResult> hidden) {

    /** How grading went; the label is what the gradebook shows. */
    public enum Status {
        GRADED("graded"),
        COMPILE_ERROR("compile error"),
        NO_SOURCES("no sources"),
        INVALID("invalid"),
        ERROR("grader error");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** The gradebook's word for it. */
        public String label() {
            return label;
        }
    }

    public ChapterGrade {
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(problem, "problem");
        notes = List.copyOf(notes);
        visible = List.copyOf(visible);
        hidden = List.copyOf(hidden);
    }

    /** Points earned, visible and hidden. */
    public int points() {
        return visiblePoints() + hiddenPoints();
    }

    /** Points available, visible and hidden. */
    public int maximum() {
        return visible.stream().mapToInt(TestResult::maxPoints).sum() + hiddenMaximum();
    }

    /** Points earned on visible tests. */
    public int visiblePoints() {
        return visible.stream().mapToInt(TestResult::pointsEarned).sum();
    }

    /** Points earned on hidden tests. */
    public int hiddenPoints() {
        return hidden.stream().mapToInt(TestResult::pointsEarned).sum();
    }

    /** Points available on hidden tests. */
    public int hiddenMaximum() {
        return hidden.stream().mapToInt(TestResult::maxPoints).sum();
    }
}
