package quantlab.finetune;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.model.OnnxModel;
import quantlab.transformer.MiniLmEncoder;

/**
 * The weights of a BERT-style encoder as plain arrays: embeddings, their LayerNorm, and per block six matrices
 * (row-major {@code [out][in]}, the course's layout), their biases and two LayerNorms. {@link #miniLm()} reads
 * all-MiniLM-L6-v2; {@link #random} makes a tiny one for gradient checks.
 *
 * @param hidden       model width
 * @param heads        attention heads
 * @param intermediate feed-forward width
 * @param word         word-piece embeddings, one row per vocabulary entry
 * @param position     position embeddings
 * @param tokenType    segment embeddings
 * @param embeddingGamma LayerNorm scale after the embeddings
 * @param embeddingBeta  LayerNorm shift after the embeddings
 * @param blocks       the transformer blocks, bottom first
 */
public record EncoderWeights(int hidden, int heads, int intermediate, float[][] word, float[][] position,
                             float[][] tokenType, float[] embeddingGamma, float[] embeddingBeta,
                             List<Block> blocks) {

    /** One block: matrices and biases by kind, and the two LayerNorms (after attention, after the MLP). */
    public record Block(Map<MiniLmMatrix.Kind, float[]> weights, Map<MiniLmMatrix.Kind, float[]> biases,
                        float[] attentionGamma, float[] attentionBeta, float[] outputGamma, float[] outputBeta) {
    }

    /** Input width of a block's matrix of {@code kind}. */
    public int inputs(MiniLmMatrix.Kind kind) {
        return kind == MiniLmMatrix.Kind.FFN_DOWN ? intermediate : hidden;
    }

    /** Output width of a block's matrix of {@code kind}. */
    public int outputs(MiniLmMatrix.Kind kind) {
        return kind == MiniLmMatrix.Kind.FFN_UP ? intermediate : hidden;
    }

    /** Every parameter of the encoder (embeddings included), e.g. 22,713,216 for MiniLM. */
    public long parameters() {
        long n = (long) (word.length + position.length + tokenType.length) * hidden + 2L * hidden;
        for (Block b : blocks) {
            for (MiniLmMatrix.Kind k : MiniLmMatrix.Kind.values()) {
                n += (long) inputs(k) * outputs(k) + outputs(k);
            }
            n += 4L * hidden;
        }
        return n;
    }

    /** all-MiniLM-L6-v2's weights: matrices through {@link MiniLmEncoder}, the rest from its ONNX file. */
    public static EncoderWeights miniLm() {
        OnnxModel model = MiniLm.FP32.model();
        MiniLmEncoder encoder = MiniLmEncoder.of(model);
        List<Block> blocks = new ArrayList<>();
        for (int layer = 0; layer < MiniLm.LAYERS; layer++) {
            Map<MiniLmMatrix.Kind, float[]> w = new EnumMap<>(MiniLmMatrix.Kind.class);
            Map<MiniLmMatrix.Kind, float[]> b = new EnumMap<>(MiniLmMatrix.Kind.class);
            for (MiniLmMatrix m : MiniLmMatrix.ofLayer(layer)) {
                w.put(m.kind(), encoder.weight(m).data());
                b.put(m.kind(), encoder.bias(m));
            }
            String p = "encoder.layer." + layer;
            blocks.add(new Block(w, b, vector(model, p + ".attention.output.LayerNorm.weight"),
                    vector(model, p + ".attention.output.LayerNorm.bias"),
                    vector(model, p + ".output.LayerNorm.weight"), vector(model, p + ".output.LayerNorm.bias")));
        }
        return new EncoderWeights(MiniLm.HIDDEN, MiniLmEncoder.HEADS, MiniLm.INTERMEDIATE,
                rows(model, "embeddings.word_embeddings.weight"), rows(model, "embeddings.position_embeddings.weight"),
                rows(model, "embeddings.token_type_embeddings.weight"), vector(model, "embeddings.LayerNorm.weight"),
                vector(model, "embeddings.LayerNorm.bias"), blocks);
    }

    /** A small random encoder (normal weights of standard deviation 0.2, LayerNorms near identity) for tests. */
    public static EncoderWeights random(int layers, int hidden, int heads, int intermediate, int vocabulary,
                                        int positions, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Block> blocks = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            Map<MiniLmMatrix.Kind, float[]> w = new EnumMap<>(MiniLmMatrix.Kind.class);
            Map<MiniLmMatrix.Kind, float[]> b = new EnumMap<>(MiniLmMatrix.Kind.class);
            for (MiniLmMatrix.Kind k : MiniLmMatrix.Kind.values()) {
                int in = k == MiniLmMatrix.Kind.FFN_DOWN ? intermediate : hidden;
                int out = k == MiniLmMatrix.Kind.FFN_UP ? intermediate : hidden;
                w.put(k, gaussian(r, out * in, 0.5 / Math.sqrt(in)));
                b.put(k, gaussian(r, out, 0.1));
            }
            blocks.add(new Block(w, b, near(r, hidden, 1), gaussian(r, hidden, 0.1), near(r, hidden, 1),
                    gaussian(r, hidden, 0.1)));
        }
        return new EncoderWeights(hidden, heads, intermediate, matrix(r, vocabulary, hidden), matrix(r, positions, hidden),
                matrix(r, 2, hidden), near(r, hidden, 1), gaussian(r, hidden, 0.1), blocks);
    }

    private static float[] gaussian(SplittableRandom r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (normal(r) * std);
        }
        return v;
    }

    private static float[] near(SplittableRandom r, int n, double centre) {
        float[] v = gaussian(r, n, 0.1);
        for (int i = 0; i < n; i++) {
            v[i] += (float) centre;
        }
        return v;
    }

    private static float[][] matrix(SplittableRandom r, int rows, int cols) {
        float[][] m = new float[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = gaussian(r, cols, 1);
        }
        return m;
    }

    static double normal(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static float[] vector(OnnxModel model, String name) {
        return model.floatTensor(name).data().clone();
    }

    private static float[][] rows(OnnxModel model, String name) {
        FloatTensor t = model.floatTensor(name);
        float[][] rows = new float[t.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(t.data(), i * t.cols(), (i + 1) * t.cols());
        }
        return rows;
    }
}
