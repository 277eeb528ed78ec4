package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The int4 per-group product of {@link Int4GroupWeights} with the Vector API, over its own lane layout of the codes
 * that makes unpacking one AND per code. Needs {@code --add-modules jdk.incubator.vector}.
 *
 * <p><b>Lane layout</b> ({@code VectorKernels.int4Lanes}): each row is cut into chunks of 8 L codes (64 with AVX2 and
 * AVX-512, whose int4 loop stays at 256 bits, 32 with 128-bit vectors), loaded as L ints; nibble k of int lane i holds
 * the code of column k L + i, stored as code + 8 (0 to 15, the offset Q4_0 uses), so nibble k of all lanes lines up
 * with one plain load of x. The loop takes half a chunk per step (the lanes shifted right by 0 or 16 bits), and
 * {@code v & (0xF << 4j)} is then the stored value times 2^4j, exact as an int and as its float; x is scaled by
 * 2^-4j to match, once per product (exact), and the offset comes off once per row as 8 x the sum over groups of
 * scale x (sum of x over the group). Per 8 codes of a row the loop does one AND, one conversion and one fused
 * multiply-add, plus a shift per 32, two rows at a time so that each load of x serves both.
 *
 * <p><b>Why this layout.</b> The block layout before it (byte j of a block of 32: code j low, code j + 16 high) widened
 * 8 bytes to 8 ints with a sign-extending shuffle, then took one nibble with an AND and the other with a shift, four
 * rows at a time; that loop was past C2's node limit for inlining (the reductions stayed calls and boxed their vectors,
 * 256 bytes per four rows), and in cache on an AVX2 EPYC, 8192 columns, it ran at 10.8 G codes/s against 13.3 for a
 * main-method prototype of a one-row version of this loop; taking two rows a step, which halves the loads of x, gave
 * 16.0 against 13.0 for that one-row loop (each the best of several runs on a loaded 2-core machine, beside 18.5 for
 * the int8 loop; {@code bin/bench} prints this loop's in-cache rate). The group size must be a multiple of 32, so that every half chunk (4 L codes) has one
 * scale.
 *
 * <p>A product keeps x's scaled copy and its half-chunk sums in a buffer of the calling thread (allocated on its first
 * product of a given width), so threads of a {@link ThreadedGemv} each prepare their own; that is O(cols) work per
 * thread against O(rows x cols) for the rows.
 */
public final class SimdInt4GroupWeights implements GemvWeights {

    /** The group size must be a multiple of this. */
    public static final int BLOCK = 32;

    private final Int4GroupWeights weights;
    private final byte[] lanes;
    /** The group of each run of 4 L columns of a row (half a chunk). */
    private final int[] halfGroup;

    /** One thread's scaled x and half-chunk sums of x. */
    private static final class Scratch {
        float[] scaled = new float[0];
        float[] offsets = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SimdInt4GroupWeights(Int4GroupWeights weights) {
        this.weights = weights;
        this.lanes = VectorKernels.int4Lanes(weights.packed(), weights.rows(), weights.cols());
        int half = VectorKernels.int4Chunk() / 2;
        this.halfGroup = new int[weights.cols() / half + 2];
        for (int h = 0; h < halfGroup.length; h++) {
            halfGroup[h] = Math.min(h * half / weights.groupSize(), weights.cols() / weights.groupSize() - 1);
        }
    }

    /**
     * The SIMD kernel over the given weights, repacked into the lane layout.
     *
     * @throws IllegalArgumentException if weights is null or its group size is not a multiple of 32
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdInt4GroupWeights of(Int4GroupWeights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (weights.groupSize() % BLOCK != 0) {
            throw new IllegalArgumentException("groupSize must be a multiple of " + BLOCK
                    + " for the SIMD int4 kernel (half a chunk of codes shares one scale), got " + weights.groupSize());
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

    /** The lane layout of pair-layout codes (rows x cols / 2 bytes), as this kernel stores them: for tests. */
    static byte[] toLanes(byte[] pairs, int rows, int cols) {
        return VectorKernels.int4Lanes(pairs, rows, cols);
    }

    @Override
    public int rows() {
        return weights.rows();
    }

    @Override
    public int cols() {
        return weights.cols();
    }

    /** The weights per scale along a row. */
    public int groupSize() {
        return weights.groupSize();
    }

    @Override
    public long weightBytes() {
        return weights.weightBytes();
    }

    @Override
    public String label() {
        return weights.label() + " simd";
    }

    /** {@code VectorKernels.int4Prepare} into this thread's buffer, then the loop of {@code VectorKernels.int4}. */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        int n = weights.cols();
        int g = weights.groupSize();
        Scratch s = SCRATCH.get();
        if (s.scaled.length < n) {
            s.scaled = new float[n];
        }
        if (s.offsets.length < halfGroup.length) {
            s.offsets = new float[halfGroup.length];
        }
        VectorKernels.int4Prepare(x, n, g, s.scaled, s.offsets);
        VectorKernels.int4(lanes, weights.packed(), weights.scales(), halfGroup, fromRow, toRow, n, g, x, s.scaled,
                s.offsets, y);
    }

    @Override
    public String toString() {
        return "SimdInt4GroupWeights[" + rows() + " x " + cols() + ", group " + groupSize() + ", Vector API]";
    }
}
