package quantlab.lora;

/**
 * How many parameters a LoRA adapter adds: {@code A} is {@code in x r} and {@code B} is {@code r x out}, so
 * {@code r (in + out)} instead of the {@code in x out} a full update trains.
 */
public final class LoraCount {

    private LoraCount() {
    }

    /** {@code rank * (inputs + outputs)}: the adapter of one {@code inputs x outputs} matrix. */
    public static long adapterParameters(int inputs, int outputs, int rank) {
        checkRank(inputs, outputs, rank);
        return (long) rank * ((long) inputs + outputs);
    }

    /** The adapter's size as a fraction of the matrix it adapts: {@code r (in + out) / (in out)}. */
    public static double fractionOfMatrix(int inputs, int outputs, int rank) {
        return adapterParameters(inputs, outputs, rank) / ((double) inputs * outputs);
    }

    /** Refuses a rank that is not in {@code [1, min(inputs, outputs)]}: beyond that the product is no longer low-rank. */
    public static void checkRank(int inputs, int outputs, int rank) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("inputs and outputs must be positive, got " + inputs + " x " + outputs);
        }
        int max = Math.min(inputs, outputs);
        if (rank < 1 || rank > max) {
            throw new IllegalArgumentException("rank must be in [1, " + max + "] for a " + inputs + " x " + outputs
                    + " layer, got " + rank);
        }
    }
}
