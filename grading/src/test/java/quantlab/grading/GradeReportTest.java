package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradeReportTest {

    private final GradeReport report = new GradeReport(1, List.of(
            TestResult.passed("ArithTest.add", "add()", 3),
            TestResult.failed("ArithTest.multiply", "multiply()", 2, "expected: <6>\n but was: <5>"),
            TestResult.passed("ArithTest.power", "power()", 4),
            TestResult.failed("ArithTest.divide", "divide()", 1, "<script>alert('x') & \"y\"</script>")), null);

    @Test
    void scoresAddUp() {
        assertEquals(7, report.score());
        assertEquals(10, report.maxScore());
        assertEquals(2, report.failures().size());
        assertFalse(report.hasCompileError());
    }

    @Test
    void plainTextHasHeadlineAndOneLinePerFailure() {
        assertEquals("""
                Chapter 1: 7 / 10 points
                  FAILED ArithTest.multiply (0 / 2): expected: <6> but was: <5>
                  FAILED ArithTest.divide (0 / 1): <script>alert('x') & "y"</script>""", report.toString());
    }

    @Test
    void htmlEscapesEverything() {
        String html = report.toHtml();
        assertTrue(html.contains("Chapter 1: 7 / 10 points"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>"), html);
        assertEquals(4, html.split("<tr><td", -1).length - 1);
        assertTrue(html.startsWith("<div") && html.endsWith("</div>"), html);
    }

    @Test
    void compileErrorShowsInTextAndHtml() {
        GradeReport broken = new GradeReport(2, List.of(), "Arith.java:3: error: ';' expected <here>");
        assertEquals(0, broken.score());
        assertEquals("""
                Chapter 2: 0 / 0 points (does not compile; the tests could not be listed)
                The code does not compile:
                Arith.java:3: error: ';' expected <here>""", broken.toString());
        assertTrue(broken.toHtml().contains("<pre style=\"white-space:pre-wrap\">Arith.java:3: error: &#39;;&#39; expected &lt;here&gt;</pre>"),
                broken.toHtml());
    }

    @Test
    void resultsAreConsistent() {
        assertThrows(IllegalArgumentException.class, () -> new TestResult("A.b", "b()", 2, 3, true, ""));
        assertThrows(IllegalArgumentException.class, () -> new TestResult("A.b", "b()", 1, 1, false, "no"));
        assertThrows(IllegalArgumentException.class, () -> TestResult.passed("A.b", "b()", 0));
    }
}
