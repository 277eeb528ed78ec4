package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The int8 per-row product of {@link Int8RowWeights} with the Vector API: L codes are loaded as L bytes, widened to L
 * floats in one conversion and multiplied-added with x; the row's scale is applied once at the end. Needs
 * {@code --add-modules jdk.incubator.vector}.
 */
public final class SimdInt8RowWeights implements GemvWeights {

    private final Int8RowWeights weights;

    private SimdInt8RowWeights(Int8RowWeights weights) {
        this.weights = weights;
    }

    /**
     * The SIMD kernel over the given weights (shared, not copied: both are immutable).
     *
     * @throws IllegalArgumentException if weights is null
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdInt8RowWeights of(Int8RowWeights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return new SimdInt8RowWeights(weights);
    }

    /**
     * Takes the codes and scales of a tensor quantized symmetric, 8-bit, per row, as {@link Int8RowWeights#from} does.
     *
     * @throws IllegalArgumentException if bits is not 8, the scheme is not symmetric or the granularity not per row
     */
    public static SimdInt8RowWeights from(QuantizedTensor t) {
        return of(Int8RowWeights.from(t));
    }

    @Override
    public int rows() {
        return weights.rows();
    }

    @Override
    public int cols() {
        return weights.cols();
    }

    @Override
    public long weightBytes() {
        return weights.weightBytes();
    }

    @Override
    public String label() {
        return "int8 per-row simd";
    }

    /** The loop of {@link VectorKernels#int8}. */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        VectorKernels.int8(weights.codes(), weights.scales(), fromRow, toRow, weights.cols(), x, y);
    }

    @Override
    public String toString() {
        return "SimdInt8RowWeights[" + rows() + " x " + cols() + ", Vector API]";
    }
}
