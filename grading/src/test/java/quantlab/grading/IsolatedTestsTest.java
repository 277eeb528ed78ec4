package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The isolated child JVMs on the fixture course; expected scores are the fixture README's, counted by hand. */
class IsolatedTestsTest {

    @TempDir
    static Path scratch;

    private static ChildRuntime runtime;

    @BeforeAll
    static void runtime() {
        runtime = ChildRuntime.create(scratch);
    }

    @AfterAll
    static void cleanUp() {
        runtime.delete();
    }

    private static IsolatedTests.Outcome run(int chapter, Path gradedRoot, GradingLimits limits) {
        Course course = Fixtures.course();
        List<SourceBundle.SourceFile> graded =
                SourceBundle.readTree(gradedRoot, Course.chapterFolder(gradedRoot, chapter));
        List<SourceBundle.SourceFile> tests =
                SourceBundle.readTree(course.testSources(), Course.chapterFolder(course.testSources(), chapter));
        List<String> classes = new ArrayList<>(tests.stream().map(SourceBundle.SourceFile::className).toList());
        return new IsolatedTests(runtime, limits).run(new IsolatedTests.Request(graded, tests, classes,
                IsolatedTests.Deadline.after(limits.chapterTimeout())));
    }

    private static int score(IsolatedTests.Outcome outcome) {
        return outcome.results().stream().mapToInt(TestResult::pointsEarned).sum();
    }

    private static TestResult result(IsolatedTests.Outcome outcome, String name) {
        return outcome.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void solutionScoresFullAndStarterNothing() {
        IsolatedTests.Outcome solution = run(99, Fixtures.course().solutionSources(), GradingLimits.DEFAULT);
        assertEquals(IsolatedTests.Status.TESTED, solution.status());
        assertEquals(6, score(solution));
        assertEquals(0, score(run(99, Fixtures.course().exerciseSources(), GradingLimits.DEFAULT)));
    }

    @Test
    void compileErrorsNameTheRelativePath() {
        IsolatedTests.Outcome broken = run(99, Fixtures.students("broken"), GradingLimits.DEFAULT);
        assertEquals(IsolatedTests.Status.COMPILE_ERROR, broken.status());
        assertTrue(broken.problem().startsWith("quantlab/exercises/ch99/Arith.java:10: error: ';' expected"),
                broken.problem());
    }

    @Test
    void aJvmThatExitsLosesOnlyTheTestItWasIn() {
        // QuitTest: before 1, quits 2 (halts the JVM with code 3), after 4 => a new JVM runs after: 1 + 4 = 5 of 7.
        IsolatedTests.Outcome outcome = run(97, Fixtures.course().exerciseSources(), GradingLimits.DEFAULT);
        assertEquals(5, score(outcome));
        assertTrue(result(outcome, "QuitTest.quits").message().contains("exited with code 3"),
                result(outcome, "QuitTest.quits").message());
        assertTrue(result(outcome, "QuitTest.after").passed());
    }

    @Test
    void endlessLoopCostsItsTestAndTheDeadlineTheRest() {
        // SpinTest: first 1, second 2, loops 3, after 4. Per-test limit 1 s: 7 of 10.
        GradingLimits perTest = GradingLimits.DEFAULT.withTestTimeout(Duration.ofSeconds(1));
        assertEquals(7, score(run(98, Fixtures.course().exerciseSources(), perTest)));
        // No per-test limit, 4 s for the submission: first 1 + second 2 = 3 of 10.
        GradingLimits whole = GradingLimits.DEFAULT.withTestTimeout(Duration.ZERO)
                .withChapterTimeout(Duration.ofSeconds(4));
        IsolatedTests.Outcome cut = run(98, Fixtures.course().exerciseSources(), whole);
        assertEquals(3, score(cut));
        assertTrue(result(cut, "SpinTest.after").message().contains("time limit of 4 s"),
                result(cut, "SpinTest.after").message());
    }
}
