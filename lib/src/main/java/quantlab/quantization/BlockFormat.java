package quantlab.quantization;

import quantlab.formats.FloatFormat;

/**
 * Two of llama.cpp's block types, the ones a GGUF file names Q8_0 and Q4_0 in a tensor's type field. GGUF itself
 * is a container; the block type is the method, frozen into a byte layout: 32 weights, one fp16 scale d, then
 * the codes. It invents no new arithmetic; it fixes a choice of scheme, granularity (groups of 32) and bit width.
 *
 * <p>Definitions, following ggml's reference quantizers ({@code quantize_row_q8_0_ref}, {@code
 * quantize_row_q4_0_ref} in ggml-quants.c):
 * <ul>
 *   <li>Q8_0: d = absmax / 127; code = roundf(x x (1 / d)), C's roundf: the nearest integer, halves away from
 *       zero, in [-127, 127]; value = code x d. roundf decides on the exact float, so 0.49999997f gives 0 (a
 *       rounding of |x| + 0.5f would first round that sum up to 1.0f and give 1).
 *       34 bytes per block: 2 for d, 32 for int8 codes, 8.5 bits per weight.</li>
 *   <li>Q4_0: let max be the value of largest magnitude, sign kept; d = max / -8; code = min(15, floor(x / d +
 *       8.5)), in [0, 15]; value = (code - 8) x d. The largest-magnitude value lands exactly on code 0 (-8 x d);
 *       a value of the opposite sign and equal size is clipped to 7 x d. 18 bytes per block: 2 for d, 16 bytes
 *       of nibbles, 4.5 bits per weight. Byte j holds code j in its low nibble and code j + 16 in its high
 *       nibble (not the even/odd layout of {@link Int4Packing}).</li>
 * </ul>
 * As in ggml, codes are computed with the exact float d, and d is then stored rounded to fp16, which is the
 * value dequantization uses. A block of zeros gets d = 0 and reads back as zeros. Where d is negative (Q4_0),
 * a zero reads back as -0.0, exactly as in ggml; it compares equal to 0.
 */
public enum BlockFormat {

    /** 32 int8 codes and an fp16 scale: 34 bytes, 8.5 bits per weight. */
    Q8_0(34),
    /** 32 offset 4-bit codes and an fp16 scale: 18 bytes, 4.5 bits per weight. */
    Q4_0(18);

    /** Weights per block in both formats. */
    public static final int BLOCK_SIZE = 32;

    private final int bytesPerBlock;

    BlockFormat(int bytesPerBlock) {
        this.bytesPerBlock = bytesPerBlock;
    }

    /** Bytes one block of 32 weights occupies on disk: 34 or 18. */
    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    /** Average storage per weight, scale included: 8.5 or 4.5. */
    public double bitsPerWeight() {
        return bytesPerBlock * 8.0 / BLOCK_SIZE;
    }

    /** Quantizes one block of exactly 32 finite values. */
    public QuantizedBlock quantize(float[] block) {
        if (block == null || block.length != BLOCK_SIZE) {
            throw new IllegalArgumentException("block must hold " + BLOCK_SIZE + " values, got "
                    + (block == null ? "null" : block.length));
        }
        Quantizer.checkFinite(block);
        float amax = 0;
        float max = 0;
        for (float v : block) {
            if (Math.abs(v) > amax) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = this == Q8_0 ? amax / 127f : max / -8f;
        float id = d != 0 ? 1f / d : 0f;
        int[] codes = new int[BLOCK_SIZE];
        for (int j = 0; j < BLOCK_SIZE; j++) {
            float x = block[j] * id;
            codes[j] = this == Q8_0
                    ? roundf(x)
                    : Math.min(15, (int) (x + 8.5f));
        }
        return new QuantizedBlock(this, (short) FloatFormat.FP16.encode(d), codes);
    }

    /** Quantizes and dequantizes a run of whole blocks: {@code values.length} must be a multiple of 32. */
    public float[] roundTrip(float[] values) {
        if (values == null || values.length == 0 || values.length % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("values must be a positive multiple of " + BLOCK_SIZE
                    + " long, got " + (values == null ? "null" : values.length));
        }
        float[] out = new float[values.length];
        float[] block = new float[BLOCK_SIZE];
        for (int start = 0; start < values.length; start += BLOCK_SIZE) {
            System.arraycopy(values, start, block, 0, BLOCK_SIZE);
            System.arraycopy(quantize(block).dequantize(), 0, out, start, BLOCK_SIZE);
        }
        return out;
    }

    /**
     * C's {@code roundf}: the integer nearest to {@code x}, halves away from zero, decided on the exact value.
     * {@code |x| - floor(|x|)} is exact in float, so no intermediate sum can round a value below one half up.
     */
    static int roundf(float x) {
        float magnitude = Math.abs(x);
        float whole = (float) Math.floor(magnitude);
        if (magnitude - whole >= 0.5f) {
            whole += 1f;
        }
        return (int) Math.copySign(whole, x);
    }

    int minCode() {
        return this == Q8_0 ? -127 : 0;
    }

    int maxCode() {
        return this == Q8_0 ? 127 : 15;
    }
}
