package quantlab.grading.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.grading.TestResult;

/** The gradebook, feedback and summary formats, on hand-made grades. */
class BatchFormatsTest {

    @TempDir
    Path dir;

    private static ChapterGrade grade(String student, int visibleEarned, boolean hiddenPassed, String message) {
        return new ChapterGrade(student, 1, "hash", ChapterGrade.Status.GRADED, "", List.of(),
                List.of(visibleEarned == 2 ? TestResult.passed("ATest.b", "b()", 2)
                        : TestResult.failed("ATest.b", "b()", 2, message)),
                List.of(hiddenPassed ? TestResult.passed("AHiddenTest.secret", "secret()", 1)
                        : TestResult.failed("AHiddenTest.secret", "secret()", 1, "secret message")));
    }

    @Test
    void csvQuotesOnlyWhatNeedsItAndParsesBack() {
        String line = Csv.line(List.of("plain", "with,comma", "with \"quote\"", "two\nlines", ""));
        assertEquals("plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",\n", line);
        assertEquals(List.of(List.of("plain", "with,comma", "with \"quote\"", "two\nlines", "")), Csv.parse(line));
    }

    @Test
    void feedbackEscapesTheStudentsTextAndShowsHiddenTestsOnlyAsCountAndScore() {
        String md = Feedback.markdown("ann", List.of(grade("ann", 0, false, "<script>x</script> | `y`\nnext")));
        assertTrue(md.contains("| 0 / 2 | **failed** | &lt;script&gt;x&lt;/script&gt; &#124; &#96;y&#96;<br>next |"), md);
        assertTrue(md.contains("**Hidden tests:** 1 test, 0 / 1 points."), md);
        assertFalse(md.contains("secret"), md);
        assertFalse(md.contains("AHiddenTest"), md);
        assertEquals("````\nhas ``` inside\n````\n", Feedback.fenced("has ``` inside"));
    }

    @Test
    void summaryCountsMeanMedianAndHistogram() {
        // scores 2+1, 0+0, 2+0, 2+1 = 3, 0, 2, 3 of 3: mean 8 / 4 = 2.0, median (2 + 3) / 2 = 2.5.
        TestCatalogue catalogue = new TestCatalogue(1, List.of(), List.of(TestResult.failed("ATest.b", "b()", 2, "")),
                List.of(), List.of(TestResult.failed("AHiddenTest.secret", "secret()", 1, "")));
        String csv = Gradebook.csv(List.of(grade("a", 2, true, ""), grade("b", 0, false, "no"),
                grade("c", 2, false, ""), grade("d", 2, true, "")), java.util.Map.of(1, catalogue));
        assertTrue(csv.startsWith("student,chapter,points,maximum,status,ch01 ATest.b (2),"
                + "ch01 hidden AHiddenTest.secret (1)\na,1,3,3,graded,2,1\n"), csv);
        ClassSummary.ChapterStats chapter = ClassSummary.fromCsv(csv).chapters().get(0);
        assertEquals(List.of(3, 0, 2, 3), chapter.scores());
        assertEquals(2.0, chapter.mean(), 1e-12);
        assertEquals(2.5, chapter.median(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 1, 2}, chapter.histogram());
        assertEquals(new ClassSummary.TestStats("ATest.b", false, 2, 3, 4), chapter.tests().get(0));
        assertEquals(new ClassSummary.TestStats("AHiddenTest.secret", true, 1, 2, 4), chapter.tests().get(1));
    }

    @Test
    void summaryRejectsAFileThatIsNoGradebook() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassSummary.fromCsv("a,b\n1,2\n"));
        assertTrue(e.getMessage().contains("not a class gradebook"), e.getMessage());
    }

    @Test
    void atomicWritesReplaceWholeFilesAndLeaveNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub/file.txt");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "second");
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), Files.list(target.getParent()).toList());
    }

    @Test
    void resultFilesRoundTrip() {
        ChapterGrade grade = grade("ann", 0, true, "expected: <5>\n but was: <4>");
        assertEquals(grade, ResultStore.fromJson(readTree(ResultStore.toJson(grade))));
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
