package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraderTest {

    private final Grader grader = Fixtures.grader();

    private static TestResult result(GradeReport report, String name) {
        return report.results().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result named " + name + " in " + report.results()));
    }

    @Test
    void solutionScoresFullMarks() {
        GradeReport report = grader.grade(99, Fixtures.course().solutionSources());
        assertAll(
                () -> assertEquals(99, report.chapter()),
                () -> assertEquals(6, report.score()),
                () -> assertEquals(6, report.maxScore()),
                () -> assertNull(report.compileError()),
                () -> assertEquals(3, report.results().size()),
                () -> assertTrue(report.failures().isEmpty()));
    }

    @Test
    void untouchedStarterScoresZeroAndSaysTodo() {
        GradeReport report = grader.grade(99);
        assertEquals(0, report.score());
        assertEquals(6, report.maxScore());
        assertEquals(List.of("ArithTest.add", "ArithTest.multiply", "ArithTest.power"),
                report.results().stream().map(TestResult::name).sorted().toList());
        assertTrue(result(report, "ArithTest.add").message().contains("UnsupportedOperationException: TODO add"),
                result(report, "ArithTest.add").message());
    }

    @Test
    void partialSolutionEarnsOnlyWhatPasses() {
        // add is wrong (1 point), multiply right (2), power right for one of three rows only (3, all or nothing).
        GradeReport report = grader.grade(99, Fixtures.students("partial"));
        assertEquals(2, report.score());
        assertEquals(6, report.maxScore());
        assertTrue(result(report, "ArithTest.multiply").passed());
        assertEquals(2, result(report, "ArithTest.multiply").pointsEarned());
        TestResult add = result(report, "ArithTest.add");
        assertFalse(add.passed());
        assertEquals(0, add.pointsEarned());
        assertEquals(1, add.maxPoints());
        assertTrue(add.message().contains("expected: <5> but was: <-1>"), add.message());
        TestResult power = result(report, "ArithTest.power");
        assertEquals(0, power.pointsEarned());
        assertEquals(3, power.maxPoints());
        assertTrue(power.message().contains("expected: <8> but was: <6>"), power.message());
    }

    @Test
    void moduleFolderIsAcceptedAsSourceRoot() {
        GradeReport report = grader.grade(99, Fixtures.root().resolve("solutions"));
        assertEquals(6, report.score());
        assertEquals(6, report.maxScore());
    }

    @Test
    void compileErrorScoresZeroWithTheCompilerMessage() {
        GradeReport report = grader.grade(99, Fixtures.students("broken"));
        assertTrue(report.hasCompileError());
        assertTrue(report.compileError().contains("Arith.java:10"), report.compileError());
        assertTrue(report.compileError().contains("';' expected"), report.compileError());
        assertEquals(0, report.score());
        // The tests are still listed (compiled against the starter), so the maximum is the real one.
        assertEquals(6, report.maxScore());
        assertEquals(3, report.failures().size());
        assertTrue(report.failures().stream().allMatch(r -> r.message().contains("does not compile")));
        assertTrue(report.toString().startsWith("Chapter 99: 0 / 6 points\nThe code does not compile:\n"),
                report.toString());
    }

    @Test
    void compileErrorWithNothingToListTheTestsAgainst() {
        GradeReport report = grader.grade(96);
        assertTrue(report.compileError().contains("incompatible types"), report.compileError());
        assertEquals(0, report.score());
        assertEquals(0, report.maxScore());
        assertTrue(report.results().isEmpty());
        assertTrue(report.toString().startsWith(
                "Chapter 99".replace("99", "96") + ": 0 / 0 points (does not compile; the tests could not be listed)"),
                report.toString());
    }

    @Test
    void failingBeforeAllAndDynamicTestsScoreTheirWholeMethodZero() {
        // OkTest.twice 1 passes; OkTest.twiceTable 4 has one failing dynamic test;
        // SetupTest.hasRows 2 and hasMoreRows 3 never run because @BeforeAll throws.
        GradeReport report = grader.grade(95);
        assertEquals(1, report.score());
        assertEquals(10, report.maxScore());
        assertEquals(4, report.results().size());
        TestResult table = result(report, "OkTest.twiceTable");
        assertEquals(4, table.maxPoints());
        assertTrue(table.message().contains("twice 5 is 11") && table.message().contains("expected: <11> but was: <10>"),
                table.message());
        for (String name : List.of("SetupTest.hasRows", "SetupTest.hasMoreRows")) {
            String message = result(report, name).message();
            assertTrue(message.contains("IllegalStateException: no data") && message.startsWith("not run"), message);
        }
    }

    @Test
    void badChapterNumbersNameTheValue() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> grader.grade(0));
        assertTrue(low.getMessage().contains("chapter") && low.getMessage().contains("was 0"), low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> grader.grade(100));
        assertTrue(high.getMessage().contains("was 100"), high.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> grader.grade(42));
        assertTrue(missing.getMessage().contains("chapter 42 has no exercise folder"), missing.getMessage());
        Course realSized = Course.at(Fixtures.root());
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                () -> new Grader(realSized, GradingLimits.DEFAULT).grade(15));
        assertTrue(beyond.getMessage().contains("between 1 and 14, was 15"), beyond.getMessage());
    }

    @Test
    void missingSourceFolderNamesTheValue() {
        Path nowhere = Fixtures.root().resolve("no-such-folder");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grader.grade(99, nowhere));
        assertTrue(e.getMessage().contains("sourceRoot " + nowhere), e.getMessage());
        Path noChapter = Fixtures.students("partial").resolve("quantlab");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> grader.grade(99, noChapter));
        assertTrue(e2.getMessage().contains("has no chapter 99 folder"), e2.getMessage());
    }
}
