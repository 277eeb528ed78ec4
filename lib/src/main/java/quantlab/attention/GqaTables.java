package quantlab.attention;

import java.util.List;
import quantlab.kvcache.KvFormat;
import quantlab.kvcache.ModelConfigs;
import quantlab.kvcache.ModelConfig;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** Chapter 9's tables: the KV ratio of real configs, and the measured damage of cold GQA conversion. */
public final class GqaTables {

    private GqaTables() {
    }

    /** The 64-head table for a model: its KV bytes per token as MHA, as it ships, and as MQA. */
    public static Table sharing(ModelConfig model, int... kvHeads) {
        StringColumn kind = StringColumn.create("attention");
        IntColumn heads = IntColumn.create("KV heads");
        StringColumn ratio = StringColumn.create("KV vs MHA");
        LongColumn token = LongColumn.create("B per token (bf16)");
        DoubleColumn request = DoubleColumn.create("GiB per 8K request");
        long mha = model.withKvHeads(model.queryHeads()).kvPerToken(KvFormat.BF16).bytes();
        for (int k : kvHeads) {
            ModelConfig c = model.withKvHeads(k);
            kind.append(c.attentionKind());
            heads.append(k);
            ratio.append(k == model.queryHeads() ? "1" : "1/" + model.queryHeads() / k);
            token.append(c.kvPerToken(KvFormat.BF16).bytes());
            request.append(c.kvPerToken(KvFormat.BF16).bytes() * 8192.0 / (1L << 30));
            if (c.kvPerToken(KvFormat.BF16).bytes() * (long) model.queryHeads() / k != mha) {
                throw new IllegalStateException("KV bytes must scale with KV heads");
            }
        }
        token.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        request.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        return Table.create(model.name() + " (" + model.queryHeads() + " query heads): KV cache by KV heads", kind,
                heads, ratio, token, request);
    }

    /** One row per converted MiniLM: KV heads, KV per token (fp16), share of MHA's, cosine to fp32, paraphrase hits. */
    public static Table damage(List<GqaResult> results) {
        StringColumn name = StringColumn.create("model");
        IntColumn heads = IntColumn.create("KV heads");
        LongColumn token = LongColumn.create("KV B per token (fp16)");
        DoubleColumn share = DoubleColumn.create("KV vs MHA %");
        DoubleColumn mean = DoubleColumn.create("mean cosine to fp32");
        DoubleColumn worst = DoubleColumn.create("worst cosine");
        DoubleColumn hits = DoubleColumn.create("paraphrase hits %");
        ModelConfig minilm = ModelConfigs.MINILM_L6;
        for (GqaResult r : results) {
            int k = r.kvHeads();
            name.append(r.name());
            heads.append(k);
            token.append(minilm.withKvHeads(k).kvPerToken(KvFormat.FP16).bytes());
            share.append(100.0 * k / GqaConversion.HEADS);
            mean.append(r.agreement().meanCosine());
            worst.append(r.agreement().worstCosine());
            hits.append(100 * r.paraphraseHits());
        }
        mean.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        worst.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        share.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        hits.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("all-MiniLM-L6-v2 converted cold: KV saved vs embedding damage", name, heads, token, share,
                mean, worst, hits);
    }

    /** Mean and worst cosine against the KV share kept. */
    public static Figure damageChart(List<GqaResult> results) {
        double[] x = results.stream().mapToDouble(r -> 100.0 * r.kvHeads() / GqaConversion.HEADS).toArray();
        double[] mean = results.stream().mapToDouble(r -> r.agreement().meanCosine()).toArray();
        double[] worst = results.stream().mapToDouble(r -> r.agreement().worstCosine()).toArray();
        Layout layout = Layout.builder().title("Cold mean-pooling: KV memory kept vs cosine to the fp32 embeddings")
                .xAxis(Axis.builder().title("KV cache kept, % of MHA").build())
                .yAxis(Axis.builder().title("cosine to fp32").build()).width(850).height(430).build();
        return new Figure(layout,
                ScatterTrace.builder(x, mean).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("mean cosine").build(),
                ScatterTrace.builder(x, worst).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("worst cosine").build());
    }
}
