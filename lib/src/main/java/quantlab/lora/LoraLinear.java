package quantlab.lora;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import quantlab.quantization.WeightMatrix;

/**
 * A linear layer {@code y = x W + b + (alpha / r) x A B} with a frozen base {@code W} and a trainable low-rank
 * update: {@code A} ({@code in x r}) starts random, {@code B} ({@code r x out}) starts at zero, so the layer
 * begins exactly as the base. {@link #backward} fills the gradients of whatever is trainable ({@code A} and
 * {@code B}; or, for full fine-tuning, {@code W} and {@code b}) and returns the gradient of the input.
 * {@link #merge} folds the update into {@code W} for serving at the base's speed; {@link #unmerge} takes it out.
 *
 * <p>Rows of {@code x} are tokens. Matrices are row-major float arrays; the products are written as sums of
 * scaled rows so HotSpot vectorizes them (see {@code quantlab.transformer.Linear}).
 */
public final class LoraLinear {

    private final String name;
    private final int inputs;
    private final int outputs;
    private BaseWeight base;              // frozen base (null when the weight itself is trained)
    private final Parameter weight;       // [in][out], trained only in full fine-tuning
    private final float[] bias;
    private final Parameter biasParameter; // trained only in full fine-tuning
    private final int rank;
    private final double alpha;
    private final Parameter a;            // [in][r]
    private final Parameter b;            // [r][out]
    private boolean merged;

