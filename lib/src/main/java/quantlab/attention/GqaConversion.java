package quantlab.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import quantlab.inference.ModelVariant;
import quantlab.model.FloatTensor;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;

/**
 * Converts multi-head attention to grouped-query attention the way Ainslie et al. (2023, "GQA: Training Generalized
 * Multi-Query Transformer Models from Multi-Head Checkpoints") do before uptraining: the key and value projections
 * of the heads in each group are replaced by their mean. In an MHA graph this is exactly GQA when every head of a
 * group uses the group's pooled projection, so the converted model runs unchanged in ONNX Runtime; a GQA runtime
 * would store only one K and one V per group.
 */
public final class GqaConversion {

    /** MiniLM's attention heads per layer. */
    public static final int HEADS = 12;
    /** MiniLM's head dimension: 384 / 12. */
    public static final int HEAD_DIM = MiniLm.HIDDEN / HEADS;

    private static final Pattern PROJECTION = Pattern.compile("/encoder/layer\\.(\\d+)/attention/self/(key|value)/MatMul");

    private GqaConversion() {
    }

    /**
     * The specification, on one projection stored [in, out] as ONNX stores it: output column {@code h x headDim + d}
     * belongs to head {@code h}. Every head of a group of {@code heads / kvHeads} consecutive heads gets the group's
     * mean column for each {@code d}. A bias is the same with {@code rows = 1}.
     */
    public static float[] poolHeads(float[] weights, int rows, int heads, int headDim, int kvHeads) {
        if (heads <= 0) {
            throw new IllegalArgumentException("heads must be positive, got " + heads);
        }
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads must divide heads, got kvHeads " + kvHeads + " for heads " + heads);
        }
        if (weights == null || rows <= 0 || weights.length != (long) rows * heads * headDim) {
            throw new IllegalArgumentException("weights must hold rows x heads x headDim = " + rows + " x " + heads
                    + " x " + headDim + " floats, got " + (weights == null ? "null" : weights.length));
        }
        int group = heads / kvHeads;
        int cols = heads * headDim;
        float[] out = new float[weights.length];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < kvHeads; g++) {
                for (int d = 0; d < headDim; d++) {
                    double sum = 0;
                    for (int k = 0; k < group; k++) {
                        sum += weights[r * cols + (g * group + k) * headDim + d];
                    }
                    float mean = (float) (sum / group);
                    for (int k = 0; k < group; k++) {
                        out[r * cols + (g * group + k) * headDim + d] = mean;
                    }
                }
            }
        }
        return out;
    }

    /**
     * MiniLM with every layer's key and value projections (weights and biases) pooled to {@code kvHeads} groups.
     *
     * @throws IllegalArgumentException when {@code kvHeads} does not divide 12
     */
    public static OnnxModel convert(OnnxModel model, int kvHeads) {
        if (kvHeads <= 0 || HEADS % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads must divide " + HEADS + " (1, 2, 3, 4, 6 or 12), got " + kvHeads);
        }
        OnnxModel out = model;
        int converted = 0;
        for (var e : model.matMulWeights().entrySet()) {
            Matcher m = PROJECTION.matcher(e.getValue());
            if (!m.matches()) {
                continue;
            }
            FloatTensor w = model.floatTensor(e.getKey());
            out = out.withFloatTensor(w.withData(poolHeads(w.data(), w.rows(), HEADS, HEAD_DIM, kvHeads)));
            FloatTensor b = model.floatTensor("encoder.layer." + m.group(1) + ".attention.self." + m.group(2) + ".bias");
            out = out.withFloatTensor(b.withData(poolHeads(b.data(), 1, HEADS, HEAD_DIM, kvHeads)));
            converted++;
        }
        if (converted != 2 * MiniLm.LAYERS) {
            throw new IllegalArgumentException("model must have a key and a value projection in each of "
                    + MiniLm.LAYERS + " layers, found " + converted);
        }
        return out;
    }

    /** The converted model as a variant for chapter 5's inference check: "gqa-6", ..., "mqa-1". */
    public static ModelVariant variant(OnnxModel fp32, int kvHeads) {
        String name = kvHeads == 1 ? "mqa-1" : "gqa-" + kvHeads;
        String method = String.format(Locale.ROOT, "K and V of each %d heads mean-pooled: %d KV heads for 12 queries",
                HEADS / kvHeads, kvHeads);
        return new ModelVariant(name, method, convert(fp32, kvHeads).toBytes());
    }

    /** The fp32 reference followed by one variant per KV-head count. */
    public static List<ModelVariant> variants(int... kvHeads) {
        OnnxModel fp32 = MiniLm.FP32.model();
        List<ModelVariant> out = new ArrayList<>();
        out.add(ModelVariant.published(MiniLm.FP32));
        for (int k : kvHeads) {
            out.add(variant(fp32, k));
        }
        return out;
    }
}
