package quantlab.nf4;

/**
 * A tensor quantized blockwise with absmax scaling: each run of {@code blockSize} values is divided by its largest
 * magnitude and each quotient replaced by the code of the nearest grid level. The scales are kept either in fp32
 * (32 bits per block) or double-quantized ({@link DoubleQuantizedScales}: 8 bits per block plus an fp32 constant
 * per 256 blocks), as QLoRA stores them.
 *
 * @param grid      the 4-bit value set
 * @param blockSize values per scale (QLoRA: 64)
 * @param codes     one code per value, 0 .. grid size - 1
 * @param absmax    the fp32 scale of every block
 * @param dq        the double-quantized scales, or null when they are kept in fp32
 */
public record BlockQuantized(FourBitGrid grid, int blockSize, byte[] codes, float[] absmax,
                             DoubleQuantizedScales dq) {

    /** QLoRA's block size for the weights. */
    public static final int QLORA_BLOCK = 64;

    /** Quantizes {@code values} in blocks of {@code blockSize}, keeping the scales in fp32. */
    public static BlockQuantized quantize(float[] values, FourBitGrid grid, int blockSize) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values must hold at least one value, got "
                    + (values == null ? "null" : "none"));
        }
        if (grid == null) {
            throw new IllegalArgumentException("grid must not be null, got null");
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        int blocks = Math.ceilDiv(values.length, blockSize);
        float[] absmax = new float[blocks];
        byte[] codes = new byte[values.length];
        for (int blk = 0; blk < blocks; blk++) {
            int from = blk * blockSize;
            int to = Math.min(values.length, from + blockSize);
            float max = 0;
            for (int i = from; i < to; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new IllegalArgumentException("values must be finite, got " + values[i] + " at index " + i);
                }
                max = Math.max(max, Math.abs(values[i]));
            }
            absmax[blk] = max;
            for (int i = from; i < to; i++) {
                codes[i] = (byte) grid.nearest(max == 0 ? 0 : values[i] / max);
            }
        }
        return new BlockQuantized(grid, blockSize, codes, absmax, null);
    }

    /** This tensor with its block scales double-quantized (8-bit codes in blocks of {@code scaleBlock}). */
    public BlockQuantized doubleQuantized(int scaleBlock) {
        return new BlockQuantized(grid, blockSize, codes, absmax, DoubleQuantizedScales.of(absmax, scaleBlock));
    }

    /** The scale of block {@code blk} as dequantization reads it (after double quantization when present). */
    public float scale(int blk) {
        return dq != null ? dq.scale(blk) : absmax[blk];
    }

    /** The values the codes stand for: level times the block's scale. */
    public float[] dequantize() {
        float[] out = new float[codes.length];
        float[] scales = dq != null ? dq.scales() : absmax;
        for (int i = 0; i < codes.length; i++) {
            out[i] = (float) (grid.level(codes[i]) * scales[i / blockSize]);
        }
        return out;
    }

    /** Bits spent on scales per value: 32 / blockSize in fp32, or the double-quantized figure. */
    public double scaleBitsPerValue() {
        return dq != null ? dq.bitsPerBlock() / blockSize : 32.0 / blockSize;
    }

    /** Bytes stored: 4 bits per code plus the scales (and the DQ constants). */
    public long storedBytes() {
        long codeBytes = Math.ceilDiv((long) codes.length * 4, 8);
        long scaleBytes = dq != null ? dq.storedBytes() : 4L * absmax.length;
        return codeBytes + scaleBytes;
    }
}
