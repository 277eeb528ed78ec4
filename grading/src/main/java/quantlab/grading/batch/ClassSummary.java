package quantlab.grading.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import quantlab.display.Displayable;
import quantlab.display.HtmlText;

/**
 * The whole class at a glance, read back from a gradebook: per chapter the number of students, mean, median,
 * lowest and highest score, a histogram of scores, and per test how many students earned its points. Prints as
 * a text table; shows in a notebook (and in {@code summary.html}) with SVG histograms.
 */
public final class ClassSummary implements Displayable {

    private static final Pattern COLUMN = Pattern.compile("ch(\\d{2}) (hidden )?(.+) \\((\\d+)\\)");

    /** One test column: its name, whether hidden, its points, and how many of the chapter's rows earned them. */
    public record TestStats(String name, boolean hidden, int points, int passed, int students) {
    }

    /** One chapter: its maximum, each student's score in gradebook order, and its tests. */
    public record ChapterStats(int chapter, int maximum, List<Integer> scores, List<TestStats> tests) {

        public ChapterStats {
            scores = List.copyOf(scores);
            tests = List.copyOf(tests);
        }

        /** The mean score. */
        public double mean() {
            return scores.stream().mapToInt(Integer::intValue).average().orElse(0);
        }

        /** The median score (the mean of the middle two for an even count). */
        public double median() {
            List<Integer> sorted = scores.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return 0;
            }
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        }

        /** Students per score bin: at most about 10 bins, one point wide for a maximum of 10 or less. */
        public int[] histogram() {
            int[] bins = new int[binCount()];
            for (int score : scores) {
                bins[Math.min(bins.length - 1, Math.max(0, score) / binWidth())]++;
            }
            return bins;
        }

        /** Points per histogram bin. */
        public int binWidth() {
            return maximum <= 10 ? 1 : (int) Math.ceil((maximum + 1) / 10.0);
        }