    private LoraLinear(String name, BaseWeight base, Parameter weight, float[] bias, boolean trainBias, int rank,
                       double alpha, long seed) {
        this.name = name;
        this.base = base;
        this.weight = weight;
        this.inputs = base != null ? base.inputs() : weight.rows();
        this.outputs = base != null ? base.outputs() : weight.cols();
        if (bias == null || bias.length != outputs) {
            throw new IllegalArgumentException("bias of " + name + " must hold " + outputs + " values, got "
                    + (bias == null ? "null" : bias.length));
        }
        this.bias = bias.clone();
        this.biasParameter = trainBias ? new Parameter(name + ".bias", 1, outputs, this.bias) : null;
        this.rank = rank;
        this.alpha = alpha;
        if (rank > 0) {
            LoraCount.checkRank(inputs, outputs, rank);
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
            }
            float[] av = new float[inputs * rank];
            SplittableRandom random = new SplittableRandom(seed);
            double bound = 1.0 / Math.sqrt(inputs); // peft's kaiming-uniform bound for A
            for (int i = 0; i < av.length; i++) {
                av[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            a = new Parameter(name + ".lora_A", inputs, rank, av);
            b = new Parameter(name + ".lora_B", rank, outputs, new float[rank * outputs]);
        } else {
            a = null;
            b = null;
        }
    }

    /** A frozen layer (no adapter): the base alone. */
    public static LoraLinear frozen(String name, BaseWeight base, float[] bias) {
        return new LoraLinear(name, requireBase(base), null, bias, false, 0, 1, 0);
    }

    /**
     * A frozen base with a LoRA adapter of rank {@code rank} scaled by {@code alpha / rank}; {@code A} drawn
     * uniformly in +-1/sqrt(in) from {@code seed}, {@code B} zero.
     */
    public static LoraLinear adapted(String name, BaseWeight base, float[] bias, int rank, double alpha, long seed) {
        requireBase(base);
        LoraCount.checkRank(base.inputs(), base.outputs(), rank);
        return new LoraLinear(name, base, null, bias, false, rank, alpha, seed);
    }

    /** A layer whose weight and bias are trained directly (full fine-tuning), starting from {@code base}. */
    public static LoraLinear trainable(String name, BaseWeight base, float[] bias) {
        requireBase(base);
        Parameter w = new Parameter(name + ".weight", base.inputs(), base.outputs(), base.inOut().clone());
        return new LoraLinear(name, null, w, bias, true, 0, 1, 0);
    }

    private static BaseWeight requireBase(BaseWeight base) {
        if (base == null) {
            throw new IllegalArgumentException("base must not be null, got null");
        }
        return base;
    }

    public String name() {
        return name;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** The adapter's rank, 0 when the layer has none. */
    public int rank() {
        return rank;
    }

    /** The factor {@code alpha / r} the update {@code A B} is multiplied by (0 without an adapter). */
    public double scaling() {
        return rank == 0 ? 0 : alpha / rank;
    }

    /** The parameters the optimizer updates: {@code A} and {@code B}, or {@code W} and {@code b}, or none. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        if (weight != null) {
            out.add(weight);
            out.add(biasParameter);
        }
        if (a != null && !merged) {
            out.add(a);
            out.add(b);
        }
        return out;
    }

    /** The adapter's {@code A} ({@code in x r}); null without one. */
    public Parameter loraA() {
        return a;
    }

    /** The adapter's {@code B} ({@code r x out}); null without one. */
    public Parameter loraB() {
        return b;
    }

    /** The frozen base (null for a layer trained in full). */
    public BaseWeight base() {
        return base;
    }

    private float[] weightInOut() {
        return weight != null ? weight.value() : base.inOut();
    }

    /** {@code y = x W + b (+ s x A B)}, one output row per input row. */
    public float[][] forward(float[][] x) {
        checkRows("x", x, inputs);
        float[] w = weightInOut();
        float[][] y = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = bias.clone();
            axpyRows(x[t], w, outputs, y[t]);
        }
        if (a != null && !merged) {
            float s = (float) scaling();
            float[] av = a.value();
            float[] bv = b.value();
            float[] u = new float[rank];
            for (int t = 0; t < x.length; t++) {
                java.util.Arrays.fill(u, 0f);
                axpyRows(x[t], av, rank, u);
                for (int k = 0; k < rank; k++) {
                    u[k] *= s;
                }
                axpyRows(u, bv, outputs, y[t]);
            }
        }
        return y;
    }

    /**
     * Accumulates the gradients of the trainable parameters for a batch whose input was {@code x} and whose
     * output gradient is {@code dy}, and returns {@code dL/dx}. The frozen base gets no gradient.
     */
    public float[][] backward(float[][] x, float[][] dy) {
        checkRows("x", x, inputs);
        checkRows("dy", dy, outputs);
        if (x.length != dy.length) {
            throw new IllegalArgumentException("dy must have x's " + x.length + " rows, got " + dy.length);
        }
        float[] wt = weight != null ? WeightMatrix.transpose(weight.value(), inputs, outputs) : base.outIn();
        float[][] dx = new float[x.length][inputs];
        for (int t = 0; t < x.length; t++) {
            axpyRows(dy[t], wt, inputs, dx[t]);
        }
        if (weight != null) {
            float[] gw = weight.grad();
            float[] gb = biasParameter.grad();
            for (int t = 0; t < x.length; t++) {
                axpyRows(x[t], dy[t], gw); // outer product x[t]^T dy[t]
                for (int o = 0; o < outputs; o++) {
                    gb[o] += dy[t][o];
                }
            }
        }
        if (a != null && !merged) {
            float s = (float) scaling();
            float[] av = a.value();
            float[] bt = WeightMatrix.transpose(b.value(), rank, outputs); // [out][r]
            float[] at = WeightMatrix.transpose(av, inputs, rank);          // [r][in]
            float[] ga = a.grad();
            float[] gb = b.grad();
            float[] u = new float[rank];
            float[] du = new float[rank];
            for (int t = 0; t < x.length; t++) {
                java.util.Arrays.fill(u, 0f);
                axpyRows(x[t], av, rank, u);       // u = x A
                for (int k = 0; k < rank; k++) {
                    u[k] *= s;
                }
                axpyRows(u, dy[t], gb);            // dB += (s x A)^T dy
                java.util.Arrays.fill(du, 0f);
                axpyRows(dy[t], bt, rank, du);     // du = dy B^T
                for (int k = 0; k < rank; k++) {
                    du[k] *= s;
                }
                axpyRows(x[t], du, ga);            // dA += x^T (s dy B^T)
                axpyRows(du, at, inputs, dx[t]);   // dx += (s dy B^T) A^T
            }
        }
        return dx;
    }

    /** Folds {@code s A B} into the base weight; the layer then computes the same outputs with no adapter work. */
    public void merge() {
        requireMergeable("merge");
        if (merged) {
            throw new IllegalStateException(name + " is already merged");
        }
        base = Fp32Base.fromInOut(addUpdate(base.inOut(), +1), inputs, outputs);
        merged = true;
    }

    /** Takes the update back out of the base, so the adapter can be trained further or swapped. */
    public void unmerge() {
        requireMergeable("unmerge");
        if (!merged) {
            throw new IllegalStateException(name + " is not merged");
        }
        base = Fp32Base.fromInOut(addUpdate(base.inOut(), -1), inputs, outputs);
        merged = false;
    }

    /** True while the update is folded into the base. */
    public boolean isMerged() {
        return merged;
    }

    /** The update {@code s A B} as a row-major {@code [in][out]} matrix. */
    public float[] delta() {
        if (a == null) {
            throw new IllegalStateException(name + " has no adapter");
        }
        return addUpdate(new float[inputs * outputs], +1);
    }

    private float[] addUpdate(float[] inOut, int sign) {
        float[] out = inOut.clone();
        float s = (float) (sign * scaling());
        float[] av = a.value();
        float[] bv = b.value();
        float[] row = new float[rank];
        for (int i = 0; i < inputs; i++) {
            for (int k = 0; k < rank; k++) {
                row[k] = s * av[i * rank + k];
            }
            float[] target = new float[outputs];
            axpyRows(row, bv, outputs, target);
            for (int o = 0; o < outputs; o++) {
                out[i * outputs + o] += target[o];
            }
        }
        return out;
    }

    private void requireMergeable(String what) {
        if (a == null) {
            throw new IllegalStateException("cannot " + what + " " + name + ": it has no adapter");
        }
        if (!(base instanceof Fp32Base)) {
            throw new IllegalStateException("cannot " + what + " " + name + " into a 4-bit base: the merged weight "
                    + "would have to be quantized again; dequantize the base to fp32 first");
        }
    }

    /** y += sum_i x[i] * m[i*cols .. i*cols+cols): a vector times a row-major matrix, as scaled rows. */
    static void axpyRows(float[] x, float[] m, int cols, float[] y) {
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int off = i * cols;
            for (int o = 0; o < cols; o++) {
                y[o] += xi * m[off + o];
            }
        }
    }

    /** g += x^T y for one row pair: g[i*|y| + o] += x[i] y[o]. */
    static void axpyRows(float[] x, float[] y, float[] g) {
        int cols = y.length;
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int off = i * cols;
            for (int o = 0; o < cols; o++) {
                g[off + o] += xi * y[o];
            }
        }
    }

    private static void checkRows(String what, float[][] m, int width) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(what + " must hold at least one row, got "
                    + (m == null ? "null" : "none"));
        }
        for (int t = 0; t < m.length; t++) {
            if (m[t] == null || m[t].length != width) {
                throw new IllegalArgumentException(what + "[" + t + "] must hold " + width + " values, got "
                        + (m[t] == null ? "null" : m[t].length));
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + inputs + " -> " + outputs + (rank > 0 ? ", LoRA r=" + rank + " alpha=" + alpha : "")
                + (weight != null ? ", trained in full" : "") + ")";
    }
}
