package quantlab.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
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
 * How far a format reaches: its smallest positive value, its smallest normal value (where full precision starts)
 * and its largest value. An integer grid has no subnormals, and its scale only slides the range along the axis;
 * its width, max / min = maxCode, stays the same.
 *
 * @param label            the format's name
 * @param smallestPositive the smallest value above zero (a subnormal for float formats)
 * @param smallestNormal   the smallest value with the full number of significant bits
 * @param largest          the largest finite value
 */
public record DynamicRange(String label, double smallestPositive, double smallestNormal, double largest) {

    /** The range of one float format or integer grid. */
    public static DynamicRange of(NumberSet set) {
        double normal = set instanceof FloatFormat f ? f.minNormal() : set.smallestPositive();
        return new DynamicRange(set.label(), set.smallestPositive(), normal, set.largest());
    }

    /** Orders of magnitude from the smallest positive value to the largest: log10(largest / smallestPositive). */
    public double decades() {
        return Math.log10(largest / smallestPositive);
    }

    /** One row per set: the three limits and the width in decades. */
    public static Table table(List<? extends NumberSet> sets) {
        FormatTables.checkNotEmpty("sets", sets);
        StringColumn names = StringColumn.create("format");
        DoubleColumn tiny = DoubleColumn.create("smallest positive");
        DoubleColumn normal = DoubleColumn.create("smallest normal");
        DoubleColumn large = DoubleColumn.create("largest");
        DoubleColumn decades = DoubleColumn.create("decades");
        for (NumberSet set : sets) {
            DynamicRange range = of(set);
            names.append(range.label());
            tiny.append(range.smallestPositive());
            normal.append(range.smallestNormal());
            large.append(range.largest());
            decades.append(range.decades());
        }
        for (DoubleColumn column : List.of(tiny, normal, large)) {
            column.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.####E0")));
        }
        decades.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("Dynamic range", names, tiny, normal, large, decades);
    }

    /** A log-scale chart: one bar per set from its smallest positive value to its largest, normal start marked. */
    public static Figure chart(List<? extends NumberSet> sets) {
        FormatTables.checkNotEmpty("sets", sets);
        List<Trace> traces = new ArrayList<>();
        // Reversed so that the first set is the top row.
        for (NumberSet set : sets.reversed()) {
            DynamicRange range = of(set);
            String row = String.format(Locale.ROOT, "%s (%.1f decades)", range.label(), range.decades());
            traces.add(ScatterTrace.builder(
                            DoubleColumn.create("x", range.smallestPositive(), range.smallestNormal(), range.largest()),
                            StringColumn.create("y", row, row, row))
                    .mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .line(Line.builder().width(8).build())
                    .marker(Marker.builder().size(11).build())
                    .text(new String[] {
                        "smallest positive " + number(range.smallestPositive()),
                        "smallest normal " + number(range.smallestNormal()),
                        "largest " + number(range.largest())})
                    .name(row)
                    .build());
        }
        Layout layout = Layout.builder()
                .title("Dynamic range, log scale: smallest positive, smallest normal, largest")
                .xAxis(Axis.builder().title("magnitude (log scale)").type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().type(Axis.Type.CATEGORY).build())
                .showLegend(false)
                .margin(Margin.builder().left(230).right(30).build())
                .width(950)
                .height(140 + 45 * sets.size())
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
