package quantlab.display;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Renders a tablesaw {@link Table} as a plain HTML table (tablesaw-core itself only prints text). */
public final class TableHtml {

    /** Tables longer than this are cut, with a note saying how many rows were left out. */
    public static final int MAX_ROWS = 200;

    private TableHtml() {
    }

    /** Scoped to our tables; repeated with each table so a fragment looks the same in a live notebook and the site. */
    static final String STYLE = "<style>table.quantlab-table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}"
            + "table.quantlab-table caption{font-weight:bold;text-align:left;padding:0.3em 0}"
            + "table.quantlab-table th,table.quantlab-table td{border:1px solid #ccc;padding:0.2em 0.6em;text-align:left}"
            + "table.quantlab-table th{background:#f2f2f2}</style>";

    public static String of(Table table) {
        StringBuilder html = new StringBuilder(STYLE).append("<table class=\"quantlab-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(HtmlText.escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(HtmlText.escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int shown = Math.min(table.rowCount(), MAX_ROWS);
        for (int row = 0; row < shown; row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                boolean numeric = column.type().name().matches("INTEGER|LONG|SHORT|DOUBLE|FLOAT");
                html.append(numeric ? "<td style=\"text-align:right\">" : "<td>")
                        .append(HtmlText.escape(column.getString(row)))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (table.rowCount() > shown) {
            html.append("<p><em>").append(table.rowCount() - shown).append(" more rows not shown.</em></p>");
        }
        return html.toString();
    }
}
