package quantlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class HtmlTest {

    @Test
    void escapesEveryCharacterThatCouldBreakThePage() {
        assertEquals("a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;", HtmlText.escape("a < b && c > \"d\" 'e'"));
        assertEquals("", HtmlText.escape(null));
    }

    @Test
    void tableBecomesAnHtmlTableWithEscapedCellsAndOneRowPerRow() {
        Table table = Table.create("formats <demo>",
                StringColumn.create("format", "fp16", "<int4>"),
                DoubleColumn.create("bytes", 2.0, 0.5));
        String html = TableHtml.of(table);
        assertTrue(html.contains("<caption>formats &lt;demo&gt;</caption>"), html);
        assertTrue(html.contains("<th>format</th><th>bytes</th>"), html);
        assertTrue(html.contains("&lt;int4&gt;"), html);
        assertFalse(html.contains("<int4>"), html);
        assertEquals(2, count(html, "<tr><td"), html);
    }

    @Test
    void longTablesAreCutWithANote() {
        double[] values = new double[TableHtml.MAX_ROWS + 5];
        String html = TableHtml.of(Table.create("long", DoubleColumn.create("x", values)));
        assertEquals(TableHtml.MAX_ROWS, count(html, "<tr><td"));
        assertTrue(html.contains("5 more rows not shown"), html);
    }

    @Test
    void figureScriptKeepsItsVariablesToItselfAndNeverUsesTheNetwork() {
        Figure figure = new Figure(Layout.builder().title("t").build(),
                ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).build());
        String first = FigureHtml.of(figure);
        String second = FigureHtml.of(figure);

        Matcher div = Pattern.compile("<div id=\"([^\"]+)\"").matcher(first);
        assertTrue(div.find(), first);
        String id = div.group(1);
        assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_]*"),
                "tablesaw declares 'var target_" + id + "', so the id must be a valid JavaScript identifier");
        assertTrue(first.contains("Plotly.newPlot(target_" + id), "the plot targets its own div: " + first);
        assertNotEquals(id, idOf(second), "two figures on one page need two div ids");
        // tablesaw's page-global 'var layout'/'var data' must sit inside our function, after 'function (Plotly)'.
        assertTrue(first.indexOf("function (Plotly)") < first.indexOf("var layout"), first);
        assertEquals(1, count(first, "<script>"));
        assertFalse(first.contains("http://") || first.contains("https://"), "no CDN: " + first);
    }

    @Test
    void anythingElseIsEscapedText() {
        assertEquals("<pre>1 &lt; 2</pre>", Html.of("1 < 2"));
        assertEquals("<b>mine</b>", Html.of((Displayable) () -> "<b>mine</b>"));
    }

    private static String idOf(String html) {
        Matcher div = Pattern.compile("<div id=\"([^\"]+)\"").matcher(html);
        assertTrue(div.find(), html);
        return div.group(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
