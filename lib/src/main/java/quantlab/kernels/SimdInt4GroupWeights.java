package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The int4 per-group product of {@link Int4GroupWeights} with the Vector API, over its own copy of the codes in a
 * lane layout that makes unpacking one AND per 8 codes. Needs {@code --add-modules jdk.incubator.vector}.
 *
 * <p><b>Lane layout</b>: each row is cut into chunks of 64 codes, 32 bytes each, read as 8 ints; nibble k (bits 4k to
 * 4k + 3) of int i holds code c + 8k + i of the chunk starting at column c, stored with an offset of 8 (code + 8, 0
 * to 15, as Q4_0 stores it). An AND with 0xF shifted 4k bits leaves (code + 8) x 2^(4k) in every lane, an integer
 * that converts to a float exactly, and x is multiplied once per product by the power of two that cancels it (see
 * {@code VectorKernels.int4}); the offset comes off as 8 x scale x the sum of x per stretch of one scale. The codes
 * after the last whole chunk keep the pair layout of {@link QuantizedTensor#packInt4()} (code 2i low, 2i + 1 high).
 * Each half chunk (32 codes) has one scale, so the group size must be a multiple of 32. The block layout before it
 * (Q4_0's: byte j of a block of 32 holding codes j and j + 16) was read by widening bytes to ints first; see
 * {@code bin/bench} for what each measures.
 */
public final class SimdInt4GroupWeights extends DelegatingWeights<Int4GroupWeights> {

    /** The group size must be a multiple of this: each half of a 64-code chunk has one scale. */
    public static final int GROUP_MULTIPLE = VectorKernels.I4_HALF;
    /** Codes per chunk: 32 bytes, read as 8 ints of eight nibbles. */
    public static final int CHUNK = VectorKernels.I4_CHUNK;

    private final byte[] lanes;
    private final ThreadLocal<Scratch> scratch;

    /** One thread's prepared x and its sums per stretch of one scale, reused from product to product. */
    private record Scratch(float[] xs, float[] sums) {
    }

    private SimdInt4GroupWeights(Int4GroupWeights weights) {
        super(weights);
        this.lanes = toLanes(weights.packed(), weights.rows(), weights.cols());
        int cols = weights.cols();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(new float[cols], new float[cols / GROUP_MULTIPLE]));
    }

    /**
     * The SIMD kernel over the given weights, with its lane-layout copy of the codes.
     *
     * @throws IllegalArgumentException if weights is null or its group size is not a multiple of 32
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdInt4GroupWeights of(Int4GroupWeights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (weights.groupSize() % GROUP_MULTIPLE != 0) {
            throw new IllegalArgumentException("groupSize must be a multiple of " + GROUP_MULTIPLE
                    + " for the SIMD int4 kernel (each half chunk of 32 codes has one scale), got "
                    + weights.groupSize());
        }
        return new SimdInt4GroupWeights(weights);
    }

    /**
     * Packs the codes of a tensor quantized symmetric, 4-bit, per group, as {@link Int4GroupWeights#from} does, then
     * repacks them into the lane layout.
     *
     * @throws IllegalArgumentException if bits is not 4, the scheme is not symmetric, the granularity not per group,
     *                                  or the group size not a multiple of 32
     */
    public static SimdInt4GroupWeights from(QuantizedTensor t) {
        return of(Int4GroupWeights.from(t));
    }

    /**
     * Repacks rows of pairs (byte i: code 2i low, 2i + 1 high) into the lane layout: in the chunk of 64 codes from
     * column c, int i (bytes 4i to 4i + 3, least significant first) holds the code of column c + 8k + i, plus 8, in
     * nibble k. Bytes after the last whole chunk of a row are copied as they are.
     */
    static byte[] toLanes(byte[] pairs, int rows, int cols) {
        byte[] out = pairs.clone();
        int end = cols - cols % CHUNK;
        int rowBytes = cols / 2;
        for (int r = 0; r < rows; r++) {
            int base = r * rowBytes;
            for (int c = 0; c < end; c += CHUNK) {
                for (int i = 0; i < 8; i++) {
                    int word = 0;
                    for (int k = 0; k < 8; k++) {
                        word |= (Int4GroupWeights.code(pairs, base, c + 8 * k + i) + 8) << 4 * k;
                    }
                    int at = base + c / 2 + 4 * i;
                    for (int b = 0; b < 4; b++) {
                        out[at + b] = (byte) (word >>> 8 * b);
                    }
                }
            }
        }
        return out;
    }

    /** The weights per scale along a row. */
    public int groupSize() {
        return weights.groupSize();
    }

    @Override
    public String label() {
        return weights.label() + " simd";
    }

    /**
     * Prepares x ({@link VectorKernels#int4Prepare}), then the loop of {@link VectorKernels#int4} (group sizes that
     * are powers of two from 64) or {@link VectorKernels#int4Halves} (32, 96, ...).
     */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        Scratch s = scratch.get();
        VectorKernels.int4Prepare(x, groupSize(), s.xs(), s.sums());
        if (VectorKernels.int4WholeChunks(groupSize())) {
            VectorKernels.int4(lanes, weights.scales(), s.xs(), s.sums(), fromRow, toRow, cols(), groupSize(), x, y);
        } else {
            VectorKernels.int4Halves(lanes, weights.scales(), s.xs(), s.sums(), fromRow, toRow, cols(), groupSize(), x,
                    y);
        }
    }

    @Override
    public String toString() {
        return "SimdInt4GroupWeights[" + rows() + " x " + cols() + ", group " + groupSize() + ", Vector API]";
    }
}
