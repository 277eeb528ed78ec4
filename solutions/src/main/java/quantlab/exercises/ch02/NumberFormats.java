package quantlab.exercises.ch02;

import java.util.Locale;

/**
 * Chapter 2, "Numbers are storage decisions": reading fp16 and bf16 bit patterns, and working out what each
 * format can hold.
 *
 * <p>A 16-bit float is three unsigned integers packed side by side. Reading from the most significant bit:
 *
 * <pre>
 *   fp16:  s eeeee mmmmmmmmmm        1 sign bit, 5 exponent bits, 10 mantissa bits
 *   bf16:  s eeeeeeee mmmmmmm        1 sign bit, 8 exponent bits,  7 mantissa bits
 *   fp32:  s eeeeeeee mmmmmmmmmmmmmmmmmmmmmmm   1 + 8 + 23 bits
 * </pre>
 *
 * <p>Both 16-bit formats cost the same two bytes. They differ only in how they split the 15 bits after the
 * sign: fp16 buys finer steps (more mantissa), bf16 buys a far wider span (the same 8-bit exponent as fp32).
 * This chapter turns that sentence into numbers you compute yourself.
 *
 * <p>Reference solution. Students start from the same class with every method body replaced by a
 * {@code throw new UnsupportedOperationException(...)}; the tests in {@code exercises/src/test/java} grade both.
 *
 * <p><b>How a normal value is stored.</b> With exponent field {@code E}, mantissa field {@code M} of
 * {@code m} bits and bias {@code B}, a normal number is
 *
 * <pre>
 *   value = (-1)^s x (1 + M / 2^m) x 2^(E - B)
 * </pre>
 *
 * <p>The leading 1 is implied, not stored: that is where the extra bit of precision comes from. Two exponent
 * field values are reserved. All zeros means zero or a subnormal number; all ones means infinity or NaN.
 *
 * <p><b>Bit patterns as arguments.</b> A 16-bit pattern is passed as an {@code int} from 0 to 65535
 * (0x0000 to 0xFFFF), so that {@code 0x8000} means what it says. Java's {@code short} is signed and would
 * turn that pattern into -32768; the {@code int} avoids the surprise.
 *
 * <p><b>Bad input.</b> Where a method's Javadoc lists rules for its arguments, break none of them silently:
 * throw an {@link IllegalArgumentException} whose message names the offending parameter and shows its value,
 * for example {@code "bits must be between 0 and 65535 (0xFFFF), got 70000"}.
 */
public final class NumberFormats {

    /**
     * Where a format spends its bits. {@code totalBits = 1 + exponentBits + mantissaBits}; the single sign bit
     * is not stored separately in the record.
     *
     * @param totalBits all the bits of one value, sign included
     * @param exponentBits width of the exponent field
     * @param mantissaBits width of the stored mantissa (fraction) field, without the implied leading 1
     * @param bias the number subtracted from the exponent field of a normal value
     */
    public record Layout(int totalBits, int exponentBits, int mantissaBits, int bias) {
    }

    /** What happens to a real number when it is rounded into a format: see {@link #classify(float, String)}. */
    public enum Outcome {
        /** Rounds to a normal number (or is exactly zero): stored with the format's full precision. */
        FITS,
        /** Rounds to a nonzero subnormal number: kept, but with fewer significant bits than a normal value. */
        SUBNORMAL,
        /** A nonzero value that rounds to zero: the number is gone. */
        UNDERFLOWS_TO_ZERO,
        /** Too large in magnitude: rounds to infinity. */
        OVERFLOWS
    }

    /** The format names the methods accept, as listed in error messages. */
    private static final String FORMATS = "fp32, fp16, bf16";

    private NumberFormats() {
    }

