package quantlab.nf4;

/**
 * QLoRA's double quantization of the block scales: subtract their mean (they are all positive, so centring
 * uses the 8 bits on both signs), then quantize them to 8 bits blockwise with one fp32 absmax per
 * {@code scaleBlock} scales (QLoRA: 256). Bits per weight block: 8 + 32 / scaleBlock, so with blocks of 64
 * weights 8/64 + 32/(64 * 256) = 0.127 bits per weight instead of 32/64 = 0.5. The paper stores the 8-bit scales
 * as FP8 and bitsandbytes with its dynamic 8-bit map; this class uses symmetric int8 (-127..127), which spends
 * the same bits.
 *
 * @param codes      one int8 code per scale
 * @param constants  the fp32 absmax of every group of {@code scaleBlock} centred scales
 * @param mean       the mean subtracted before quantizing (one fp32 per tensor)
 * @param scaleBlock scales per constant
 */
public record DoubleQuantizedScales(byte[] codes, float[] constants, float mean, int scaleBlock) {

    /** QLoRA's block size for the second level. */
    public static final int QLORA_SCALE_BLOCK = 256;

    /** Double-quantizes {@code absmax}. */
    public static DoubleQuantizedScales of(float[] absmax, int scaleBlock) {
        if (absmax == null || absmax.length == 0) {
            throw new IllegalArgumentException("absmax must hold at least one scale, got "
                    + (absmax == null ? "null" : "none"));
        }
        if (scaleBlock < 1) {
            throw new IllegalArgumentException("scaleBlock must be positive, got " + scaleBlock);
        }
        double sum = 0;
        for (float s : absmax) {
            sum += s;
        }
        float mean = (float) (sum / absmax.length);
        int groups = Math.ceilDiv(absmax.length, scaleBlock);
        float[] constants = new float[groups];
        byte[] codes = new byte[absmax.length];
        for (int g = 0; g < groups; g++) {
            int from = g * scaleBlock;
            int to = Math.min(absmax.length, from + scaleBlock);
            float max = 0;
            for (int i = from; i < to; i++) {
                max = Math.max(max, Math.abs(absmax[i] - mean));
            }
            constants[g] = max;
            for (int i = from; i < to; i++) {
                codes[i] = (byte) (max == 0 ? 0 : Math.round((absmax[i] - mean) / max * 127));
            }
        }
        return new DoubleQuantizedScales(codes, constants, mean, scaleBlock);
    }

    /** The dequantized scale of weight block {@code blk}. */
    public float scale(int blk) {
        return codes[blk] / 127f * constants[blk / scaleBlock] + mean;
    }

    /** Every dequantized scale. */
    public float[] scales() {
        float[] out = new float[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scale(i);
        }
        return out;
    }

    /** Bits per weight block: 8 for the code and a share of the fp32 constant. */
    public double bitsPerBlock() {
        return 8 + 32.0 / scaleBlock;
    }

    /** Bytes stored: the codes, the constants and the mean. */
    public long storedBytes() {
        return codes.length + 4L * constants.length + 4;
    }
}
