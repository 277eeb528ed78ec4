package quantlab.granularity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import quantlab.granularity.GranularitySweep.Result;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** Chapter 5's tables and charts, drawn from {@link GranularitySweep}'s plain results. */
public final class SweepTables {

    private SweepTables() {
    }

    /** One row per layer at one width, one SQNR (dB) column per method. */
    public static Table perLayer(List<Result> results, int bits) {
        List<Result> chosen = at(results, bits);
        Map<String, Map<String, Double>> byLayer = new LinkedHashMap<>();
        List<String> methods = new ArrayList<>();
        for (Result r : chosen) {
            byLayer.computeIfAbsent(r.layer(), k -> new LinkedHashMap<>()).put(r.method(), r.error().sqnrDb());
            if (!methods.contains(r.method())) {
                methods.add(r.method());
            }
        }
        StringColumn layer = StringColumn.create("layer", byLayer.keySet());
        Table table = Table.create("SQNR (dB) per layer, " + bits + "-bit symmetric", layer);
        for (String m : methods) {
            DoubleColumn col = DoubleColumn.create(m);
            for (Map<String, Double> row : byLayer.values()) {
                Double v = row.get(m);
                if (v == null) {
                    col.appendMissing();
                } else {
                    col.append(v);
                }
            }
            col.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
            table.addColumns(col);
        }
        return table;
    }

    /** One row per (method, width): layers, mean and worst SQNR, mean relative error and fp16 scale overhead. */
    public static Table summary(List<Result> results) {
        checkResults(results);
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : results) {
            groups.computeIfAbsent(r.method() + "\u0000" + r.bits(), k -> new ArrayList<>()).add(r);
        }
        StringColumn method = StringColumn.create("method");
        IntColumn bits = IntColumn.create("bits");
        IntColumn layers = IntColumn.create("layers");
        DoubleColumn mean = DoubleColumn.create("mean SQNR (dB)");
        DoubleColumn worst = DoubleColumn.create("worst SQNR (dB)");
        DoubleColumn rel = DoubleColumn.create("mean relative error %");
        DoubleColumn overhead = DoubleColumn.create("scale bits per weight");
        for (List<Result> g : groups.values()) {
            method.append(g.get(0).method());
            bits.append(g.get(0).bits());
            layers.append(g.size());
            mean.append(g.stream().mapToDouble(r -> r.error().sqnrDb()).average().orElseThrow());
            worst.append(g.stream().mapToDouble(r -> r.error().sqnrDb()).min().orElseThrow());
            rel.append(100 * g.stream().mapToDouble(r -> r.error().relativeError()).average().orElseThrow());
            long scales = g.stream().mapToLong(Result::scales).sum();
            long weights = g.stream().mapToLong(Result::weights).sum();
            overhead.append((double) GranularitySweep.SCALE_BITS * scales / weights);
        }
        mean.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        worst.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        rel.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        overhead.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("Mean over layers by method and bit width", method, bits, layers, mean, worst, rel,
                overhead);
    }

    /** Mean SQNR over layers against bit width, one line per method. */
    public static Figure meanSqnrChart(List<Result> results) {
        Table s = summary(results);
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (int i = 0; i < s.rowCount(); i++) {
            lines.computeIfAbsent(s.stringColumn("method").get(i), k -> new ArrayList<>())
                    .add(new double[] {s.intColumn("bits").getInt(i), s.doubleColumn("mean SQNR (dB)").getDouble(i)});
        }
        List<Trace> traces = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : lines.entrySet()) {
            List<double[]> pts = new ArrayList<>(e.getValue());
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(e.getKey()).build());
        }
        Layout layout = Layout.builder()
                .title("Mean SQNR over all MatMul weights (higher is better)")
                .xAxis(Axis.builder().title("bits per code").build())
                .yAxis(Axis.builder().title("mean SQNR (dB)").build())
                .width(800).height(450).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** SQNR of each layer at one width, one line per method, layers in file order along the x axis. */
    public static Figure perLayerChart(List<Result> results, int bits) {
        Table t = perLayer(results, bits);
        List<String> layers = t.stringColumn("layer").asList();
        double[] x = new double[layers.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        List<Trace> traces = new ArrayList<>();
        for (int c = 1; c < t.columnCount(); c++) {
            DoubleColumn col = t.doubleColumn(c);
            traces.add(ScatterTrace.builder(x, col.asDoubleArray()).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(col.name()).text(layers.toArray(new String[0])).build());
        }
        Layout layout = Layout.builder()
                .title("SQNR per MatMul weight at " + bits + " bits (x: layer index in file order, hover for name)")
                .xAxis(Axis.builder().title("weight matrix (0 = L0 query ... 35 = L5 ffn down)").build())
                .yAxis(Axis.builder().title("SQNR (dB)").build())
                .width(900).height(450).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static List<Result> at(List<Result> results, int bits) {
        checkResults(results);
        List<Result> chosen = results.stream().filter(r -> r.bits() == bits).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("bits must be a width present in results, got " + bits);
        }
        return chosen;
    }

    private static void checkResults(List<Result> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("results must be a non-empty list, got " + results);
        }
    }
}
