package quantlab.formats;

import java.util.List;
import java.util.Objects;

/**
 * A binary floating-point storage format: a sign, an exponent field and a mantissa field laid out by a
 * {@link FloatLayout}. Chapter 2 shows what each format can hold; chapter 3 rounds every tensor of a training run
 * through one of them. Encoding and decoding are plain bit arithmetic on the layout, so the same code serves fp32,
 * fp16, bf16, both fp8 formats and any layout made with {@link #define}.
 *
 * <p>Encoding rounds to nearest, ties to even, as if the exponent had no upper limit, and only then checks for
 * overflow: a value that rounds past {@link #max()} becomes infinity (or NaN in a format without infinity), and
 * the saturating variant clamps it to +-max instead.
 */
public final class FloatFormat implements StorageFormat, NumberSet {

    /** IEEE single precision, 1 | 8 | 23: the reference every other format is compared with. */
    public static final FloatFormat FP32 = define("fp32", FloatLayout.of(8, 23), SpecialValues.IEEE,
            "float32", "float", "single");
    /** IEEE half precision, 1 | 5 | 10: fine steps, narrow range (largest value 65504). */
    public static final FloatFormat FP16 = define("fp16", FloatLayout.of(5, 10), SpecialValues.IEEE,
            "float16", "half");
    /** bfloat16, 1 | 8 | 7: fp32's exponent with a short mantissa, so fp32's range in 16 bits. */
    public static final FloatFormat BF16 = define("bf16", FloatLayout.of(8, 7), SpecialValues.IEEE, "bfloat16");
    /** OCP 8-bit E4M3FN, 1 | 4 | 3, bias 7: no infinity, NaN only at S.1111.111, largest value 448. */
    public static final FloatFormat FP8_E4M3FN = define("fp8-e4m3fn", FloatLayout.of(4, 3),
            SpecialValues.FINITE_AND_NAN, "e4m3fn", "e4m3", "fp8_e4m3fn", "float8_e4m3fn", "fp8 e4m3fn");
    /** OCP 8-bit E5M2, 1 | 5 | 2, bias 15: IEEE-like with infinity and NaNs, largest value 57344. */
    public static final FloatFormat FP8_E5M2 = define("fp8-e5m2", FloatLayout.of(5, 2), SpecialValues.IEEE,
            "e5m2", "fp8_e5m2", "float8_e5m2", "fp8 e5m2");

    private final String name;
    private final FloatLayout layout;
    private final SpecialValues specials;
    private final List<String> aliases;

    // Derived from the layout once; "magnitude" means a code without its sign bit.
    private final int m;
    private final int minExponent;
    private final int signShift;
    private final int magnitudeMask;
    private final int fractionMask;
    private final int infinityMagnitude;
    private final int maxMagnitude;
    private final int overflowMagnitude;

    private FloatFormat(String name, FloatLayout layout, SpecialValues specials, List<String> aliases) {
        this.name = name;
        this.layout = layout;
        this.specials = specials;
        this.aliases = aliases;
        this.m = layout.mantissaBits();
        this.minExponent = layout.minNormalExponent();
        this.signShift = layout.exponentBits() + m;
        this.magnitudeMask = (int) ((1L << signShift) - 1);
        this.fractionMask = (1 << m) - 1;
        this.infinityMagnitude = ((1 << layout.exponentBits()) - 1) << m;
        this.maxMagnitude = specials.hasInfinity() ? infinityMagnitude - 1 : magnitudeMask - 1;
        this.overflowMagnitude = specials.hasInfinity() ? infinityMagnitude : magnitudeMask;
    }

