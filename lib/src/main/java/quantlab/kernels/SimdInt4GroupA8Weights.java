package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The W4A8 product of {@link Int4GroupA8Weights} with the Vector API: int4 codes times int8 activation codes,
 * multiplied as 16-bit integers, so no code is ever converted to a float; one conversion per 128 columns turns a
 * vector of exact integer sums into floats, which the group's two scales multiply. It exists because the float-domain
 * loop of {@link SimdInt4GroupWeights} is bound by unpacking: an AND, an int-to-float conversion and a multiply-add
 * for every 8 codes, where this loop spends a shift or an AND, a 16-bit multiply and a 16-bit add per 16 codes; see
 * {@code VectorKernels.int4a8} for the loop and {@code bin/bench} for what each measures. Needs
 * {@code --add-modules jdk.incubator.vector}.
 *
 * <p><b>Lane layout</b>: each row is cut into chunks of 64 codes, 32 bytes each, read as 16 shorts; nibble k (bits
 * 4k to 4k + 3) of short i holds code c + 16k + i of the chunk starting at column c, stored with an offset of 8
 * (0 to 15, as Q4_0 stores it). One AND, or a shift and an AND, gives 16 codes that line up with 16 consecutive
 * activation codes. The offset is taken off once per 128 columns, in integers: the accumulator starts at
 * -8 x (sum of the activation codes each lane meets). The group size must be a multiple of 128.
 */
public final class SimdInt4GroupA8Weights extends DelegatingWeights<Int4GroupWeights> {

    /** Codes per chunk: 32 bytes, read as 16 shorts of four nibbles. */
    public static final int CHUNK = 64;
    /** The group size must be a multiple of this: the loop sums 128 codes (two chunks) per 16-bit accumulator. */
    public static final int GROUP_MULTIPLE = VectorKernels.A8_SPAN;

    private final byte[] lanes;
    private final ThreadLocal<Scratch> scratch;

    /** One thread's activation codes, scales and offsets, reused from product to product. */
    private record Scratch(short[] codes, float[] scales, short[] offsets) {
    }

    private SimdInt4GroupA8Weights(Int4GroupWeights weights) {
        super(weights);
        this.lanes = toLanes(weights.packed(), weights.rows(), weights.cols());
        int cols = weights.cols();
        int spans = cols / VectorKernels.A8_SPAN;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(new short[cols],
                new float[cols / weights.groupSize()], new short[spans * VectorKernels.A8_LANES]));
    }

    /**
     * The SIMD W4A8 kernel over the given weights, repacked into the lane layout.
     *
     * @throws IllegalArgumentException if weights is null or its group size is not a multiple of 128
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdInt4GroupA8Weights of(Int4GroupWeights weights) {
        VectorApi.require();
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (weights.groupSize() % GROUP_MULTIPLE != 0) {
            throw new IllegalArgumentException("groupSize must be a multiple of " + GROUP_MULTIPLE
                    + " for the SIMD W4A8 kernel (spans of 128 codes share one scale), got " + weights.groupSize());
        }
        return new SimdInt4GroupA8Weights(weights);
    }

    /**
     * The SIMD kernel of a scalar W4A8 product: the same weights, the same activation codes.
     *
     * @throws IllegalArgumentException if spec is null or its group size is not a multiple of 128
     * @throws IllegalStateException    if this JVM was started without the Vector API module
     */
    public static SimdInt4GroupA8Weights of(Int4GroupA8Weights spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        return of(spec.weights());
    }

    /**
     * Packs the codes of a tensor quantized symmetric, 4-bit, per group, as {@link Int4GroupWeights#from} does, then
     * repacks them into the lane layout.
     *
     * @throws IllegalArgumentException if bits is not 4, the scheme is not symmetric, the granularity not per group,
     *                                  or the group size not a multiple of 128
     */
    public static SimdInt4GroupA8Weights from(QuantizedTensor t) {
        return of(Int4GroupWeights.from(t));
    }

    /**
     * Repacks pairs (byte i: code 2i low, 2i + 1 high, two's complement) into the lane layout: in each chunk of 64
     * codes from column c, byte 2i holds codes c + i (low) and c + 16 + i (high), byte 2i + 1 codes c + 32 + i and
     * c + 48 + i, each plus 8. The column count must be a multiple of 64.
     */
    static byte[] toLanes(byte[] pairs, int rows, int cols) {
        byte[] out = new byte[pairs.length];
        int rowBytes = cols / 2;
        for (int r = 0; r < rows; r++) {
            int base = r * rowBytes;
            for (int c = 0; c < cols; c += CHUNK) {
                int at = base + c / 2;
                for (int i = 0; i < CHUNK / 4; i++) {
                    out[at + 2 * i] = (byte) (offset(pairs, base, c + i) | offset(pairs, base, c + 16 + i) << 4);
                    out[at + 2 * i + 1] = (byte) (offset(pairs, base, c + 32 + i)
                            | offset(pairs, base, c + 48 + i) << 4);
                }
            }
        }
        return out;
    }

    /** Code {@code col} of the row at byte {@code base} in the pair layout, plus 8 (0 to 15). */
    private static int offset(byte[] pairs, int base, int col) {
        return Int4GroupWeights.code(pairs, base, col) + 8;
    }

    /** The weights per scale along a row, and the activations per scale. */
    public int groupSize() {
        return weights.groupSize();
    }

    @Override
    public String label() {
        return weights.label() + " w4a8 simd";
    }

    /**
     * Quantizes x ({@link ActivationCodes}' rule, eight entries at a time by {@code VectorKernels.quantizeA8}, into
     * this thread's reused arrays), then runs the loop of
     * {@code VectorKernels.int4a8}. Each worker of a {@link ThreadedGemv} quantizes the whole x itself, the same way,
     * so a row's value does not depend on the split.
     */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        Scratch s = scratch.get();
        VectorKernels.quantizeA8(x, groupSize(), s.codes(), s.scales());
        VectorKernels.int4a8Offsets(s.codes(), s.offsets());
        VectorKernels.int4a8(lanes, weights.scales(), s.scales(), s.codes(), s.offsets(), fromRow, toRow, cols(),
                groupSize(), y);
    }

    @Override
    public String toString() {
        return "SimdInt4GroupA8Weights[" + rows() + " x " + cols() + ", group " + groupSize() + ", Vector API]";
    }
}
