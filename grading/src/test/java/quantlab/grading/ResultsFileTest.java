package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @TempDir
    Path dir;

    private static ResultsFile.Line line(String id, ResultsFile.Status status, String message) {
        return new ResultsFile.Line(id, "quantlab.exercises.ch01.ATest", "m", "m()", 2, status, message);
    }

    @Test
    void escapingRoundTrips() {
        String nasty = "a\tb\nc\\d\re\\n";
        assertEquals("a\\tb\\nc\\\\d\\re\\\\n", ResultsFile.escape(nasty));
        assertEquals(nasty, ResultsFile.unescape(ResultsFile.escape(nasty)));
    }

    @Test
    void readsPlanAndResultsAndIgnoresAPartialLastLine() throws IOException {
        Path file = dir.resolve("r.tsv");
        Files.writeString(file, ResultsFile.format(ResultsFile.TEST, line("[1]", ResultsFile.Status.PLANNED, "")) + "\n"
                + ResultsFile.format(ResultsFile.TEST, line("[2]", ResultsFile.Status.PLANNED, "")) + "\n"
                + ResultsFile.PLANNED + "\n"
                + ResultsFile.format(ResultsFile.RESULT, line("[1]", ResultsFile.Status.FAILED, "x\ny")) + "\n"
                + "RESULT\t[2]\tquantlab.exer");
        ResultsFile.Contents contents = ResultsFile.read(file);
        assertTrue(contents.planComplete());
        assertFalse(contents.finished());
        assertEquals(2, contents.planned().size());
        assertEquals(1, contents.results().size());
        assertEquals("x\ny", contents.results().get("[1]").message());
        assertEquals(2, contents.results().get("[1]").points());
    }

    @Test
    void resultForAnUnplannedTestIsRejected() throws IOException {
        Path file = dir.resolve("r.tsv");
        Files.writeString(file, ResultsFile.PLANNED + "\n"
                + ResultsFile.format(ResultsFile.RESULT, line("[9]", ResultsFile.Status.PASSED, "")) + "\n");
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file));
        Files.writeString(file, "GARBAGE\n");
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file));
    }

    @Test
    void missingFileMeansNothingPlanned() {
        ResultsFile.Contents contents = ResultsFile.read(dir.resolve("none.tsv"));
        assertFalse(contents.planComplete());
        assertTrue(contents.planned().isEmpty());
    }

    @Test
    void argFileQuoting() {
        assertEquals("\"C:\\\\Program Files\\\\x \\\"y\\\"\"", TestJvm.quote("C:\\Program Files\\x \"y\""));
        assertTrue(Files.isExecutable(TestJvm.javaExecutable()), TestJvm.javaExecutable().toString());
    }
}
