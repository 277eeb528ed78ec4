package quantlab.memory;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import quantlab.display.Displayable;
import quantlab.display.HtmlText;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The answer to "does it fit?": every term of a budget, the total, the GPU's capacity and the headroom that is
 * left (negative when it does not fit). Prints as a plain-text table and shows as an HTML table in a notebook.
 *
 * @param budget the memory asked for
 * @param gpu    the card it has to fit on
 */
public record FitReport(MemoryBudget budget, Gpu gpu) implements Displayable {

    public FitReport {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(gpu, "gpu");
    }

    /** The budget's terms, in order. */
    public List<MemoryTerm> terms() {
        return budget.terms();
    }

    /** All terms together. */
    public ByteSize total() {
        return budget.total();
    }

    /** The GPU's memory. */
    public ByteSize capacity() {
        return gpu.capacity();
    }

    /** Capacity less total; negative when the budget does not fit. */
    public ByteSize headroom() {
        return capacity().minus(total());
    }

    /** True when the total is at most the capacity. */
    public boolean fits() {
        return !headroom().isNegative();
    }

    /** The same figures as a table: one row per term, then total, capacity, headroom; GB and GiB columns. */
    public Table toTable() {
        StringColumn names = StringColumn.create("term");
        DoubleColumn gb = DoubleColumn.create("GB (10^9 B)");
        DoubleColumn gib = DoubleColumn.create("GiB (2^30 B)");
        for (MemoryTerm term : terms()) {
            row(names, gb, gib, term.name(), term.size());
        }
        row(names, gb, gib, "total", total());
        row(names, gb, gib, "capacity: " + gpu.name(), capacity());
        row(names, gb, gib, fits() ? "headroom" : "headroom (short)", headroom());
        gb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        gib.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create(caption(), names, gb, gib);
    }

    private static void row(StringColumn names, DoubleColumn gb, DoubleColumn gib, String name, ByteSize size) {
        names.append(name);
        gb.append(size.gb());
        gib.append(size.gib());
    }

    private String caption() {
        return budget.title() + " on " + gpu.name();
    }

    private String verdict() {
        return fits()
                ? String.format(Locale.ROOT, "FITS, %.2f GB left", headroom().gb())
                : String.format(Locale.ROOT, "DOES NOT FIT, short by %.2f GB", -headroom().gb());
    }

    /** A plain-text table with GB and GiB columns and a one-line verdict. */
    @Override
    public String toString() {
        int width = "headroom".length();
        for (MemoryTerm term : terms()) {
            width = Math.max(width, term.name().length());
        }
        String line = "%-" + width + "s  %10s  %10s%n";
        StringBuilder out = new StringBuilder();
        out.append(caption()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, line, "term", "GB", "GiB"));
        for (MemoryTerm term : terms()) {
            out.append(textRow(line, term.name(), term.size()));
        }
        out.append("-".repeat(width + 24)).append(System.lineSeparator());
        out.append(textRow(line, "total", total()));
        out.append(textRow(line, "capacity", capacity()));
        out.append(textRow(line, "headroom", headroom()));
        return out.append(verdict()).toString();
    }

    private static String textRow(String line, String name, ByteSize size) {
        return String.format(Locale.ROOT, line, name,
                String.format(Locale.ROOT, "%.2f", size.gb()), String.format(Locale.ROOT, "%.2f", size.gib()));
    }

    /** An HTML table of the same figures, with the verdict coloured green or red. */
    @Override
    public String toHtml() {
        String cell = "<td style=\"padding:2px 10px;text-align:%s\">%s</td>";
        StringBuilder html = new StringBuilder();
        html.append("<table style=\"border-collapse:collapse;font-family:monospace\">");
        html.append("<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px\">")
                .append(HtmlText.escape(caption())).append("</caption>");
        html.append("<thead><tr style=\"border-bottom:1px solid #888\">")
                .append("<th style=\"padding:2px 10px;text-align:left\">term</th>")
                .append("<th style=\"padding:2px 10px;text-align:right\">GB (10<sup>9</sup> B)</th>")
                .append("<th style=\"padding:2px 10px;text-align:right\">GiB (2<sup>30</sup> B)</th>")
                .append("</tr></thead><tbody>");
        for (MemoryTerm term : terms()) {
            html.append(htmlRow(cell, "", term.name(), term.size()));
        }
        html.append(htmlRow(cell, "border-top:1px solid #888;font-weight:bold", "total", total()));
        html.append(htmlRow(cell, "", "capacity (" + gpu.name() + ")", capacity()));
        String colour = fits() ? "#1a7f37" : "#cf222e";
        html.append(htmlRow(cell, "font-weight:bold;color:" + colour, "headroom", headroom()));
        html.append("</tbody></table>");
        html.append("<p style=\"font-weight:bold;color:").append(colour).append("\">")
                .append(HtmlText.escape(verdict())).append("</p>");
        return html.toString();
    }

    private static String htmlRow(String cell, String style, String name, ByteSize size) {
        return "<tr style=\"" + style + "\">"
                + String.format(Locale.ROOT, cell, "left", HtmlText.escape(name))
                + String.format(Locale.ROOT, cell, "right", String.format(Locale.ROOT, "%.2f", size.gb()))
                + String.format(Locale.ROOT, cell, "right", String.format(Locale.ROOT, "%.2f", size.gib()))
                + "</tr>";
    }
}