    /**
     * Warm-up. The field layout of fp32, fp16 and bf16, as numbers.
     *
     * <table>
     *   <caption>Field widths and exponent bias</caption>
     *   <tr><th>format</th><th>total bits</th><th>exponent bits</th><th>mantissa bits</th><th>bias</th></tr>
     *   <tr><td>fp32</td><td>32</td><td>8</td><td>23</td><td>127</td></tr>
     *   <tr><td>fp16</td><td>16</td><td>5</td><td>10</td><td>15</td></tr>
     *   <tr><td>bf16</td><td>16</td><td>8</td><td>7</td><td>127</td></tr>
     * </table>
     *
     * <p>The bias is always 2^(exponentBits - 1) - 1: 2^4 - 1 = 15 for five exponent bits, 2^7 - 1 = 127 for
     * eight. It lets an unsigned field stand for negative powers of two as well as positive ones.
     *
     * <p>Hint: as in chapter 1, switch on {@code format.toLowerCase(java.util.Locale.ROOT)}.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return the layout, e.g. {@code new Layout(16, 5, 10, 15)} for fp16
     * @throws IllegalArgumentException if {@code format} is null or not one of the three; the message must
     *     contain the word {@code format} and the name you were given
     */
    public static Layout layout(String format) {
        if (format == null) {
            throw new IllegalArgumentException("format must be one of " + FORMATS + ", got null");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "fp32" -> new Layout(32, 8, 23, 127);
            case "fp16" -> new Layout(16, 5, 10, 15);
            case "bf16" -> new Layout(16, 8, 7, 127);
            default -> throw new IllegalArgumentException(
                    "format must be one of " + FORMATS + ", got '" + format + "'");
        };
    }

