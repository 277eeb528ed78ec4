package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Endless loops and crashing code cost only the tests they take down. */
class TimeLimitTest {

    private static TestResult result(GradeReport report, String name) {
        return report.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void perTestTimeoutFailsOnlyTheLoopingTest() {
        // SpinTest: first 1, second 2, loops 3 (never returns), after 4 => 1 + 2 + 4 = 7 of 10.
        GradeReport report = Fixtures.grader(GradingLimits.DEFAULT.withTestTimeout(Duration.ofSeconds(1))).grade(98);
        assertEquals(7, report.score());
        assertEquals(10, report.maxScore());
        TestResult loops = result(report, "SpinTest.loops");
        assertEquals(0, loops.pointsEarned());
        assertTrue(loops.message().contains("timed out"), loops.message());
        assertTrue(result(report, "SpinTest.after").passed());
    }

    @Test
    void chapterTimeoutCutsOffTheChildJvmAndKeepsFinishedResults() {
        // No per-test limit: the loop holds the JVM until the 5 s chapter limit. first 1 + second 2 = 3 of 10.
        GradingLimits limits = GradingLimits.DEFAULT.withTestTimeout(Duration.ZERO)
                .withChapterTimeout(Duration.ofSeconds(5));
        long start = System.nanoTime();
        GradeReport report = Fixtures.grader(limits).grade(98);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertEquals(3, report.score());
        assertEquals(10, report.maxScore());
        assertTrue(seconds < 30, "took " + seconds + " s");
        for (String name : List.of("SpinTest.loops", "SpinTest.after")) {
            TestResult cut = result(report, name);
            assertEquals(0, cut.pointsEarned());
            assertTrue(cut.message().contains("time limit of 5 s"), cut.message());
        }
        assertTrue(result(report, "SpinTest.first").passed());
        assertTrue(result(report, "SpinTest.second").passed());
    }

    @Test
    void aJvmThatExitsCostsOnlyItsTestAndANewJvmRunsTheRest() {
        // QuitTest: before 1 (no @Points), quits 2 (halts the JVM with code 3), after 4 => 1 + 4 = 5 of 7.
        GradeReport report = Fixtures.grader().grade(97);
        assertEquals(5, report.score());
        assertEquals(7, report.maxScore());
        assertEquals(1, result(report, "QuitTest.before").maxPoints());
        TestResult lost = result(report, "QuitTest.quits");
        assertEquals(0, lost.pointsEarned());
        assertTrue(lost.message().contains("exited with code 3"), lost.message());
        assertTrue(result(report, "QuitTest.after").passed());
    }
}
