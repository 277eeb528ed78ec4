package quantlab.display;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/** Chooses the HTML for anything a notebook may show: our own results, tablesaw tables and figures, else text. */
public final class Html {

    private Html() {
    }

    public static String of(Object value) {
        if (value instanceof Displayable displayable) {
            return displayable.toHtml();
        }
        if (value instanceof Table table) {
            return TableHtml.of(table);
        }
        if (value instanceof Figure figure) {
            return FigureHtml.of(figure);
        }
        return "<pre>" + HtmlText.escape(String.valueOf(value)) + "</pre>";
    }

    /** The plain-text form kernels keep beside the HTML (and show where HTML cannot be drawn). */
    public static String text(Object value) {
        if (value instanceof Figure) {
            return "[plotly figure]";
        }
        if (value instanceof Table table) {
            return table.printAll();
        }
        return String.valueOf(value);
    }
}
