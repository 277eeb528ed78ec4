package quantlab.grading.batch;

import java.util.Comparator;
import java.util.List;

import quantlab.grading.Course;
import quantlab.grading.GradingLimits;
import quantlab.grading.IsolatedTests;
import quantlab.grading.SourceBundle;
import quantlab.grading.SourceBundle.SourceFile;
import quantlab.grading.TestResult;

/**
 * The graded tests of one chapter, listed once per batch: the visible tests (the course's, in
 * {@code exercises/src/test/java}) and the instructor's hidden tests ({@code instructor/hidden-tests}), each with
 * its sources and its tests (name, display name, points) sorted by class and method. Every gradebook row of the
 * chapter has exactly these columns, whatever happened to the student's code.
 */
public record TestCatalogue(int chapter, List<SourceFile> visibleSources, List<TestResult> visible,
                            List<SourceFile> hiddenSources, List<TestResult> hidden) {

    public TestCatalogue {
        visibleSources = List.copyOf(visibleSources);
        visible = sorted(visible);
        hiddenSources = List.copyOf(hiddenSources);
        hidden = sorted(hidden);
    }

    /** The test classes to run for the visible tests. */
    public List<String> visibleClasses() {
        return visibleSources.stream().map(SourceFile::className).toList();
    }

    /** The test classes to run for the hidden tests. */
    public List<String> hiddenClasses() {
        return hiddenSources.stream().map(SourceFile::className).toList();
    }

    /** All points of the chapter, visible and hidden. */
    public int maximum() {
        return visible.stream().mapToInt(TestResult::maxPoints).sum() + hidden.stream().mapToInt(TestResult::maxPoints).sum();
    }

    /**
     * Lists the chapter's tests by compiling them against the course's starter code (or, should that fail, its
     * reference solutions) in an isolated JVM.
     *
     * @throws IllegalStateException if the tests compile against neither, which is the course's fault, not a student's
     */
    public static TestCatalogue build(Course course, int chapter, IsolatedTests tests) {
        course.requireChapter(chapter);
        List<SourceFile> visibleSources = SourceBundle.readTree(course.testSources(),
                Course.chapterFolder(course.testSources(), chapter));
        List<SourceFile> hiddenSources = SourceBundle.readTree(course.hiddenTestSources(),
                Course.chapterFolder(course.hiddenTestSources(), chapter));
        List<TestResult> visible = list(course, chapter, tests, visibleSources, "tests");
        List<TestResult> hidden = hiddenSources.isEmpty() ? List.of()
                : list(course, chapter, tests, hiddenSources, "hidden tests");
        return new TestCatalogue(chapter, visibleSources, visible, hiddenSources, hidden);
    }

    private static List<TestResult> list(Course course, int chapter, IsolatedTests tests, List<SourceFile> testSources,
                                         String what) {
        StringBuilder problems = new StringBuilder();
        for (var reference : List.of(course.exerciseSources(), course.solutionSources())) {
            List<SourceFile> code = SourceBundle.readTree(reference, Course.chapterFolder(reference, chapter));
            if (code.isEmpty()) {
                continue;
            }
            GradingLimits limits = tests.limits();
            IsolatedTests.Outcome outcome = tests.list(new IsolatedTests.Request(code, testSources,
                    testSources.stream().map(SourceFile::className).toList(),
                    IsolatedTests.Deadline.after(limits.chapterTimeout())));
            if (outcome.status() == IsolatedTests.Status.TESTED && !outcome.results().isEmpty()) {
                return outcome.results();
            }
            problems.append("\n  against ").append(reference).append(": ")
                    .append(outcome.problem().isEmpty() ? "no graded tests found" : outcome.problem());
        }
        throw new IllegalStateException("chapter " + chapter + ": the " + what + " could not be listed against the"
                + " starter code or the solutions:" + problems);
    }

    private static List<TestResult> sorted(List<TestResult> tests) {
        return tests.stream().sorted(Comparator.comparing(TestResult::name)).toList();
    }
}
