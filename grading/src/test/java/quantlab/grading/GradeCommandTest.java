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
                new PrintStream(err, true, StandardCharsets.UTF_8), graders);
    }

    private int run(String... args) {
        return run(Fixtures::grader, args);
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
    void gradingThatCannotRunExitsOne() {
        Supplier<Grader> noCourse = () -> {
            throw new IllegalStateException("cannot find the quantlab course folder");
        };
        assertEquals(1, run(noCourse, "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("grading failed: cannot find the quantlab course folder"));
    }
}
