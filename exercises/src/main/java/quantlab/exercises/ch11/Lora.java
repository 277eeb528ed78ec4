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
        throw new UnsupportedOperationException("TODO ch11: rank x (in + out), after checking the rank");
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
        throw new UnsupportedOperationException("TODO ch11: sum the adapters of the named layers, times layers");
    }

    /** Exercise 3. The factor the update is multiplied by: {@code alpha / rank}. alpha must be positive and finite. */
    public static double scaling(double alpha, int rank) {
        throw new UnsupportedOperationException("TODO ch11: alpha / rank");
    }

    /**
     * Exercise 4. Merging: a new matrix {@code W + (alpha / r) A B} ({@code in x out}); the inputs are not
     * changed. {@code a} is {@code in x r}, {@code b} is {@code r x out}; shapes that do not match are bad input.
     */
    public static double[][] merge(double[][] w, double[][] a, double[][] b, double alpha) {
        throw new UnsupportedOperationException("TODO ch11: W + (alpha / r) A B, as a new matrix");
    }

    /**
     * Exercise 5. Bytes per trained parameter with Adam: "full-fp32" (fp32 weight, gradient, two moments),
     * "full-mixed" (16-bit weight and gradient, fp32 master copy, two fp32 moments), "qlora-adapter" (bf16
     * weight and gradient, two fp32 moments). Any other name is bad input.
     */
    public static double bytesPerTrainedParameter(String method) {
        throw new UnsupportedOperationException("TODO ch11: add up weight, gradient, master copy and moments");
    }

    /**
     * Exercise 6. Does a plan fit? Total bytes = frozen parameters x frozen bytes each + trained parameters x
     * trained bytes each + activation bytes; it fits when the total is at most {@code gpuGB} decimal GB
     * (10^9 bytes). Counts and sizes must be non-negative and finite.
     */
    public static boolean fits(long frozen, double frozenBytes, long trained, double trainedBytes,
                               double activationBytes, double gpuGB) {
        throw new UnsupportedOperationException("TODO ch11: total bytes against gpuGB x 10^9");
    }
}
