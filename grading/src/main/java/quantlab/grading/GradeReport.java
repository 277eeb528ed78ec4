package quantlab.grading;

import java.util.List;
import java.util.Objects;

import quantlab.display.Displayable;
import quantlab.display.HtmlText;

/**
 * The grade of one chapter: one result per graded test method, and the compiler's output when the code did not
 * compile (null otherwise). Prints as plain text and shows in a notebook as an HTML table.
 */
public record GradeReport(int chapter, List<TestResult> results, String compileError) implements Displayable {

    private static final int LINE_MESSAGE = 300;

    public GradeReport {
        results = List.copyOf(Objects.requireNonNull(results, "results"));
    }

    /** Points earned over all tests. */
    public int score() {
        return results.stream().mapToInt(TestResult::pointsEarned).sum();
    }

    /** Points available over all tests. */
    public int maxScore() {
        return results.stream().mapToInt(TestResult::maxPoints).sum();
    }

    /** Whether the code failed to compile (then every test scores 0 and {@link #compileError()} says why). */
    public boolean hasCompileError() {
        return compileError != null;
    }

    /** The tests that did not pass, in order. */
    public List<TestResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** "Chapter 1: 7 / 12 points", the compiler output if any, then one line per test that did not pass. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(headline());
        if (hasCompileError()) {
            text.append("\nThe code does not compile:\n").append(compileError.strip());
        }
        for (TestResult failure : failures()) {
            text.append("\n  FAILED ").append(failure.name())
                    .append(" (0 / ").append(failure.maxPoints()).append("): ")
                    .append(oneLine(failure.message()));
        }
        return text.toString();
    }

    private String headline() {
        String headline = "Chapter " + chapter + ": " + score() + " / " + maxScore() + " points";
        if (hasCompileError() && results.isEmpty()) {
            headline += " (does not compile; the tests could not be listed)";
        }
        return headline;
    }

    private static String oneLine(String message) {
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= LINE_MESSAGE ? line : line.substring(0, LINE_MESSAGE) + " ...";
    }

    /** An HTML table: headline, compiler output (if any), then one row per test with points and message. */
    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"quantlab-grade\">");
        html.append("<p><b>").append(HtmlText.escape(headline())).append("</b></p>");
        if (hasCompileError()) {
            html.append("<p>The code does not compile:</p><pre style=\"white-space:pre-wrap\">")
                    .append(HtmlText.escape(compileError.strip())).append("</pre>");
        }
        if (!results.isEmpty()) {
            html.append("<table><thead><tr><th style=\"text-align:left\">Test</th><th>Points</th>")
                    .append("<th>Result</th><th style=\"text-align:left\">Message</th></tr></thead><tbody>");
            for (TestResult result : results) {
                html.append("<tr><td style=\"text-align:left\">").append(HtmlText.escape(result.displayName()))
                        .append("<br><small style=\"color:#666\">").append(HtmlText.escape(result.name()))
                        .append("</small></td>")
                        .append("<td>").append(result.pointsEarned()).append(" / ").append(result.maxPoints())
                        .append("</td><td style=\"color:").append(result.passed() ? "green\">passed" : "#b00\">failed")
                        .append("</td><td style=\"text-align:left;white-space:pre-wrap\">")
                        .append(HtmlText.escape(result.message())).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</div>");
        return html.toString();
    }
}