        private int binCount() {
            return Math.max(0, maximum) / binWidth() + 1;
        }
    }

    private final List<ChapterStats> chapters;

    private ClassSummary(List<ChapterStats> chapters) {
        this.chapters = List.copyOf(chapters);
    }

    /** The chapters, in ascending order. */
    public List<ChapterStats> chapters() {
        return chapters;
    }

    /** The summary of a gradebook file written by the class grader ({@code build/grading/gradebook.csv}). */
    public static ClassSummary of(Path gradebook) {
        try {
            return fromCsv(Files.readString(gradebook));
        } catch (IOException e) {
            throw new IllegalArgumentException("gradebook " + gradebook + " cannot be read: " + e.getMessage()
                    + " (grade the class first: bin/grade-class --submissions DIR --chapters N)", e);
        }
    }

    /** The summary of gradebook CSV text. */
    public static ClassSummary fromCsv(String csv) {
        List<List<String>> rows = Csv.parse(csv);
        if (rows.isEmpty() || !rows.get(0).subList(0, Math.min(rows.get(0).size(), Gradebook.FIXED.size()))
                .equals(Gradebook.FIXED)) {
            throw new IllegalArgumentException("not a class gradebook: its header does not start with "
                    + String.join(",", Gradebook.FIXED));
        }
        List<String> header = rows.get(0);
        Map<Integer, List<Integer>> scores = new TreeMap<>();
        Map<Integer, Integer> maxima = new TreeMap<>();
        Map<Integer, int[]> passed = new TreeMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            int chapter = Integer.parseInt(row.get(1));
            scores.computeIfAbsent(chapter, c -> new ArrayList<>()).add(Integer.parseInt(row.get(2)));
            maxima.merge(chapter, Integer.parseInt(row.get(3)), Math::max);
            int[] counts = passed.computeIfAbsent(chapter, c -> new int[header.size()]);
            for (int i = Gradebook.FIXED.size(); i < header.size() && i < row.size(); i++) {
                Matcher m = COLUMN.matcher(header.get(i));
                if (m.matches() && !row.get(i).isEmpty() && Integer.parseInt(row.get(i)) == Integer.parseInt(m.group(4))) {
                    counts[i]++;
                }
            }
        }
        List<ChapterStats> chapters = new ArrayList<>();
        for (var entry : scores.entrySet()) {
            int chapter = entry.getKey();
            List<TestStats> tests = new ArrayList<>();
            for (int i = Gradebook.FIXED.size(); i < header.size(); i++) {
                Matcher m = COLUMN.matcher(header.get(i));
                if (m.matches() && Integer.parseInt(m.group(1)) == chapter) {
                    tests.add(new TestStats(m.group(3), m.group(2) != null, Integer.parseInt(m.group(4)),
                            passed.get(chapter)[i], entry.getValue().size()));
                }
            }
            chapters.add(new ChapterStats(chapter, maxima.get(chapter), entry.getValue(), tests));
        }
        return new ClassSummary(chapters);
    }

    /** A plain-text table per chapter: the statistics, a histogram drawn with #, and the tests' pass counts. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (ChapterStats c : chapters) {
            text.append(String.format(Locale.ROOT, "Chapter %d: %d students, maximum %d points%n"
                            + "  mean %.1f   median %.1f   lowest %d   highest %d%n", c.chapter(), c.scores().size(),
                    c.maximum(), c.mean(), c.median(), min(c), max(c)));
            text.append("  points    students\n");
            int[] bins = c.histogram();
            for (int b = 0; b < bins.length; b++) {
                text.append(String.format(Locale.ROOT, "  %-8s %3d %s%n", label(c, b), bins[b], "#".repeat(bins[b])));
            }
            int width = c.tests().stream().mapToInt(t -> t.name().length() + (t.hidden() ? 7 : 0)).max().orElse(4);
            text.append(String.format(Locale.ROOT, "  %-" + width + "s  points  earned by%n", "test"));
            for (TestStats t : c.tests()) {
                text.append(String.format(Locale.ROOT, "  %-" + width + "s  %6d  %d of %d (%.0f%%)%n",
                        (t.hidden() ? "hidden " : "") + t.name(), t.points(), t.passed(), t.students(),
                        t.students() == 0 ? 0.0 : 100.0 * t.passed() / t.students()));
            }
        }
        return text.toString().stripTrailing();
    }

    /** An HTML fragment: per chapter the statistics, an SVG histogram of scores, and the tests' pass counts. */
    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder("<div class=\"quantlab-class-summary\">");
        for (ChapterStats c : chapters) {
            html.append(String.format(Locale.ROOT, "<h3>Chapter %d</h3><p>%d students, maximum %d points: mean %.1f,"
                            + " median %.1f, lowest %d, highest %d.</p>", c.chapter(), c.scores().size(), c.maximum(),
                    c.mean(), c.median(), min(c), max(c)));
            html.append(histogramSvg(c));
            html.append("<table><thead><tr><th style=\"text-align:left\">Test</th><th>Points</th>"
                    + "<th>Earned by</th></tr></thead><tbody>");
            for (TestStats t : c.tests()) {
                html.append("<tr><td style=\"text-align:left\">").append(t.hidden() ? "<i>hidden</i> " : "")
                        .append(HtmlText.escape(t.name())).append("</td><td>").append(t.points()).append("</td><td>")
                        .append(t.passed()).append(" of ").append(t.students()).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        return html.append("</div>").toString();
    }

    /** A whole HTML page around {@link #toHtml()}. */
    public String toHtmlPage() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Class summary</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}</style></head>\n"
                + "<body><h1>Class summary</h1>\n" + toHtml() + "\n</body></html>\n";
    }

    private static String histogramSvg(ChapterStats c) {
        int[] bins = c.histogram();
        int tallest = 1;
        for (int n : bins) {
            tallest = Math.max(tallest, n);
        }
        int barWidth = Math.max(8, 600 / bins.length);
        int height = 160;
        int width = barWidth * bins.length + 40;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"histogram of chapter %d scores\">",
                width, height + 40, c.chapter()));
        for (int b = 0; b < bins.length; b++) {
            int h = bins[b] * height / tallest;
            int x = 20 + b * barWidth;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#4a7ab5\">"
                    + "<title>%s points: %d students</title></rect>", x, 10 + height - h, barWidth - 2, h,
                    label(c, b), bins[b]));
            if (bins.length <= 30 || b % 2 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
                        + "%d</text>", x + barWidth / 2, height + 24, b * c.binWidth()));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">points"
                + " (bars: students)</text></svg>", width / 2, height + 38));
        return svg.toString();
    }

    private static String label(ChapterStats c, int bin) {
        int from = bin * c.binWidth();
        int to = Math.min(c.maximum(), from + c.binWidth() - 1);
        return from == to ? String.valueOf(from) : from + "-" + to;
    }

    private static int min(ChapterStats c) {
        return c.scores().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    private static int max(ChapterStats c) {
        return c.scores().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
