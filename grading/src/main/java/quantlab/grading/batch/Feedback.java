package quantlab.grading.batch;

import java.util.List;

import quantlab.grading.TestResult;

/**
 * A student's feedback as Markdown: per chapter the score, notes on the submission, the compiler's output in
 * full, and each visible test with its points and failure message. Hidden tests appear only as a count and a
 * score; their names, messages and output never reach this file. Text from the student's code is escaped, so
 * it renders as text, not as HTML.
 */
public final class Feedback {

    private Feedback() {
    }

    /** The Markdown feedback for one student's grades (chapters in ascending order). */
    public static String markdown(String student, List<ChapterGrade> grades) {
        StringBuilder md = new StringBuilder("# Grading feedback: ").append(inline(student)).append("\n");
        for (ChapterGrade grade : grades.stream().sorted((a, b) -> Integer.compare(a.chapter(), b.chapter())).toList()) {
            md.append("\n## Chapter ").append(grade.chapter()).append(": ").append(grade.points()).append(" / ")
                    .append(grade.maximum()).append(" points\n\n");
            switch (grade.status()) {
                case COMPILE_ERROR -> md.append("**The code does not compile**, so no test could run. The compiler"
                        + " said:\n\n").append(fenced(grade.problem())).append("\n");
                case NO_SOURCES, INVALID -> md.append("**Nothing was graded:** ").append(inline(grade.problem()))
                        .append("\n\n");
                case ERROR -> md.append("**The grader failed on this submission** (not your code's fault); your"
                        + " instructor will re-grade it.\n\n");
                case GRADED -> {
                    if (!grade.problem().isEmpty()) {
                        md.append("**The tests could not run:** ").append(inline(grade.problem())).append("\n\n");
                    }
                }
            }
            if (!grade.notes().isEmpty()) {
                md.append("Notes on your submission:\n\n");
                grade.notes().forEach(note -> md.append("- ").append(inline(note)).append('\n'));
                md.append('\n');
            }
            md.append("| Test | Points | Result | Message |\n|---|---|---|---|\n");
            for (TestResult test : grade.visible()) {
                md.append("| ").append(inline(test.displayName())).append("<br>`").append(test.name()).append("` | ")
                        .append(test.pointsEarned()).append(" / ").append(test.maxPoints()).append(" | ")
                        .append(test.passed() ? "passed" : "**failed**").append(" | ")
                        .append(inline(test.message())).append(" |\n");
            }
            if (!grade.hidden().isEmpty()) {
                int count = grade.hidden().size();
                md.append("\n**Hidden tests:** ").append(count).append(count == 1 ? " test, " : " tests, ")
                        .append(grade.hiddenPoints()).append(" / ").append(grade.hiddenMaximum())
                        .append(" points. Hidden tests are not listed one by one.\n");
            }
        }
        return md.toString();
    }

    /** Text for one Markdown line or table cell: HTML and table syntax escaped, line breaks as {@code <br>}. */
    static String inline(String text) {
        return text.strip()
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("|", "&#124;").replace("`", "&#96;").replace("[", "&#91;")
                .replaceAll("\\R", "<br>");
    }

    /** A fenced code block longer than any run of backticks in the text. */
    static String fenced(String text) {
        int longest = 0;
        int run = 0;
        for (char c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "\n" + text.strip() + "\n" + fence + "\n";
    }
}
