package quantlab.quantization;

import java.util.Arrays;
import quantlab.formats.FloatFormat;

/**
 * One stored block of a {@link BlockFormat}: the fp16 scale's bits and 32 codes, exactly what a GGUF tensor holds
 * per 32 weights. {@link #toBytes()} gives the on-disk layout.
 *
 * @param format    Q8_0 or Q4_0
 * @param scaleBits the fp16 bit pattern of d
 * @param codes     32 codes: int8 values -127..127 for Q8_0, stored nibbles 0..15 (q + 8) for Q4_0
 */
public record QuantizedBlock(BlockFormat format, short scaleBits, int[] codes) {

    public QuantizedBlock {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (codes == null || codes.length != BlockFormat.BLOCK_SIZE) {
            throw new IllegalArgumentException("codes must hold " + BlockFormat.BLOCK_SIZE + " codes, got "
                    + (codes == null ? "null" : codes.length));
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < format.minCode() || codes[i] > format.maxCode()) {
                throw new IllegalArgumentException("codes[" + i + "] must be from " + format.minCode() + " to "
                        + format.maxCode() + " in " + format + ", got " + codes[i]);
            }
        }
        codes = codes.clone();
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    /** d as stored: the fp16 value, widened to float. */
    public float scale() {
        return FloatFormat.FP16.decode(scaleBits & 0xFFFF);
    }

    /** The 32 values read back: code x d for Q8_0, (code - 8) x d for Q4_0. */
    public float[] dequantize() {
        float d = scale();
        int offset = format == BlockFormat.Q4_0 ? 8 : 0;
        float[] out = new float[codes.length];
        for (int j = 0; j < codes.length; j++) {
            out[j] = (codes[j] - offset) * d;
        }
        return out;
    }

    /** The block as laid out on disk: d as little-endian fp16, then the int8 codes or the 16 nibble bytes. */
    public byte[] toBytes() {
        byte[] out = new byte[format.bytesPerBlock()];
        out[0] = (byte) scaleBits;
        out[1] = (byte) (scaleBits >> 8);
        if (format == BlockFormat.Q8_0) {
            for (int j = 0; j < codes.length; j++) {
                out[2 + j] = (byte) codes[j];
            }
        } else {
            int half = BlockFormat.BLOCK_SIZE / 2;
            for (int j = 0; j < half; j++) {
                out[2 + j] = (byte) (codes[j] | codes[j + half] << 4);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedBlock b && format == b.format && scaleBits == b.scaleBits
                && Arrays.equals(codes, b.codes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(codes) + scaleBits;
    }

    @Override
    public String toString() {
        return format + " block[d " + scale() + ", codes " + Arrays.toString(codes) + "]";
    }
}
