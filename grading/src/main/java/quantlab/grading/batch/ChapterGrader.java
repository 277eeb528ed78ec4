package quantlab.grading.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import quantlab.grading.GradingLimits;
import quantlab.grading.IsolatedTests;
import quantlab.grading.SourceBundle.SourceFile;
import quantlab.grading.TestResult;

/**
 * Grades one student's chapter: the visible tests in one isolated JVM, then the hidden tests in another, so nothing
 * the graded code sees while visible tests run (whose messages the student reads) can include a hidden test, and
 * nothing from the hidden run (its messages, its output) is ever shown to the student. Both runs share the
 * submission's time limit.
 */
public final class ChapterGrader {

    /** Bumped whenever a change to grading could change a grade, so that older result files are not reused. */
    static final String FORMAT = "quantlab-class-grading-2";

    private final IsolatedTests tests;

    /** Grades with {@code tests}' runtime and limits. */
    public ChapterGrader(IsolatedTests tests) {
        this.tests = Objects.requireNonNull(tests, "tests");
    }

    /** A hash of everything a chapter grade depends on: the student's files, the tests, the limits. */
    public String inputs(ChapterSubmission submission, TestCatalogue catalogue) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            GradingLimits limits = tests.limits();
            update(digest, FORMAT + "|" + catalogue.chapter() + "|" + limits.testTimeout().toMillis() + "|"
                    + limits.chapterTimeout().toMillis() + "|" + limits.maxHeapMb() + "|" + submission.problem());
            for (List<SourceFile> files : List.of(submission.sources(), catalogue.visibleSources(),
                    catalogue.hiddenSources())) {
                update(digest, "files:" + files.size());
                for (SourceFile file : files) {
                    update(digest, file.path() + ":" + file.content().length);
                    digest.update(file.content());
                }
            }
            for (String note : submission.notes()) {
                update(digest, note);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    /** Grades {@code submission}; never throws for anything the student's code does. */
    public ChapterGrade grade(String student, ChapterSubmission submission, TestCatalogue catalogue) {
        String inputs = inputs(submission, catalogue);
        if (!submission.gradable()) {
            ChapterGrade.Status status = submission.noSources() ? ChapterGrade.Status.NO_SOURCES
                    : ChapterGrade.Status.INVALID;
            String why = "not run: nothing could be graded (see above)";
            return new ChapterGrade(student, catalogue.chapter(), inputs, status, submission.problem(),
                    submission.notes(), zero(catalogue.visible(), why), zero(catalogue.hidden(), why));
        }
        IsolatedTests.Deadline deadline = IsolatedTests.Deadline.after(tests.limits().chapterTimeout());
        IsolatedTests.Outcome visible = tests.run(new IsolatedTests.Request(submission.sources(),
                catalogue.visibleSources(), catalogue.visibleClasses(), deadline));
        switch (visible.status()) {
            case COMPILE_ERROR -> {
                String why = "not run: the code does not compile (see the compiler's message)";
                return new ChapterGrade(student, catalogue.chapter(), inputs, ChapterGrade.Status.COMPILE_ERROR,
                        visible.problem(), submission.notes(), zero(catalogue.visible(), why),
                        zero(catalogue.hidden(), why));
            }
            case NOT_LISTED -> {
                String why = "not run: " + visible.problem();
                return new ChapterGrade(student, catalogue.chapter(), inputs, ChapterGrade.Status.GRADED,
                        visible.problem(), submission.notes(), zero(catalogue.visible(), why),
                        zero(catalogue.hidden(), why));
            }
            default -> {
                List<TestResult> hidden = catalogue.hidden().isEmpty() ? List.of()
                        : hidden(submission, catalogue, deadline);
                return new ChapterGrade(student, catalogue.chapter(), inputs, ChapterGrade.Status.GRADED, "",
                        submission.notes(), align(catalogue.visible(), visible.results()), hidden);
            }
        }
    }

    private List<TestResult> hidden(ChapterSubmission submission, TestCatalogue catalogue,
                                    IsolatedTests.Deadline deadline) {
        IsolatedTests.Outcome outcome = tests.run(new IsolatedTests.Request(submission.sources(),
                catalogue.hiddenSources(), catalogue.hiddenClasses(), deadline));
        return switch (outcome.status()) {
            case COMPILE_ERROR -> zero(catalogue.hidden(),
                    "not run: the hidden tests do not compile against this code: " + outcome.problem());
            case NOT_LISTED -> zero(catalogue.hidden(), "not run: " + outcome.problem());
            case TESTED -> align(catalogue.hidden(), outcome.results());
        };
    }

    /** The catalogue's tests, each with its result from {@code results} (matched by name), in catalogue order. */
    static List<TestResult> align(List<TestResult> catalogue, List<TestResult> results) {
        Map<String, TestResult> byName = results.stream()
                .collect(Collectors.toMap(TestResult::name, Function.identity(), (a, b) -> a));
        List<TestResult> aligned = new ArrayList<>();
        for (TestResult test : catalogue) {
            TestResult result = byName.get(test.name());
            aligned.add(result != null && result.maxPoints() == test.maxPoints() ? result
                    : TestResult.failed(test.name(), test.displayName(), test.maxPoints(),
                    "no result was reported for this test"));
        }
        return aligned;
    }

    static List<TestResult> zero(List<TestResult> catalogue, String why) {
        return catalogue.stream()
                .map(test -> TestResult.failed(test.name(), test.displayName(), test.maxPoints(), why))
                .toList();
    }
}
