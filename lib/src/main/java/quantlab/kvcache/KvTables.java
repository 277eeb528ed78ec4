package quantlab.kvcache;

import java.util.ArrayList;
import java.util.List;
import quantlab.memory.ByteSize;
import quantlab.memory.WeightFormat;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Chapter 8's tables and charts, built from the plain results of {@link ModelConfig} and {@link KvCacheSize}
 * (computing stays in those classes; this one only lays the figures out).
 */
public final class KvTables {

    private KvTables() {
    }

    /** One row per model: its head counts and KV bytes per token in each format, plus its GQA fraction of MHA. */
    public static Table perToken(List<ModelConfig> models, List<KvFormat> formats) {
        StringColumn name = StringColumn.create("model");
        IntColumn layers = IntColumn.create("layers");
        IntColumn q = IntColumn.create("query heads");
        IntColumn kv = IntColumn.create("KV heads");
        IntColumn dim = IntColumn.create("head dim");
        StringColumn kind = StringColumn.create("attention");
        List<LongColumn> bytes = new ArrayList<>();
        for (KvFormat f : formats) {
            bytes.add(LongColumn.create("B/token " + f.label()));
        }
        for (ModelConfig m : models) {
            name.append(m.name());
            layers.append(m.layers());
            q.append(m.queryHeads());
            kv.append(m.kvHeads());
            dim.append(m.headDim());
            kind.append(m.attentionKind());
            for (int i = 0; i < formats.size(); i++) {
                bytes.get(i).append(m.kvPerToken(formats.get(i)).bytes());
            }
        }
        Table t = Table.create("KV cache bytes per token", name, layers, q, kv, dim, kind);
        for (LongColumn c : bytes) {
            c.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
            t.addColumns(c);
        }
        return t;
    }

    /** Weights in {@code weights} next to the KV cache of {@code requests} x {@code tokens} in {@code kv}, in GB. */
    public static Table bill(List<ModelConfig> models, WeightFormat weights, KvFormat kv, long tokens, long requests) {
        StringColumn name = StringColumn.create("model");
        DoubleColumn w = DoubleColumn.create("weights GB (" + weights.label() + ")");
        DoubleColumn c = DoubleColumn.create("KV GB (" + requests + " x " + tokens + ", " + kv.label() + ")");
        DoubleColumn ratio = DoubleColumn.create("KV / weights");
        for (ModelConfig m : models) {
            ByteSize wb = m.preset().weights(weights);
            ByteSize kb = new KvCacheSize(requests, tokens, m.layers(), m.kvHeads(), m.headDim(), kv).total();
            name.append(m.name());
            w.append(wb.gb());
            c.append(kb.gb());
            ratio.append(kb.bytes() / (double) wb.bytes());
        }
        w.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        ratio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create("The serving bill: weights are fixed, the KV cache grows with traffic", name, w, c, ratio);
    }

    /** Stacked bars of the same bill: weights and KV cache per model, in GB. */
    public static Figure billChart(List<ModelConfig> models, WeightFormat weights, KvFormat kv, long tokens,
                                   long requests) {
        String[] names = models.stream().map(ModelConfig::name).toArray(String[]::new);
        double[] w = models.stream().mapToDouble(m -> m.preset().weights(weights).gb()).toArray();
        double[] c = models.stream().mapToDouble(m -> new KvCacheSize(requests, tokens, m.layers(), m.kvHeads(),
                m.headDim(), kv).total().gb()).toArray();
        Layout layout = Layout.builder()
                .title("Weights (" + weights.label() + ") and KV cache (" + requests + " requests x " + tokens
                        + " tokens, " + kv.label() + "), decimal GB")
                .barMode(Layout.BarMode.STACK)
                .yAxis(Axis.builder().title("GB (10^9 bytes)").build())
                .width(900).height(480).build();
        return new Figure(layout, BarTrace.builder(names, w).name("weights").build(),
                BarTrace.builder(names, c).name("KV cache").build());
    }

    /**
     * KV GiB against a swept quantity (context or requests), one line per fixed value of the other, with the
     * memory the GPU has free for the cache drawn as a dashed line.
     *
     * @param model     the model
     * @param kv        the cache format
     * @param sweepContext true: x is context (tokens) and {@code series} are request counts; false: x is requests and
     *                  {@code series} are context lengths
     * @param xs        the x values
     * @param series    one line per value
     * @param free      memory left for the cache
     */
    public static Figure growth(ModelConfig model, KvFormat kv, boolean sweepContext, long[] xs, long[] series,
                                ByteSize free, String freeLabel) {
        List<Trace> traces = new ArrayList<>();
        double[] x = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = xs[i];
        }
        for (long s : series) {
            double[] y = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                long tokens = sweepContext ? xs[i] : s;
                long requests = sweepContext ? s : xs[i];
                y[i] = new KvCacheSize(requests, tokens, model.layers(), model.kvHeads(), model.headDim(), kv)
                        .total().gib();
            }
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(sweepContext ? s + " requests" : s + " tokens").build());
        }
        double[] level = new double[xs.length];
        java.util.Arrays.fill(level, free.gib());
        traces.add(ScatterTrace.builder(x, level).mode(ScatterTrace.Mode.LINE)
                .line(Line.builder().dash(Line.Dash.DASH).width(2).build()).name(freeLabel).build());
        Layout layout = Layout.builder()
                .title((sweepContext ? "Context is multiplication" : "Concurrency is multiplication") + ": "
                        + model.name() + " KV cache (" + kv.label() + ")")
                .xAxis(Axis.builder().title(sweepContext ? "context (tokens per request)" : "concurrent requests").build())
                .yAxis(Axis.builder().title("KV cache GiB (2^30 bytes)").build())
                .width(900).height(450).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** One row per KV format for one model: bytes per head vector, per token, the scale share, and the saving. */
    public static Table formats(ModelConfig model, List<KvFormat> formats, long tokens) {
        StringColumn name = StringColumn.create("KV format");
        LongColumn head = LongColumn.create("B per head vector");
        LongColumn token = LongColumn.create("B per token");
        DoubleColumn overhead = DoubleColumn.create("scale share %");
        DoubleColumn request = DoubleColumn.create("GiB per " + tokens + "-token request");
        DoubleColumn vsFp16 = DoubleColumn.create("x smaller than fp16");
        long fp16 = model.kvPerToken(KvFormat.FP16).bytes();
        for (KvFormat f : formats) {
            name.append(f.toString());
            head.append(f.bytesPerHeadVector(model.headDim()));
            long t = model.kvPerToken(f).bytes();
            token.append(t);
            overhead.append(100 * f.overheadFraction(model.headDim()));
            request.append(model.kv(tokens, 1, f).total().gib());
            vsFp16.append(fp16 / (double) t);
        }
        token.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        overhead.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        request.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        vsFp16.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create(model.name() + ": the KV cache in each storage format", name, head, token, overhead,
                request, vsFp16);
    }
}
