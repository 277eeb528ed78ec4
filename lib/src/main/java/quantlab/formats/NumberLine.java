package quantlab.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Local precision as a picture: every representable value of each format inside a window such as [0.5, 1.5],
 * one row of dots per format. Dense formats become a solid bar, sparse ones a few dots with wide gaps.
 */
public final class NumberLine {

    /** Formats with more points than this in the window are drawn as a solid line instead of dots. */
    public static final int MAX_DOTS = 4000;

    private NumberLine() {
    }

    /** One row of dots per set, the window [lo, hi] on the x axis. */
    public static Figure figure(double lo, double hi, List<? extends NumberSet> sets) {
        Checks.range(lo, hi);
        FormatTables.checkNotEmpty("sets", sets);
        List<Trace> traces = new ArrayList<>();
        // Plotly stacks categories bottom-up in the order it meets them; reversed, the first set is on top.
        for (NumberSet set : sets.reversed()) {
            long count = set.countBetween(lo, hi);
            String row = String.format(Locale.ROOT, "%s (%,d)", set.label(), count);
            if (count > MAX_DOTS) {
                traces.add(ScatterTrace.builder(DoubleColumn.create("x", lo, hi), StringColumn.create("y", row, row))
                        .mode(ScatterTrace.Mode.LINE)
                        .line(Line.builder().width(6).build())
                        .name(set.label() + ": too dense to draw as dots")
                        .build());
                continue;
            }
            float[] values = set.valuesBetween(lo, hi);
            double[] x = new double[values.length];
            String[] y = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                x[i] = values[i];
                y[i] = row;
            }
            traces.add(ScatterTrace.builder(DoubleColumn.create("x", x), StringColumn.create("y", y))
                    .mode(ScatterTrace.Mode.MARKERS)
                    .marker(Marker.builder().size(count > 200 ? 3 : 8).build())
                    .name(set.label())
                    .build());
        }
        Layout layout = Layout.builder()
                .title(String.format(Locale.ROOT, "Representable values in [%s, %s] (count in brackets)",
                        plain(lo), plain(hi)))
                .xAxis(Axis.builder().title("value").range(lo, hi).build())
                .yAxis(Axis.builder().type(Axis.Type.CATEGORY).build())
                .showLegend(false)
                .margin(Margin.builder().left(190).right(30).build())
                .width(950)
                .height(120 + 45 * sets.size())
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** The same window as numbers: how many values each set has in it and the gaps at both ends. */
    public static Table table(double lo, double hi, List<? extends NumberSet> sets) {
        Checks.range(lo, hi);
        FormatTables.checkNotEmpty("sets", sets);
        StringColumn names = StringColumn.create("format");
        LongColumn counts = LongColumn.create("values in window");
        DoubleColumn gapLo = DoubleColumn.create("gap at " + plain(lo));
        DoubleColumn gapHi = DoubleColumn.create("gap at " + plain(hi));
        for (NumberSet set : sets) {
            names.append(set.label());
            counts.append(set.countBetween(lo, hi));
            gapLo.append(set.ulp((float) lo));
            gapHi.append(set.ulp((float) hi));
        }
        counts.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        gapLo.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.###E0")));
        gapHi.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.###E0")));
        return Table.create("Values between " + plain(lo) + " and " + plain(hi), names, counts, gapLo, gapHi);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
