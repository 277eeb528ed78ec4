package quantlab.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import quantlab.model.Embedder;
import quantlab.model.FloatTensor;
import quantlab.model.OnnxModel;
import quantlab.quantization.Quantizer;
import quantlab.quantization.WeightMatrix;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Where a recipe's damage comes from: the MatMul weights of one transformer layer at a time are replaced by their
 * quantize-dequantize round trip (float32 values on the recipe's grid, the numbers a quantized kernel multiplies
 * by), the rest stay fp32, and the embeddings are compared with the fp32 model's. When the per-layer losses
 * (1 - mean cosine) add up to the all-layers loss, no single layer is to blame: the error accumulates.
 */
public final class LayerSensitivity {

    /** One measurement: which weights were quantized and how close the embeddings stayed. */
    public record Row(String part, int matrices, double meanCosine) {

        /** 1 - mean cosine: how far the embeddings moved. */
        public double loss() {
            return 1 - meanCosine;
        }
    }

    private LayerSensitivity() {
    }

    /**
     * One row per encoder layer, then one with every layer quantized.
     *
     * @param fp32      the model (its MatMul weights are [in, out]; the quantizer sees them as [out, in])
     * @param quantizer the recipe, for weights in the [out, in] layout
     * @param sentences the sentences to embed
     */
    public static List<Row> perLayer(OnnxModel fp32, Quantizer quantizer, List<String> sentences) {
        if (fp32 == null || quantizer == null || sentences == null || sentences.size() < 2) {
            throw new IllegalArgumentException("fp32, quantizer and at least two sentences are needed, got "
                    + fp32 + ", " + quantizer + " and " + (sentences == null ? "null" : sentences.size()
                    + " sentences"));
        }
        float[][] reference = embed(fp32, sentences);
        int layers = (int) fp32.matMulWeights().values().stream().filter(n -> n.startsWith("/encoder/layer."))
                .map(n -> n.substring(0, n.indexOf('/', "/encoder/layer.".length()))).distinct().count();
        List<Row> rows = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            String prefix = "/encoder/layer." + layer + "/";
            rows.add(measure("layer " + layer, fp32, quantizer, node -> node.startsWith(prefix), sentences,
                    reference));
        }
        rows.add(measure("all layers", fp32, quantizer, node -> true, sentences, reference));
        return rows;
    }

    private static Row measure(String part, OnnxModel fp32, Quantizer quantizer, Predicate<String> which,
                               List<String> sentences, float[][] reference) {
        OnnxModel model = fp32;
        int count = 0;
        for (Map.Entry<String, String> e : fp32.matMulWeights().entrySet()) {
            if (!which.test(e.getValue())) {
                continue;
            }
            FloatTensor w = fp32.floatTensor(e.getKey());
            WeightMatrix matrix = WeightMatrix.fromInByOut(w.data(), w.rows(), w.cols());
            model = model.withMatMulWeight(e.getKey(), matrix.dequantized(quantizer.quantize(matrix)));
            count++;
        }
        return new Row(part, count, EmbeddingAgreement.compare(reference, embed(model, sentences)).meanCosine());
    }

    private static float[][] embed(OnnxModel model, List<String> sentences) {
        try (Embedder e = Embedder.of(model)) {
            return e.embed(sentences);
        }
    }

    /** The rows as a table, with each layer's share of the summed per-layer loss. */
    public static Table table(List<Row> rows, String recipe) {
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty, got " + rows);
        }
        double sum = rows.stream().filter(r -> r.part().startsWith("layer ")).mapToDouble(Row::loss).sum();
        StringColumn part = StringColumn.create("quantized");
        IntColumn matrices = IntColumn.create("matrices");
        DoubleColumn cosine = DoubleColumn.create("mean cosine");
        DoubleColumn loss = DoubleColumn.create("1 - cosine");
        DoubleColumn share = DoubleColumn.create("share of summed layer losses %");
        for (Row r : rows) {
            part.append(r.part());
            matrices.append(r.matrices());
            cosine.append(r.meanCosine());
            loss.append(r.loss());
            share.append(100 * r.loss() / sum);
        }
        cosine.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
        loss.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
        share.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("One layer at a time at " + recipe + " (the rest fp32)", part, matrices, cosine, loss,
                share);
    }
}
