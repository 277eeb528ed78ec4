package quantlab.granularity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import quantlab.model.FloatTensor;
import quantlab.model.OnnxModel;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantError;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;
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

/**
 * Quantizes every MatMul weight of a model per tensor, per output channel and per group at several bit widths,
 * and turns the errors into chapter 5's tables and charts. All recipes are symmetric.
 */
public final class GranularitySweep {

    /** The group sizes compared, largest first. */
    public static final List<Integer> GROUP_SIZES = List.of(128, 64, 32);

    /** Bytes are not counted here, only scales: each is assumed stored as fp16. */
    public static final int SCALE_BITS = 16;

    private GranularitySweep() {
    }

    /**
     * One weight matrix laid out [out, in]: each row is one output channel and groups run along the input axis.
     *
     * @param layer  short name such as "L0 query"
     * @param out    output features (rows)
     * @param in     input features (columns)
     * @param values row-major [out, in]
     */
    public record LayerWeight(String layer, int out, int in, float[] values) {

        public LayerWeight {
            if (layer == null || layer.isBlank()) {
                throw new IllegalArgumentException("layer must be a non-blank name, got '" + layer + "'");
            }
            if (out < 1 || in < 1) {
                throw new IllegalArgumentException("out and in must be at least 1, got out " + out + ", in " + in);
            }
            if (values == null || values.length != (long) out * in) {
                throw new IllegalArgumentException("values must hold out x in = " + (long) out * in
                        + " numbers, got " + (values == null ? "null" : values.length));
            }
        }

        /** From ONNX's MatMul layout [in, out] (x · W), transposed to [out, in]. */
        public static LayerWeight fromInByOut(String layer, float[] inByOut, int in, int out) {
            if (inByOut == null || inByOut.length != (long) in * out) {
                throw new IllegalArgumentException("inByOut must hold in x out = " + (long) in * out
                        + " numbers, got " + (inByOut == null ? "null" : inByOut.length));
            }
            return new LayerWeight(layer, out, in, transpose(inByOut, in, out));
        }
    }

    /** One quantization of one layer: which layer, recipe and width, how many scales, and the error. */
    public record Result(String layer, String method, int bits, int scales, int weights, QuantError error) {

        /** Scale storage spread over the weights, in bits per weight (fp16 scales). */
        public double scaleBitsPerWeight() {
            return (double) SCALE_BITS * scales / weights;
        }
    }

    /** The 2-D float MatMul weights of an ONNX model in file order, each turned to [out, in] and short-named. */
    public static List<LayerWeight> matMulWeights(OnnxModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        List<LayerWeight> list = new ArrayList<>();
        for (Map.Entry<String, String> e : model.matMulWeights().entrySet()) {
            FloatTensor t = model.floatTensor(e.getKey());
            list.add(LayerWeight.fromInByOut(shortName(e.getValue()), t.data(), t.rows(), t.cols()));
        }
        return list;
    }

    /** "/encoder/layer.3/attention/self/query/MatMul" becomes "L3 query"; other names lose only "/MatMul". */
    public static String shortName(String node) {
        if (node == null) {
            throw new IllegalArgumentException("node must not be null");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("/encoder/layer\\.(\\d+)/(.*)/MatMul").matcher(node);
        if (!m.matches()) {
            return node.endsWith("/MatMul") ? node.substring(0, node.length() - "/MatMul".length()) : node;
        }
        String part = switch (m.group(2)) {
            case "attention/self/query" -> "query";
            case "attention/self/key" -> "key";
            case "attention/self/value" -> "value";
            case "attention/output/dense" -> "attn out";
            case "intermediate/dense" -> "ffn up";
            case "output/dense" -> "ffn down";
            default -> m.group(2).replace('/', '.');
        };
        return "L" + m.group(1) + " " + part;
    }

    /** Row-major [rows, cols] to row-major [cols, rows]. */
    public static float[] transpose(float[] values, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be at least 1, got rows " + rows + ", cols " + cols);
        }
        if (values == null || values.length != (long) rows * cols) {
            throw new IllegalArgumentException("values must hold rows x cols = " + (long) rows * cols
                    + " numbers, got " + (values == null ? "null" : values.length));
        }
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return t;
    }

    /** The five recipes at one width: per tensor, per channel (a row of [out, in]), per group of 128, 64, 32. */
    public static List<Quantizer> recipes(int bits) {
        if (bits < Quantizer.MIN_BITS || bits > Quantizer.MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + Quantizer.MIN_BITS + ", " + Quantizer.MAX_BITS
                    + "], got " + bits);
        }
        List<Quantizer> list = new ArrayList<>();
        list.add(Quantizer.symmetric(bits));
        list.add(Quantizer.symmetric(bits).with(Granularity.perRow()));
        for (int g : GROUP_SIZES) {
            list.add(Quantizer.symmetric(bits).with(Granularity.perGroup(g)));
        }
        return list;
    }

    /** "per tensor", "per channel", "group 128". */
    public static String method(Granularity g) {
        return switch (g.kind()) {
            case PER_TENSOR -> "per tensor";
            case PER_CHANNEL -> "per channel";
            case PER_GROUP -> "group " + g.groupSize();
        };
    }

    /** Every layer at every width with every recipe of {@link #recipes(int)}. */
    public static List<Result> run(List<LayerWeight> weights, int... bits) {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("weights must be a non-empty list, got " + weights);
        }
        if (bits == null || bits.length == 0) {
            throw new IllegalArgumentException("bits must name at least one width, got none");
        }
        List<Result> results = new ArrayList<>();
        for (int b : bits) {
            List<Quantizer> recipes = recipes(b);
            for (LayerWeight w : weights) {
                for (Quantizer q : recipes) {
                    if (q.granularity().kind() == Granularity.Kind.PER_GROUP && w.in() % q.granularity().groupSize() != 0) {
                        continue; // a group that does not tile the input axis is skipped, not padded
                    }
                    QuantizedTensor t = q.quantize(w.values(), w.out(), w.in());
                    results.add(new Result(w.layer(), method(q.granularity()), b, t.scales().length,
                            w.values().length, QuantError.of(w.values(), t)));
                }
            }
        }
        return results;
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
            overhead.append((double) SCALE_BITS * scales / weights);
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
