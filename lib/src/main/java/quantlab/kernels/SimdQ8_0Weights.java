package quantlab.kernels;

/**
 * The Q8_0 product of {@link Q8_0Weights} with the Vector API, over the same ggml bytes (shared, not copied); see
 * {@code VectorKernels.q8_0}. Needs {@code --add-modules jdk.incubator.vector}.
 */
public final class SimdQ8_0Weights extends DelegatingWeights<Q8_0Weights> {

    private SimdQ8_0Weights(Q8_0Weights weights) {
        super(weights);
    }

    /**
     * The SIMD kernel over the given weights.
     *
     * @throws IllegalArgumentException if weights is null
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdQ8_0Weights of(Q8_0Weights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return new SimdQ8_0Weights(weights);
    }

    @Override
    public String label() {
        return "Q8_0 simd";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        VectorKernels.q8_0(weights.data(), fromRow, toRow, weights.cols(), x, y);
    }

    @Override
    public String toString() {
        return "SimdQ8_0Weights[" + rows() + " x " + cols() + ", Vector API]";
    }
}
