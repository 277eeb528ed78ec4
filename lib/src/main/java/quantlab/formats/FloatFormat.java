package quantlab.formats;

/**
 * A binary floating-point storage format: sign, exponent and mantissa fields. Chapter 2 shows what each format can
 * hold; chapter 3 rounds every tensor of a training run through one of them.
 * <p>
 * PROVISIONAL: the full implementation (fp8 formats, exact encode/decode, layouts, ulp, value lists) is being
 * written; {@link #round(float)} for FP32, FP16 and BF16 is already final in behaviour.
 */
public final class FloatFormat {

    public static final FloatFormat FP32 = new FloatFormat("fp32", 8, 23);
    public static final FloatFormat FP16 = new FloatFormat("fp16", 5, 10);
    public static final FloatFormat BF16 = new FloatFormat("bf16", 8, 7);

    private final String name;
    private final int exponentBits;
    private final int mantissaBits;

    private FloatFormat(String name, int exponentBits, int mantissaBits) {
        this.name = name;
        this.exponentBits = exponentBits;
        this.mantissaBits = mantissaBits;
    }

    public String name() {
        return name;
    }

    public int bits() {
        return 1 + exponentBits + mantissaBits;
    }

    /** {@code x} rounded to the nearest value of this format (ties to even); overflow gives infinity, NaN stays NaN. */
    public float round(float x) {
        if (this == FP32) {
            return x;
        }
        if (this == FP16) {
            return Float.float16ToFloat(Float.floatToFloat16(x));
        }
        if (Float.isNaN(x)) {
            return x;
        }
        int bits = Float.floatToRawIntBits(x);
        int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
        return Float.intBitsToFloat(rounded);
    }

    @Override
    public String toString() {
        return name;
    }
}
