package quantlab.kernels;

/**
 * An activation vector x quantized to int8 per group of columns, the input side of a W4A8 product: scale =
 * max |x| / 127 over the group, code = x x 127 / max |x| rounded half away from zero. With both sides integers a
 * group's dot product is exact in int arithmetic and floats enter once per group, which is how llama.cpp multiplies
 * Q4_0 weights (it quantizes the activations to Q8_0 blocks first); the price is the activations' rounding, half a
 * step of max |x| / 127 at most per entry.
 */
public final class ActivationCodes {

    /** The largest code: symmetric, so -127 to 127 and -128 unused. */
    public static final int MAX_CODE = 127;

    private final short[] codes;
    private final float[] scales;
    private final int groupSize;

    private ActivationCodes(short[] codes, float[] scales, int groupSize) {
        this.codes = codes;
        this.scales = scales;
        this.groupSize = groupSize;
    }

    /**
     * Quantizes x in groups of {@code groupSize} consecutive entries.
     *
     * @throws IllegalArgumentException if x is null or empty, groupSize is not at least 1 and a divisor of its
     *                                  length, or an entry is NaN or infinite
     */
    public static ActivationCodes of(float[] x, int groupSize) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x must not be null or empty");
        }
        checkGroup(x.length, groupSize);
        short[] codes = new short[x.length];
        float[] scales = new float[x.length / groupSize];
        quantizeInto(x, groupSize, codes, scales);
        return new ActivationCodes(codes, scales, groupSize);
    }

    static void checkGroup(int length, int groupSize) {
        if (groupSize < 1 || length % groupSize != 0) {
            throw new IllegalArgumentException("groupSize must be at least 1 and divide the length of x " + length
                    + ", got " + groupSize);
        }
    }

    /**
     * The quantization itself, into arrays the caller owns (the kernels keep one pair per thread). A group whose
     * entries are all zero gets scale 0 and codes 0. Codes are rounded half away from zero: the float
     * x x (127 / max) plus or minus 0.5, truncated. The multiplier is rounded to float from double, where a max
     * below about 4e-37 would overflow it, and then the product is taken in double instead.
     */
    static void quantizeInto(float[] x, int groupSize, short[] codes, float[] scales) {
        for (int g = 0, start = 0; start < x.length; g++, start += groupSize) {
            quantizeGroup(x, start, start + groupSize, codes, scales, g);
        }
    }

    /** Group g, entries start..end of x: see {@link #quantizeInto}. */
    static void quantizeGroup(float[] x, int start, int end, short[] codes, float[] scales, int g) {
        float max = 0f;
        for (int i = start; i < end; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        if (!Float.isFinite(max)) {
            for (int i = start; i < end; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new IllegalArgumentException("x[" + i + "] must be finite, got " + x[i]);
                }
            }
        }
        scales[g] = (float) (max / (double) MAX_CODE);
        float inverse = max == 0f ? 0f : (float) (MAX_CODE / (double) max);
        if (Float.isFinite(inverse)) {
            for (int i = start; i < end; i++) {
                float v = x[i] * inverse;
                codes[i] = (short) (int) (v + Math.copySign(0.5f, v));
            }
        } else {
            double wide = MAX_CODE / (double) max;
            for (int i = start; i < end; i++) {
                double v = x[i] * wide;
                codes[i] = (short) (int) (v + Math.copySign(0.5, v));
            }
        }
    }

    /** Entries of x. */
    public int length() {
        return codes.length;
    }

    /** Entries per scale. */
    public int groupSize() {
        return groupSize;
    }

    /** The code of entry i, -127 to 127. */
    public int code(int i) {
        return codes[i];
    }

    /** The scale of group g: entry i stands for code(i) x scale(i / groupSize). */
    public float scale(int g) {
        return scales[g];
    }

    /** code x scale for every entry: what the integer product actually multiplies. */
    public float[] dequantize() {
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = codes[i] * scales[i / groupSize];
        }
        return out;
    }

    @Override
    public String toString() {
        return "ActivationCodes[" + codes.length + " entries, group " + groupSize + "]";
    }
}
