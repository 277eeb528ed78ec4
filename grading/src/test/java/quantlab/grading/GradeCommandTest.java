package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GradeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Supplier<Grader> graders, String... args) {
        return GradeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), policy -> graders.get());
    }

    private int run(String... args) {
        return GradeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                policy -> new Grader(Fixtures.course(), GradingLimits.DEFAULT, policy));
    }

    @Test
    void printsScoreAndFailuresAndExitsZeroEvenWithFailures() {
        assertEquals(0, run("99", "--sources", Fixtures.students("partial").toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Chapter 99: 2 / 6 points\n"), text);
        assertTrue(text.contains("FAILED ArithTest.add (0 / 1): expected: <5> but was: <-1>"), text);
    }

    @Test
    void badUsageExitsTwoNamingTheValue() {
        assertEquals(2, run("abc"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("was abc"));
        assertEquals(2, run("42"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("chapter 42"));
        assertEquals(2, run("99", "--sources", "/no/such/dir"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("/no/such/dir"));
        assertEquals(2, run());
        assertEquals(2, run("99", "--sources"));
        assertEquals(2, run("99", "98"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: GradeCommand <chapter> [--sources DIR]"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void requireSandboxRefusesWhereBubblewrapCannotRun() {
        String before = System.getProperty(Sandbox.BWRAP_PROPERTY);
        System.setProperty(Sandbox.BWRAP_PROPERTY, "/no/such/bwrap");
        try {
            assertEquals(1, run("99", "--require-sandbox"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("the sandbox is required (--require-sandbox)"
                    + " but cannot run: bubblewrap (bwrap) is not installed at /no/such/bwrap"),
                    err.toString(StandardCharsets.UTF_8));
            // Without --require-sandbox it says so on its first line and grades with process isolation.
            assertEquals(0, run("99", "--sources", Fixtures.students("partial").toString()));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("sandbox: NOT AVAILABLE (bubblewrap (bwrap) is not installed at /no/such/bwrap;"),
                    text);
            assertTrue(text.contains("\nChapter 99: 2 / 6 points\n"), text);
        } finally {
            if (before == null) {
                System.clearProperty(Sandbox.BWRAP_PROPERTY);
            } else {
                System.setProperty(Sandbox.BWRAP_PROPERTY, before);
            }
        }
    }

    @Test
    void gradingThatCannotRunExitsOne() {
        Supplier<Grader> noCourse = () -> {
            throw new IllegalStateException("cannot find the quantlab course folder");
        };
        assertEquals(1, run(noCourse, "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("grading failed: cannot find the quantlab course folder"));
    }
}
