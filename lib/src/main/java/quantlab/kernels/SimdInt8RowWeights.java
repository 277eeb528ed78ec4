package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The int8 per-row product of {@link Int8RowWeights} with the Vector API, over its own copy of the codes in a lane
 * layout ({@code VectorKernels.int8Lanes}): each chunk of 4 L codes is loaded as L ints, and byte k of every int, the
 * codes of columns k L to k L + L - 1 stored plus 128, is isolated in place by one AND (or, for the top byte, one
 * shift), converted and multiplied-added with x, which was multiplied once per product by the power of two that
 * cancels the byte's place; 128 x the sum of x comes off each row once, and the row's scale is applied at the end.
 * Two loops came before it: the row-major one widened bytes with {@code convertShape(B2F)}, a cross-lane shuffle on
 * x86 that fewer execution ports run (in cache on an AVX2 EPYC, 48 x 8192 codes, bench's {@code UnpackProbe}: 9.4
 * to 11.5 G codes/s against 13.1 to 14.5 for the next one, at load average 6 to 6.6 on 2 cores), and the next one
 * sign-extended each byte in place by two shifts, one operation per 8 codes more than this one (see
 * {@code VectorKernels.int8} for what that measured). {@code bin/bench} prints this loop's in-cache rate. Needs
 * {@code --add-modules jdk.incubator.vector}.
 */
public final class SimdInt8RowWeights extends DelegatingWeights<Int8RowWeights> {

    /** The codes in the lane layout; the row-major ones of {@link #weights} serve the columns after the last chunk. */
    private final byte[] lanes;
    /** One thread's prepared x ({@code VectorKernels.int8Prepare}), reused from product to product. */
    private final ThreadLocal<float[]> scratch;

    private SimdInt8RowWeights(Int8RowWeights weights) {
        super(weights);
        this.lanes = VectorKernels.int8Lanes(weights.codes(), weights.rows(), weights.cols());
        int cols = weights.cols();
        this.scratch = ThreadLocal.withInitial(() -> new float[cols]);
    }

    /**
     * The SIMD kernel over the given weights (shared, not copied: both are immutable), with its lane-layout copy of
     * the codes.
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
    public String label() {
        return "int8 per-row simd";
    }

    /** Prepares x ({@link VectorKernels#int8Prepare}), then the loop of {@link VectorKernels#int8}. */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        float[] xs = scratch.get();
        float offset = VectorKernels.int8Prepare(x, xs);
        VectorKernels.int8(lanes, weights.codes(), weights.scales(), fromRow, toRow, weights.cols(), xs, offset, x, y);
    }

    @Override
    public String toString() {
        return "SimdInt8RowWeights[" + rows() + " x " + cols() + ", Vector API]";
    }
}
