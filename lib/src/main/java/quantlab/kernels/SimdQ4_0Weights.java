package quantlab.kernels;

/**
 * The Q4_0 product of {@link Q4_0Weights} with the Vector API, over the same ggml bytes (shared, not copied); see
 * {@code VectorKernels.q4_0}. Needs {@code --add-modules jdk.incubator.vector}.
 */
public final class SimdQ4_0Weights extends DelegatingWeights<Q4_0Weights> {

    private SimdQ4_0Weights(Q4_0Weights weights) {
        super(weights);
    }

    /**
     * The SIMD kernel over the given weights.
     *
     * @throws IllegalArgumentException if weights is null
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdQ4_0Weights of(Q4_0Weights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return new SimdQ4_0Weights(weights);
    }

    @Override
    public String label() {
        return "Q4_0 simd";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        VectorKernels.q4_0(weights.data(), fromRow, toRow, weights.cols(), x, y);
    }

    @Override
    public String toString() {
        return "SimdQ4_0Weights[" + rows() + " x " + cols() + ", Vector API]";
    }
}
