package quantlab.kernels;

/**
 * The fp32 product of {@link Fp32Weights} with the Vector API: L floats per fused multiply-add, L being 8 with AVX2
 * or AVX-512 (256-bit vectors: fp32 waits on memory, and wider loads would straddle cache lines) and 4 with 128-bit
 * vectors. Needs {@code --add-modules jdk.incubator.vector}.
 */
public final class SimdFp32Weights extends DelegatingWeights<Fp32Weights> {

    private SimdFp32Weights(Fp32Weights weights) {
        super(weights);
    }

    /**
     * The SIMD kernel over the given weights (shared, not copied: both are immutable).
     *
     * @throws IllegalArgumentException if weights is null
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdFp32Weights of(Fp32Weights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return new SimdFp32Weights(weights);
    }

    /**
     * Copies row-major values of a rows x cols matrix, as {@link Fp32Weights#of} does.
     *
     * @throws IllegalArgumentException if the length is not rows x cols
     */
    public static SimdFp32Weights of(float[] values, int rows, int cols) {
        return of(Fp32Weights.of(values, rows, cols));
    }

    @Override
    public String label() {
        return "fp32 simd";
    }

    /** The loop of {@link VectorKernels#fp32}. */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        VectorKernels.fp32(weights.values(), fromRow, toRow, weights.cols(), x, y);
    }

    /**
     * Rows fromRow..toRow of y = W x for three tokens at once ({@code VectorKernels.fp32Tile}): each weight loaded
     * once for the three, every y bit for bit what {@link #multiplyRows} gives. For {@link Gemm}; unchecked.
     */
    void multiplyRows3(float[] x0, float[] x1, float[] x2, float[] y0, float[] y1, float[] y2, int fromRow,
            int toRow) {
        VectorKernels.fp32Tile(weights.values(), fromRow, toRow, weights.cols(), x0, x1, x2, y0, y1, y2);
    }

    @Override
    public String toString() {
        return "SimdFp32Weights[" + rows() + " x " + cols() + ", Vector API]";
    }
}