    /**
     * A float format of your own, for example an fp8 E3M4 or a 12-bit experiment. Its values must all be exact in
     * fp32, since {@link #decode} returns a {@code float}.
     *
     * @throws IllegalArgumentException if the name is blank or the layout reaches outside fp32's range
     */
    public static FloatFormat define(String name, FloatLayout layout, SpecialValues specials, String... aliases) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(specials, "specials");
        int topField = (1 << layout.exponentBits()) - (specials.hasInfinity() ? 2 : 1);
        if (topField - layout.bias() > 127) {
            throw new IllegalArgumentException("bias: exponents up to " + (topField - layout.bias())
                    + " do not fit in fp32 (at most 127), got bias " + layout.bias());
        }
        if (layout.minNormalExponent() - layout.mantissaBits() < -149) {
            throw new IllegalArgumentException("bias: subnormals down to 2^"
                    + (layout.minNormalExponent() - layout.mantissaBits())
                    + " do not fit in fp32 (at least 2^-149), got bias " + layout.bias());
        }
        return new FloatFormat(name.strip(), layout, specials, List.of(aliases));
    }

    /**
     * One of the five built-in formats by name or alias, ignoring case: "fp16", "half", "bfloat16", "e4m3fn".
     *
     * @throws IllegalArgumentException naming the unknown value and the accepted names
     */
    public static FloatFormat of(String name) {
        if (StorageFormat.of(name) instanceof FloatFormat format) {
            return format;
        }
        throw new IllegalArgumentException("format: '" + name + "' is an integer grid, not a float format");
    }

    static List<FloatFormat> builtIn() {
        return List.of(FP32, FP16, BF16, FP8_E4M3FN, FP8_E5M2);
    }

    boolean answersTo(String key) {
        return name.equals(key) || aliases.contains(key);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return name;
    }

    @Override
    public int bits() {
        return layout.bits();
    }

    /** Where the bits go: sign, exponent and mantissa widths and the bias. */
    public FloatLayout layout() {
        return layout;
    }

    /** Whether the top codes hold infinity and NaNs (IEEE) or only one NaN per sign. */
    public SpecialValues specials() {
        return specials;
    }

    // ---------------------------------------------------------------------------------------------- encoding

    /**
     * The code of {@code x} in this format: round to nearest, ties to even. A value that rounds past {@link #max()}
     * becomes infinity, or NaN in a format without infinity; NaN stays NaN (keeping its sign and what fits of its
     * payload, with the quiet bit set); signed zeros keep their sign. The code sits in the low {@link #bits()} bits.
     */
    public int encode(float x) {
        return encode(x, false);
    }

    /** As {@link #encode}, but values that round past the largest finite value, and infinities, give +-max. */
    public int encodeSaturating(float x) {
        return encode(x, true);
    }

    /** {@code x} rounded to the nearest value of this format (ties to even); overflow gives infinity, NaN stays NaN. */
    public float round(float x) {
        return decode(encode(x, false));
    }

    /** {@code x} rounded to the nearest value of this format, clamped to +-{@link #max()}; NaN stays NaN. */
    public float roundSaturating(float x) {
        return decode(encode(x, true));
    }

    private int encode(float x, boolean saturate) {
        int in = Float.floatToRawIntBits(x);
        int sign = in >>> 31;
        int abs = in & 0x7FFF_FFFF;
        if (abs >= 0x7F80_0000) {
            return special(sign, abs != 0x7F80_0000, (abs & 0x007F_FFFF) >>> (23 - m), saturate);
        }
        if (abs == 0) {
            return sign << signShift;
        }
        int field = abs >>> 23;
        if (field == 0) {
            // An fp32 subnormal: abs x 2^-149, with its leading one somewhere below bit 23.
            int floorLog2 = 31 - Integer.numberOfLeadingZeros(abs) - 149;
            return finish(sign, magnitude(abs, -149, floorLog2), saturate);
        }
        return finish(sign, magnitude((abs & 0x007F_FFFF) | 0x0080_0000, field - 150, field - 127), saturate);
    }

    private int encode(double x, boolean saturate) {
        long in = Double.doubleToRawLongBits(x);
        int sign = (int) (in >>> 63);
        long abs = in & 0x7FFF_FFFF_FFFF_FFFFL;
        if (abs >= 0x7FF0_0000_0000_0000L) {
            int payload = (int) ((abs & 0x000F_FFFF_FFFF_FFFFL) >>> (52 - m));
            return special(sign, abs != 0x7FF0_0000_0000_0000L, payload, saturate);
        }
        if (abs == 0) {
            return sign << signShift;
        }
        int field = (int) (abs >>> 52);
        if (field == 0) {
            int floorLog2 = 63 - Long.numberOfLeadingZeros(abs) - 1074;
            return finish(sign, magnitude(abs, -1074, floorLog2), saturate);
        }
        long significand = (abs & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L;
        return finish(sign, magnitude(significand, field - 1075, field - 1023), saturate);
    }

    /**
     * The code magnitude nearest to significand x 2^exponent (significand &gt; 0, its top bit at 2^floorLog2).
     * In the binade [2^e, 2^(e+1)) the format's step is 2^(e - m), and never finer than the subnormal step
     * 2^(minExponent - m); dropping the bits below that step with round-half-even gives the integer q, and the
     * code is ((e - minExponent) &lt;&lt; m) + q. A carry out of the mantissa lands on the next binade's first code,
     * because codes of one sign are consecutive in value.
     */
    private long magnitude(long significand, int exponent, int floorLog2) {
        int binade = Math.max(floorLog2, minExponent);
        int drop = binade - m - exponent;
        long q;
        if (drop == 0) {
            q = significand;
        } else {
            // Round half to even without a data-dependent branch: add just under half a step, plus one more when
            // the kept part is odd, then cut. Dropping 63 bits or more leaves nothing of a 53-bit significand.
            drop = Math.min(drop, 63);
            long kept = significand >>> drop;
            q = (significand + (1L << (drop - 1)) - 1 + (kept & 1)) >>> drop;
        }
        return ((long) (binade - minExponent) << m) + q;
    }

    private int finish(int sign, long magnitude, boolean saturate) {
        if (magnitude > maxMagnitude) {
            return (sign << signShift) | (saturate ? maxMagnitude : overflowMagnitude);
        }
        return (sign << signShift) | (int) magnitude;
    }

    private int special(int sign, boolean nan, int payload, boolean saturate) {
        if (nan) {
            int code = specials.hasInfinity() ? infinityMagnitude | (1 << (m - 1)) | payload : magnitudeMask;
            return (sign << signShift) | code;
        }
        return (sign << signShift) | (saturate ? maxMagnitude : overflowMagnitude);
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /**
     * The value of the code {@code bits}: +-2^(e - bias) x 1.fraction for a normal code, +-2^(1 - bias) x
     * 0.fraction for a subnormal one (exponent field 0), or infinity or NaN for the special codes.
     *
     * @throws IllegalArgumentException if {@code bits} is not a code of this width (any int is one for fp32)
     */
    public float decode(int bits) {
        checkCode(bits);
        int sign = (bits >>> signShift) & 1;
        int magnitude = bits & magnitudeMask;
        if (magnitude > maxMagnitude) {
            if (magnitude == infinityMagnitude && specials.hasInfinity()) {
                return sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            }
            return Float.intBitsToFloat((sign << 31) | 0x7FC0_0000 | ((magnitude & fractionMask) << (23 - m)));
        }
        int field = magnitude >>> m;
        int significand = field == 0 ? magnitude : (magnitude & fractionMask) | (1 << m);
        // Exact: the significand has at most 24 bits and define() keeps every power within fp32's reach.
        float value = Math.scalb((float) significand, Math.max(field, 1) - layout.bias() - m);
        return sign == 0 ? value : -value;
    }

    /** True when {@code bits} is a NaN code of this format. */
    public boolean isNaN(int bits) {
        checkCode(bits);
        int magnitude = bits & magnitudeMask;
        return magnitude > maxMagnitude && !(magnitude == infinityMagnitude && specials.hasInfinity());
    }

    /** True when {@code bits} is +infinity or -infinity; always false for a format without infinity. */
    public boolean isInfinite(int bits) {
        checkCode(bits);
        return specials.hasInfinity() && (bits & magnitudeMask) == infinityMagnitude;
    }

    /** The code's bits grouped as sign|exponent|mantissa, such as {@code 0|01111|0000000000} for fp16 1.0. */
    public String bitString(int bits) {
        checkCode(bits);
        return layout.group(bits);
    }

    private void checkCode(int bits) {
        if (bits() < 32 && (bits < 0 || bits > 2 * magnitudeMask + 1)) {
            throw new IllegalArgumentException("bits must be a " + bits() + "-bit " + name + " code from 0 to "
                    + (2 * magnitudeMask + 1) + ", got " + bits);
        }
    }

    // ------------------------------------------------------------------------------------- what it can hold

    /** The largest finite value: 65504 for fp16, about 3.39e38 for bf16, 448 for E4M3FN, 57344 for E5M2. */
    public float max() {
        return decode(maxMagnitude);
    }

    /** The smallest positive normal value, 2^(1 - bias): 2^-14 for fp16, 2^-126 for fp32 and bf16. */
    public float minNormal() {
        return decode(1 << m);
    }

    /** The smallest positive subnormal value, 2^(1 - bias - mantissaBits): 2^-24 for fp16. */
    public float minSubnormal() {
        return decode(1);
    }

    /** Machine epsilon, the gap between 1 and the next value: 2^-mantissaBits (2^-10 for fp16, 2^-7 for bf16). */
    public float epsilon() {
        return ulp(1f);
    }

    /**
     * The spacing of this format's values at {@code x}: 2^(e - mantissaBits) where 2^e is the power of two at or
     * below |x|, never less than the subnormal spacing. Matches {@link Math#ulp(float)} for fp32. Past
     * {@link #max()} it is the spacing at max; infinite for infinity, NaN for NaN.
     */
    @Override
    public float ulp(float x) {
        if (Float.isNaN(x)) {
            return Float.NaN;
        }
        if (Float.isInfinite(x)) {
            return Float.POSITIVE_INFINITY;
        }
        float a = Math.min(Math.abs(x), max());
        int e = Math.max(Math.getExponent(a), minExponent);
        return Math.scalb(1f, e - m);
    }

    @Override
    public float smallestPositive() {
        return minSubnormal();
    }

    @Override
    public float largest() {
        return max();
    }

    /**
     * Every finite value of the format, ascending, with zero listed once: 63,487 values for fp16, 253 for E4M3FN.
     *
     * @throws UnsupportedOperationException for formats wider than 16 bits (fp32 has over four billion)
     */
    public float[] values() {
        if (bits() > 16) {
            throw new UnsupportedOperationException(name + " has " + bits()
                    + "-bit codes, too many values to list; values() lists formats of at most 16 bits");
        }
        float[] values = new float[2 * maxMagnitude + 1];
        for (int magnitude = 0; magnitude <= maxMagnitude; magnitude++) {
            float v = decode(magnitude);
            values[maxMagnitude + magnitude] = v;
            values[maxMagnitude - magnitude] = -v;
        }
        values[maxMagnitude] = 0f;
        return values;
    }

    @Override
    public long countBetween(double lo, double hi) {
        Checks.range(lo, hi);
        return Math.max(0, lastOrdinal(hi) - firstOrdinal(lo) + 1);
    }

    @Override
    public float[] valuesBetween(double lo, double hi) {
        long count = countBetween(lo, hi);
        Checks.listable(count, name, lo, hi);
        float[] values = new float[(int) count];
        long first = firstOrdinal(lo);
        for (int i = 0; i < values.length; i++) {
            values[i] = decode(codeOfOrdinal(first + i));
        }
        return values;
    }

    @Override
    public StoredValue store(double x) {
        int code = encode(x, false);
        return new StoredValue(name, x, code, layout.group(code), decode(code));
    }

    // Ordinals number the finite values in order: +magnitude for positive codes, -magnitude for negative ones,
    // so both zeros are ordinal 0 and neighbours differ by one.
    private long firstOrdinal(double lo) {
        long ordinal = ordinalOf(encode(lo, true));
        return decode(codeOfOrdinal(ordinal)) < lo ? ordinal + 1 : ordinal;
    }

    private long lastOrdinal(double hi) {
        long ordinal = ordinalOf(encode(hi, true));
        return decode(codeOfOrdinal(ordinal)) > hi ? ordinal - 1 : ordinal;
    }

    private long ordinalOf(int code) {
        long magnitude = code & magnitudeMask;
        return ((code >>> signShift) & 1) == 0 ? magnitude : -magnitude;
    }

    private int codeOfOrdinal(long ordinal) {
        return ordinal >= 0 ? (int) ordinal : (1 << signShift) | (int) -ordinal;
    }

    @Override
    public String toString() {
        return name;
    }
}
