package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The int4 per-group product of {@link Int4GroupWeights} with the Vector API, over its own packed layout that makes
 * unpacking one shift per nibble. Needs {@code --add-modules jdk.incubator.vector}.
 *
 * <p><b>Block layout</b> (as llama.cpp's Q4_0): each row is cut into blocks of 32 codes, 16 bytes each; byte j of a
 * block holds code j in its low nibble and code j + 16 in its high nibble. So L consecutive bytes give L consecutive
 * codes from the low nibbles and the L codes 16 further on from the high nibbles: two vectors that line up with two
 * plain loads of x. The low nibble is stored with an offset of 8 (code + 8, 0 to 15, as Q4_0 stores both), the high
 * one in two's complement: widened with its sign, a byte then gives its low code with one AND ({@code i & 0xF}) and
 * its high code with one shift ({@code i >> 4}), where two's complement low nibbles took two shifts; the offset is
 * taken off once per group as 8 x the sum of x (see {@code VectorKernels.int4}). Measured in cache, 64 x 4096 g128
 * on an AVX2 EPYC: 18.8 us against 20.6 us for the two's complement blocks read block by block. The factory repacks
 * the pair layout of {@link QuantizedTensor#packInt4()} (code 2i low, 2i + 1 high) into this one; the group size must
 * therefore be a multiple of 32, so that a block never straddles two scales.
 */
public final class SimdInt4GroupWeights implements GemvWeights {

    /** Codes per block: 16 bytes, low nibbles then high nibbles. */
    public static final int BLOCK = 32;

    private final Int4GroupWeights weights;
    private final byte[] blocks;

    private SimdInt4GroupWeights(Int4GroupWeights weights, byte[] blocks) {
        this.weights = weights;
        this.blocks = blocks;
    }

    /**
     * The SIMD kernel over the given weights, repacked into the block layout.
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
                    + " for the SIMD int4 kernel (blocks of 32 codes share one scale), got " + weights.groupSize());
        }
        return new SimdInt4GroupWeights(weights, toOffsetBlocks(toBlocks(weights.packed())));
    }

    /**
     * Packs the codes of a tensor quantized symmetric, 4-bit, per group, as {@link Int4GroupWeights#from} does, then
     * repacks them into blocks.
     *
     * @throws IllegalArgumentException if bits is not 4, the scheme is not symmetric, the granularity not per group,
     *                                  or the group size not a multiple of 32
     */
    public static SimdInt4GroupWeights from(QuantizedTensor t) {
        return of(Int4GroupWeights.from(t));
    }

    /**
     * Repacks pairs (byte i: code 2i low, 2i + 1 high) into blocks of 32 (byte j: code j low, j + 16 high). The
     * length must be a multiple of 16 bytes.
     */
    static byte[] toBlocks(byte[] pairs) {
        byte[] out = new byte[pairs.length];
        for (int block = 0; block < pairs.length; block += BLOCK / 2) {
            for (int j = 0; j < BLOCK / 2; j++) {
                int low = nibble(pairs, block, j);
                int high = nibble(pairs, block, j + BLOCK / 2);
                out[block + j] = (byte) (low | high << 4);
            }
        }
        return out;
    }

    /**
     * Blocks with the low nibbles offset by 8: flipping bit 3 of a two's complement nibble c gives c + 8 (for c from
     * -8 to 7), so each byte is XORed with 0x08.
     */
    static byte[] toOffsetBlocks(byte[] blocks) {
        byte[] out = new byte[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            out[i] = (byte) (blocks[i] ^ 0x08);
        }
        return out;
    }

    /** The raw nibble of code k (0 to 31) of the block at byte offset {@code block}, in the pair layout. */
    private static int nibble(byte[] pairs, int block, int k) {
        int b = pairs[block + k / 2];
        return (k % 2 == 0 ? b : b >> 4) & 0x0F;
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

    /** The loop of {@link VectorKernels#int4}. */
    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        VectorKernels.int4(blocks, weights.scales(), fromRow, toRow, weights.cols(), weights.groupSize(), x, y);
    }

    @Override
    public String toString() {
        return "SimdInt4GroupWeights[" + rows() + " x " + cols() + ", group " + groupSize() + ", Vector API]";
    }
}
