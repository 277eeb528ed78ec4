package quantlab.exercises.ch11;

/**
 * Chapter 11, "LoRA": how many parameters an adapter adds, what alpha / r does, how an adapter is merged into the
 * frozen weight, and whether a fine-tuning plan fits a GPU.
 *
 * <p>A LoRA adapter on a weight {@code W} of shape {@code in x out} is a pair {@code A} ({@code in x r}) and
 * {@code B} ({@code r x out}); the layer computes {@code y = x W + (alpha / r) x A B}. Only {@code A} and
 * {@code B} are trained.
 *
 * <p><b>Bad input.</b> Throw an {@link IllegalArgumentException} whose message names the parameter and shows its
 * value, for example {@code "rank must be in [1, 384], got 0"}.
 *
 * <p>Fill in each method by replacing its {@code throw new UnsupportedOperationException(...)} line.
 */
public final class Lora {

    private Lora() {
    }

    /**
     * Exercise 1. Parameters of one adapter: {@code r x (in + out)}. The chapter's example: 4096 x 4096 at r = 16
     * gives 131,072. The rank must be in {@code [1, min(in, out)]}; {@code in} and {@code out} positive.
     */
    public static long adapterParameters(int in, int out, int rank) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("in and out must be positive, got " + in + " x " + out);
        }
        if (rank < 1 || rank > Math.min(in, out)) {
            throw new IllegalArgumentException("rank must be in [1, " + Math.min(in, out) + "], got " + rank);
        }
        return (long) rank * (in + out);
    }

    /**
     * Exercise 2. Parameters LoRA adds to a Llama-style decoder of {@code layers} blocks: for each block, one
     * adapter per name in {@code targets}. The names and shapes: {@code q_proj} and {@code o_proj} are
     * hidden x hidden, {@code k_proj} and {@code v_proj} hidden x kvWidth, {@code gate_proj} and {@code up_proj}
     * hidden x intermediate, {@code down_proj} intermediate x hidden. An unknown name, or an empty or null array,
     * is bad input.
     */
    public static long decoderParameters(int layers, int hidden, int intermediate, int kvWidth, String[] targets,
                                         int rank) {
        if (layers <= 0) {
            throw new IllegalArgumentException("layers must be positive, got " + layers);
        }
        if (targets == null || targets.length == 0) {
            throw new IllegalArgumentException("targets must name at least one layer, got "
                    + (targets == null ? "null" : "none"));
        }
        long perBlock = 0;
        for (String t : targets) {
            perBlock += switch (t == null ? "" : t) {
                case "q_proj", "o_proj" -> adapterParameters(hidden, hidden, rank);
                case "k_proj", "v_proj" -> adapterParameters(hidden, kvWidth, rank);
                case "gate_proj", "up_proj" -> adapterParameters(hidden, intermediate, rank);
                case "down_proj" -> adapterParameters(intermediate, hidden, rank);
                default -> throw new IllegalArgumentException("targets must be q_proj, k_proj, v_proj, o_proj, "
                        + "gate_proj, up_proj or down_proj, got '" + t + "'");
            };
        }
        return perBlock * layers;
    }

    /** Exercise 3. The factor the update is multiplied by: {@code alpha / rank}. alpha must be positive and finite. */
    public static double scaling(double alpha, int rank) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1, got " + rank);
        }
        return alpha / rank;
    }

    /**
     * Exercise 4. Merging: a new matrix {@code W + (alpha / r) A B} ({@code in x out}); the inputs are not
     * changed. {@code a} is {@code in x r}, {@code b} is {@code r x out}; shapes that do not match are bad input.
     */
    public static double[][] merge(double[][] w, double[][] a, double[][] b, double alpha) {
        if (w == null || a == null || b == null || w.length == 0 || a.length != w.length || b.length == 0
                || a[0].length != b.length || b[0].length != w[0].length) {
            throw new IllegalArgumentException("shapes must be w in x out, a in x r, b r x out, got w "
                    + shape(w) + ", a " + shape(a) + ", b " + shape(b));
        }
        int r = b.length;
        double s = scaling(alpha, r);
        double[][] out = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i].clone();
            for (int o = 0; o < out[i].length; o++) {
                double sum = 0;
                for (int k = 0; k < r; k++) {
                    sum += a[i][k] * b[k][o];
                }
                out[i][o] += s * sum;
            }
        }
        return out;
    }

    private static String shape(double[][] m) {
        return m == null ? "null" : m.length + " x " + (m.length == 0 ? 0 : m[0].length);
    }

    /**
     * Exercise 5. Bytes per trained parameter with Adam: "full-fp32" (fp32 weight, gradient, two moments),
     * "full-mixed" (16-bit weight and gradient, fp32 master copy, two fp32 moments), "qlora-adapter" (bf16
     * weight and gradient, two fp32 moments). Any other name is bad input.
     */
    public static double bytesPerTrainedParameter(String method) {
        return switch (method == null ? "" : method) {
            case "full-fp32" -> 4 + 4 + 4 + 4;
            case "full-mixed" -> 2 + 2 + 4 + 4 + 4;
            case "qlora-adapter" -> 2 + 2 + 4 + 4;
            default -> throw new IllegalArgumentException("method must be full-fp32, full-mixed or qlora-adapter, got '"
                    + method + "'");
        };
    }

    /**
     * Exercise 6. Does a plan fit? Total bytes = frozen parameters x frozen bytes each + trained parameters x
     * trained bytes each + activation bytes; it fits when the total is at most {@code gpuGB} decimal GB
     * (10^9 bytes). Counts and sizes must be non-negative and finite.
     */
    public static boolean fits(long frozen, double frozenBytes, long trained, double trainedBytes,
                               double activationBytes, double gpuGB) {
        double[] all = {frozen, frozenBytes, trained, trainedBytes, activationBytes, gpuGB};
        String[] names = {"frozen", "frozenBytes", "trained", "trainedBytes", "activationBytes", "gpuGB"};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0) || Double.isInfinite(all[i])) {
                throw new IllegalArgumentException(names[i] + " must be non-negative and finite, got " + all[i]);
            }
        }
        return frozen * frozenBytes + trained * trainedBytes + activationBytes <= gpuGB * 1e9;
    }
}