    /**
     * Exercise 1. Decode an fp16 bit pattern by hand: split it into sign, exponent and mantissa, then apply
     * the rule that matches the exponent field.
     *
     * <pre>
     *   s = bit 15          E = bits 14..10 (0..31)          M = bits 9..0 (0..1023)
     *
     *   E = 0,  M = 0    ->  zero, signed: +0.0 or -0.0
     *   E = 0,  M != 0   ->  subnormal: (-1)^s x (M / 1024) x 2^-14      (no implied 1)
     *   E = 31, M = 0    ->  infinity, signed
     *   E = 31, M != 0   ->  NaN
     *   otherwise        ->  normal:    (-1)^s x (1 + M / 1024) x 2^(E - 15)
     * </pre>
     *
     * <p>Work two by hand first. 0x3C00 is 0 01111 0000000000: E = 15, M = 0, so (1 + 0) x 2^0 = 1.0.
     * 0x0001 is the smallest subnormal: (1 / 1024) x 2^-14 = 2^-24, about 5.96e-8.
     *
     * <p>Hint: {@code (bits >>> 10) & 0x1F} extracts the exponent field and {@code bits & 0x3FF} the mantissa.
     * {@link Math#scalb(float, int)} multiplies by a power of two exactly. Any NaN is accepted for the NaN
     * patterns; its payload bits need not survive.
     *
     * <p>The JDK (since Java 20) has {@link Float#float16ToFloat(short)}, and the tests use it as the
     * independent reference. Calling it here would pass, but the point of this exercise is to do its job
     * yourself.
     *
     * @param bits an fp16 bit pattern, 0 to 65535 (0xFFFF)
     * @return the value those bits stand for, as a {@code float} (every fp16 value is exactly a float)
     * @throws IllegalArgumentException if {@code bits} is outside 0..65535 (message names {@code bits} and
     *     shows its value in decimal)
     */
    public static float decodeFp16(int bits) {
        requireSixteenBits(bits);
        int sign = bits >>> 15;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        float magnitude;
        if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else if (exponent == 0) {
            // (M / 2^10) x 2^-14 = M x 2^-24; M = 0 gives zero
            magnitude = Math.scalb((float) mantissa, -24);
        } else {
            // (1 + M / 2^10) x 2^(E - 15) = (2^10 + M) x 2^(E - 25)
            magnitude = Math.scalb((float) (1024 + mantissa), exponent - 25);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    /**
     * Exercise 2. Decode a bf16 bit pattern.
     *
     * <p>bf16 ("brain float") was designed as the upper half of an fp32: same sign bit, same 8-bit exponent
     * with bias 127, and only the 7 most significant of fp32's 23 mantissa bits. So a bf16 pattern becomes an
     * fp32 pattern by appending 16 zero bits, and the JDK can do the rest:
     *
     * <pre>
     *   bf16 0x3F80  ->  fp32 0x3F800000  ->  1.0f
     * </pre>
     *
     * <p>Hint: a left shift appends the zeros; {@link Float#intBitsToFloat(int)} reads the 32-bit pattern.
     * Check that you understand why 0x3EAB decodes to 0.333984375 and not to 1/3: E = 0x7D = 125 and
     * M = 0x2B = 43 give (1 + 43/128) x 2^(125 - 127) = (171/128) / 4 = 171/512.
     *
     * @param bits a bf16 bit pattern, 0 to 65535 (0xFFFF)
     * @return the value those bits stand for, as a {@code float}
     * @throws IllegalArgumentException if {@code bits} is outside 0..65535 (message names {@code bits} and
     *     shows its value in decimal)
     */
    public static float decodeBf16(int bits) {
        requireSixteenBits(bits);
        return Float.intBitsToFloat(bits << 16);
    }

    /**
     * Exercise 3, part 1. The largest finite value of a format, from its layout alone.
     *
     * <p>The largest finite value has the largest exponent field that is not reserved (all ones minus one)
     * and an all-ones mantissa. Its unbiased exponent works out to exactly the bias, so
     *
     * <pre>
     *   largest = (2 - 2^-mantissaBits) x 2^bias
     * </pre>
     *
     * <p>For fp16: (2 - 2^-10) x 2^15 = 65536 - 32 = 65504. Memorise that number: any activation, gradient or
     * loss above it becomes infinity in fp16.
     *
     * <p>Hint: use {@link #layout(String)} and {@link Math#scalb(double, int)}; a {@code double} holds all
     * three answers exactly.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return the largest finite value, e.g. 65504.0 for fp16
     * @throws IllegalArgumentException if the format is unknown (as in {@link #layout(String)})
     */
    public static double largestFinite(String format) {
        Layout layout = layout(format);
        return (2.0 - Math.scalb(1.0, -layout.mantissaBits())) * Math.scalb(1.0, layout.bias());
    }

    /**
     * Exercise 3, part 2. The smallest positive normal value of a format: exponent field 1, mantissa 0.
     *
     * <pre>
     *   smallest normal = 2^(1 - bias)
     * </pre>
     *
     * <p>For fp16 that is 2^-14, about 6.10e-5; for bf16 and fp32 it is 2^-126, about 1.18e-38.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return the smallest positive normal value
     * @throws IllegalArgumentException if the format is unknown (as in {@link #layout(String)})
     */
    public static double smallestNormal(String format) {
        return Math.scalb(1.0, 1 - layout(format).bias());
    }

    /**
     * Exercise 3, part 3. The smallest positive subnormal value of a format: exponent field 0, mantissa 1.
     *
     * <p>Subnormals give up the implied leading 1 to creep below the smallest normal in even steps of
     *
     * <pre>
     *   smallest subnormal = 2^(1 - bias - mantissaBits)
     * </pre>
     *
     * <p>For fp16: 2^(1 - 15 - 10) = 2^-24, about 5.96e-8. Anything much smaller than that is zero in fp16.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return the smallest positive subnormal value
     * @throws IllegalArgumentException if the format is unknown (as in {@link #layout(String)})
     */
    public static double smallestSubnormal(String format) {
        Layout layout = layout(format);
        return Math.scalb(1.0, 1 - layout.bias() - layout.mantissaBits());
    }

    /**
     * Exercise 4. The ulp ("unit in the last place") of fp16 at a value: the gap between neighbouring fp16
     * numbers in the power-of-two interval (binade) that holds {@code |value|}.
     *
     * <p>Inside the binade [2^e, 2^(e+1)) fp16 has 2^10 evenly spaced values, so the spacing is
     * 2^e / 2^10 = 2^(e - 10). Below the smallest normal, 2^-14, the subnormals are spaced like the lowest
     * normal binade, 2^(-14 - 10) = 2^-24, all the way down to zero.
     *
     * <pre>
     *   |value| in [2^e, 2^(e+1)), e >= -14   ->   ulp = 2^(e - 10)
     *   |value| &lt; 2^-14 (zero included)     ->   ulp = 2^-24
     * </pre>
     *
     * <p>Examples: at 1.0 the ulp is 2^-10, about 0.000977, so fp16 cannot tell 1.0 from 1.0003. At 1000
     * (binade [512, 1024), e = 9) the ulp is 2^-1 = 0.5: 1000.3 is not an fp16 number. At 65504 it is 32.
     *
     * <p>Hint: {@link Math#getExponent(float)} gives e for a normal float (and -127 for zero and float
     * subnormals, which conveniently falls under the second rule). {@link Math#scalb(float, int)} builds the
     * power of two. {@link Math#ulp(float)} does the same job for fp32 and is useful to compare with.
     *
     * @param value any float with {@code |value| <= 65504}, the largest finite fp16 number; sign is ignored
     * @return the fp16 spacing at {@code value}, a power of two
     * @throws IllegalArgumentException if {@code value} is NaN, infinite or larger in magnitude than 65504
     *     (message names {@code value} and shows it)
     */
    public static float ulpFp16(float value) {
        if (Float.isNaN(value) || Math.abs(value) > 65504f) {
            throw new IllegalArgumentException(
                    "value must be a number no larger in magnitude than fp16's maximum 65504, got " + value);
        }
        int binade = Math.max(Math.getExponent(value), -14);
        return Math.scalb(1.0f, binade - 10);
    }

    /**
     * Exercise 5 (stretch). Will this value survive being stored in the format, and how well?
     *
     * <p>Picture rounding {@code value} to the nearest number of the format (ties go to the neighbour whose
     * last mantissa bit is 0) and look at the result. You can decide it from four thresholds built from
     * exercise 3, where {@code max}, {@code minNormal} and {@code minSub} are that format's largest finite,
     * smallest normal and smallest subnormal values:
     *
     * <pre>
     *   value == 0                                    ->  FITS (zero is stored exactly)
     *   |value| >= max + halfTopGap                   ->  OVERFLOWS            (rounds to infinity)
     *   |value| &lt;= minSub / 2                      ->  UNDERFLOWS_TO_ZERO   (the tie goes to 0, which is even)
     *   |value| &lt;  minNormal - minSub / 2          ->  SUBNORMAL
     *   otherwise                                     ->  FITS
     *
     *   halfTopGap = half the ulp among the largest values = 2^(bias - mantissaBits - 1)
     * </pre>
     *
     * <p>For fp16 the overflow threshold is 65504 + 16 = 65520: 65519 still rounds down to 65504, 65520 is a
     * tie that rounds to 65536, which fp16 cannot hold. The lower end works the same way: 2^-25 is exactly
     * half of the smallest subnormal and rounds to zero, while 4e-8 rounds up to 2^-24 and survives as a
     * subnormal. Values just below minNormal, within half a subnormal step of it, round up to minNormal, a
     * normal number.
     *
     * <p>Do the comparisons in {@code double}: for bf16 and fp32 the thresholds are larger than any float.
     * Negative values behave like their magnitudes.
     *
     * @param value a finite float
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return what storing {@code value} in the format does to it
     * @throws IllegalArgumentException if {@code value} is NaN or infinite (message names {@code value} and
     *     shows it), or if the format is unknown (as in {@link #layout(String)})
     */
    public static Outcome classify(float value, String format) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number, got " + value);
        }
        Layout layout = layout(format);
        double magnitude = Math.abs((double) value);
        double halfTopGap = Math.scalb(1.0, layout.bias() - layout.mantissaBits() - 1);
        double minSub = smallestSubnormal(format);
        if (magnitude == 0.0) {
            return Outcome.FITS;
        }
        if (magnitude >= largestFinite(format) + halfTopGap) {
            return Outcome.OVERFLOWS;
        }
        if (magnitude <= minSub / 2) {
            return Outcome.UNDERFLOWS_TO_ZERO;
        }
        if (magnitude < smallestNormal(format) - minSub / 2) {
            return Outcome.SUBNORMAL;
        }
        return Outcome.FITS;
    }

    private static void requireSixteenBits(int bits) {
        if (bits < 0 || bits > 0xFFFF) {
            throw new IllegalArgumentException("bits must be between 0 and 65535 (0xFFFF), got " + bits);
        }
    }
}
