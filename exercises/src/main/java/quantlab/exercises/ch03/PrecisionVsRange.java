package quantlab.exercises.ch03;

import java.util.OptionalDouble;

/**
 * Chapter 3, "Precision vs range": what fp16 and bf16 do to the numbers of a training run, and how loss
 * scaling rescues small gradients in fp16.
 *
 * <p>Two different things can go wrong when a number is squeezed into 16 bits:
 *
 * <ul>
 *   <li><b>precision</b>: the number lands between two representable neighbours and is moved to the nearer
 *       one. The relative step is about 2^-10 in fp16 and 2^-7 in bf16, so bf16 rounds eight times more
 *       coarsely.</li>
 *   <li><b>range</b>: the number is too large (it becomes infinity) or too small (it becomes zero). fp16 stops
 *       at 65504 and has nothing smaller than about 6e-8; bf16 reaches from about 9e-41 up to about 3.4e38,
 *       like fp32.</li>
 * </ul>
 *
 * <p>Gradients in a deep network are often tiny, 1e-6 and smaller, and they are what tells each weight which
 * way to move. A gradient that underflows to zero teaches nothing. That is why bf16, with fewer mantissa bits
 * than fp16, is usually the safer format for training: a slightly blurred gradient still points the right way,
 * a vanished one does not. fp16 training works too, but only with the workaround of exercises 5 and 6: loss
 * scaling.
 *
 * <p>Fill in each method below by replacing its {@code throw new UnsupportedOperationException(...)} line with
 * your own code. The constants and the record {@link ScalerState} are given. Private helper methods of your
 * own (one that checks a format name, say) are welcome.
 *
 * <p><b>What you may use.</b> Unlike chapter 2, this chapter is not about decoding bits by hand. Use the JDK
 * freely: {@link Float#floatToFloat16(float)} followed by {@link Float#float16ToFloat(short)} rounds a float to
 * the nearest fp16 value (ties to even, overflow to infinity), and {@link Math#ulp(float)},
 * {@link Math#getExponent(float)} and {@link Math#scalb(double, int)} are all fair game. The JDK has no bf16
 * type, so exercise 1 has you write the rounding for it; later exercises call your exercise 1.
 *
 * <p><b>Formats.</b> Methods that take a {@code format} accept {@code fp32}, {@code fp16} and {@code bf16},
 * matched ignoring case:
 *
 * <table>
 *   <caption>The three formats of this chapter</caption>
 *   <tr><th>format</th><th>exponent bits</th><th>mantissa bits</th><th>bias</th><th>largest finite</th>
 *       <th>smallest normal</th></tr>
 *   <tr><td>fp32</td><td>8</td><td>23</td><td>127</td><td>(2 - 2^-23) x 2^127</td><td>2^-126</td></tr>
 *   <tr><td>fp16</td><td>5</td><td>10</td><td>15</td><td>(2 - 2^-10) x 2^15 = 65504</td><td>2^-14</td></tr>
 *   <tr><td>bf16</td><td>8</td><td>7</td><td>127</td><td>(2 - 2^-7) x 2^127</td><td>2^-126</td></tr>
 * </table>
 *
 * <p><b>Bad input.</b> Where a method's Javadoc lists rules for its arguments, break none of them silently:
 * throw an {@link IllegalArgumentException} whose message names the offending parameter and shows its value,
 * for example {@code "growthInterval must be positive, got 0"}.
 */
public final class PrecisionVsRange {

    /** fp16's largest finite value, (2 - 2^-10) x 2^15. */
    public static final double FP16_MAX = 65504.0;

    /** fp16's smallest positive normal value, 2^-14 (about 6.1e-5). */
    public static final double FP16_MIN_NORMAL = 0x1p-14;

    /**
     * The state a dynamic loss scaler carries from one training step to the next.
     *
     * @param scale the factor the loss is multiplied by before the backward pass
     * @param goodSteps how many steps in a row have finished without an overflow since the scale last changed
     */
    public record ScalerState(double scale, int goodSteps) {
    }

    private PrecisionVsRange() {
    }

    /**
     * Exercise 1. Round a float to the nearest bf16 value, by hand, and return it as a float.
     *
     * <p>A bf16 value is an fp32 whose low 16 bits are zero, so rounding means choosing which of two
     * candidates to keep: the pattern with the low half cleared (rounding toward zero), or the next bf16
     * pattern up in magnitude. Look at the low 16 bits you are about to drop:
     *
     * <pre>
     *   low half &lt; 0x8000   ->  round toward zero: clear the low half
     *   low half &gt; 0x8000   ->  round away from zero: add 0x10000, then clear the low half
     *   low half = 0x8000   ->  a tie: pick the candidate whose last kept bit (bit 16) is 0
     * </pre>
     *
     * <p>A compact way to get all three cases at once: add {@code 0x7FFF + bit16} to the raw bits and clear the
     * low half with {@code & 0xFFFF0000}. The carry, when there is one, ripples into the exponent on its own,
     * which also sends values above bf16's maximum to infinity. Work through 1/3: its fp32 bits are 0x3EAAAAAB,
     * the low half 0xAAAB is above 0x8000, so the result is 0x3EAB0000 = 0.333984375.
     *
     * <p>Watch out for NaN: adding to a NaN's bits can carry it into the sign bit and produce -0.0. Return NaN
     * inputs unchanged. Use {@link Float#floatToRawIntBits(float)} and {@link Float#intBitsToFloat(int)}.
     *
     * @param x any float
     * @return the bf16 value nearest to {@code x} (ties to even), as a float; infinity when {@code x} is too
     *     large for bf16; NaN when {@code x} is NaN
     */
    public static float roundToBf16(float x) {
        throw new UnsupportedOperationException("TODO ch03: keep the top 16 bits, rounded to nearest, ties to even");
    }

    /**
     * Exercise 2, part 1. Round a float to the nearest value of a format.
     *
     * <p>fp32 keeps the float as it is. fp16 goes through the JDK: {@code Float.floatToFloat16(x)} gives the
     * fp16 bits, {@code Float.float16ToFloat(bits)} turns them back into a float. bf16 uses your exercise 1.
     *
     * @param x any float
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return {@code x} rounded to the format, as a float
     * @throws IllegalArgumentException if {@code format} is null or unknown (message contains the word
     *     {@code format} and the name you were given)
     */
    public static float roundTo(float x, String format) {
        throw new UnsupportedOperationException("TODO ch03: round x to fp32, fp16 or bf16");
    }

    /**
     * Exercise 2, part 2. The precision check: is {@code x} stored exactly by the format?
     *
     * <p>Rounding {@code x} gives it back unchanged exactly when it is one of the format's values. The
     * classic example is 1 + 2^-9 = 1.001953125. fp16 has 10 mantissa bits, so near 1 it steps by 2^-10 and
     * 1 + 2^-9 is two steps above 1: stored exactly. bf16 steps by 2^-7 near 1, and 2^-9 is only a quarter of
     * that step: it rounds back to 1.0 and the increment is lost. Range is a different question: 65536 is
     * exact in bf16 but is infinity in fp16.
     *
     * @param x a float that is not NaN
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return true if {@code roundTo(x, format) == x}
     * @throws IllegalArgumentException if {@code x} is NaN (message names {@code x} and shows NaN) or the
     *     format is unknown
     */
    public static boolean isRepresentable(float x, String format) {
        throw new UnsupportedOperationException("TODO ch03: round x and compare with x");
    }

    /**
     * Exercise 3, part 1. Machine epsilon: the gap between 1.0 and the next larger value of the format.
     *
     * <pre>
     *   epsilon = 2^-mantissaBits
     * </pre>
     *
     * <p>It is the relative precision of the format: any number is stored with a relative error of at most
     * epsilon / 2. fp16 gives 2^-10, about 0.00098; bf16 gives 2^-7 = 0.0078125, eight times coarser.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return 2^-mantissaBits for that format
     * @throws IllegalArgumentException if the format is null or unknown
     */
    public static double epsilon(String format) {
        throw new UnsupportedOperationException("TODO ch03: compute 2^-mantissaBits");
    }

    /**
     * Exercise 3, part 2. Precision as decimal digits: how many significant decimal digits the format's
     * significand (the stored mantissa bits plus the implied leading 1) is worth.
     *
     * <pre>
     *   decimal digits = (mantissaBits + 1) x log10(2)
     * </pre>
     *
     * <p>fp16: 11 x 0.30103 = 3.31 digits. bf16: 8 x 0.30103 = 2.41 digits. fp32: 24 x 0.30103 = 7.22.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return the precision in decimal digits
     * @throws IllegalArgumentException if the format is null or unknown
     */
    public static double decimalDigits(String format) {
        throw new UnsupportedOperationException("TODO ch03: compute (mantissaBits + 1) x log10(2)");
    }

    /**
     * Exercise 3, part 3. Range as decimal orders of magnitude: how many powers of ten lie between the
     * smallest normal and the largest finite value of the format.
     *
     * <pre>
     *   range decades = log10(largest finite / smallest normal)
     * </pre>
     *
     * <p>fp16: log10(65504 / 2^-14) = log10(1,073,217,536), about 9.03. bf16: log10((2 - 2^-7) x 2^127 / 2^-126),
     * about 76.46, nearly the same as fp32. Put exercises 3.2 and 3.3 side by side and you have the answer to
     * "why bf16 for training" in two numbers: bf16 gives up less than one decimal digit of precision and gains
     * more than 67 orders of magnitude of range.
     *
     * <p>Hint: take the table in the class comment; {@code Math.scalb} builds the powers of two, and in
     * {@code double} both extremes are exact.
     *
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return log10 of the ratio of the largest finite to the smallest normal value
     * @throws IllegalArgumentException if the format is null or unknown
     */
    public static double rangeDecades(String format) {
        throw new UnsupportedOperationException("TODO ch03: compute log10(largest finite / smallest normal)");
    }

    /**
     * Exercise 4, part 1. Which gradients survive being stored in a format?
     *
     * <p>A gradient survives when its rounded value (see {@link #roundTo(float, String)}) is finite and not
     * zero. It dies in two ways: it underflows to zero, or it overflows to infinity. A gradient that was
     * exactly zero to begin with carries nothing, so it does not count as a survivor either.
     *
     * <p>Work the example by hand with fp16's limits: 3e-3 is a normal fp16 number; 2e-5 is below the smallest
     * normal 2^-14 (about 6.1e-5) but still rounds to a subnormal; 4e-8 lies above 2^-25 (about 2.98e-8), half
     * the smallest subnormal, so it rounds up to 2^-24; 1e-8 and 1e-12 round to zero. In bf16 all five
     * survive.
     *
     * @param gradients gradient values; must not be null (may be empty)
     * @param format one of {@code fp32, fp16, bf16}, matched ignoring case
     * @return an array of the same length: {@code true} where the gradient survives
     * @throws IllegalArgumentException if {@code gradients} is null (message names {@code gradients} and says
     *     {@code null}) or the format is unknown
     */
    public static boolean[] survivors(float[] gradients, String format) {
        throw new UnsupportedOperationException("TODO ch03: mark the gradients whose rounded value is finite, nonzero");
    }

    /**
     * Exercise 4, part 2. The fraction of a gradient array that fp16 flushes to zero.
     *
     * <p>Count the entries that are nonzero but round to zero in fp16, and divide by the length of the array.
     * Entries that were zero already, and entries that overflow, are not underflows.
     *
     * <p>Example: {3e-3, 2e-5, 4e-8, 1e-8, 1e-12} loses 1e-8 and 1e-12: 2 of 5, a fraction of 0.4.
     *
     * @param gradients gradient values; must not be null or empty
     * @return the fraction, from 0 to 1, of entries that underflow in fp16
     * @throws IllegalArgumentException if {@code gradients} is null or empty (message names {@code gradients}
     *     and says {@code null} or {@code empty})
     */
    public static double underflowFraction(float[] gradients) {
        throw new UnsupportedOperationException("TODO ch03: count nonzero gradients that round to zero in fp16");
    }

    /**
     * Exercise 5. The loss scale that rescues a batch of gradients in fp16.
     *
     * <p>Loss scaling multiplies the loss by a factor S before the backward pass. By the chain rule every
     * gradient comes out S times larger, so small gradients are lifted clear of fp16's underflow zone; the
     * optimizer divides by S again (in fp32) before it updates the weights. A power of two is used because
     * multiplying by it changes only the exponent and adds no rounding error of its own.
     *
     * <p>Find the smallest S = 2^k, with k &gt;= 0, such that
     *
     * <pre>
     *   smallest nonzero |g| x S  &gt;= 2^-14    the smallest gradient becomes a normal fp16 number
     *   largest |g| x S           &lt;= 65504    the largest gradient does not overflow
     * </pre>
     *
     * <p>The two limits are given as {@link #FP16_MIN_NORMAL} and {@link #FP16_MAX}.
     *
     * <p>Start at S = 1 and double until the first condition holds; then check the second. If it fails, no
     * power of two works for this batch: a smaller S would leave the smallest gradient below 2^-14. Zeros are
     * ignored when looking for the smallest gradient, and if every gradient is zero, S = 1 will do.
     *
     * <p>Example: for {3e-3, 2e-5, 4e-8}, 2^-14 / 4e-8 is about 1526, so S = 2^11 = 2048; the largest gradient
     * becomes 3e-3 x 2048 = 6.1, far below 65504. With {1e-8, 10}: S would have to be 2^13 = 8192, and
     * 10 x 8192 = 81920 overflows, so the answer is empty.
     *
     * <p>Hint: do the arithmetic in {@code double}. Multiplying by a power of two is exact there.
     *
     * @param gradients gradient values; must not be null or empty, and every entry must be finite
     * @return the scale, or {@link OptionalDouble#empty()} when no power of two satisfies both conditions
     * @throws IllegalArgumentException if {@code gradients} is null or empty, or holds a NaN or infinite entry
     *     (message names {@code gradients} and shows the bad value, e.g.
     *     {@code "gradients[2] must be finite, got NaN"})
     */
    public static OptionalDouble lossScaleFor(float[] gradients) {
        throw new UnsupportedOperationException("TODO ch03: double the scale until the smallest gradient is normal");
    }

    /**
     * Exercise 6, part 1. One step of a dynamic loss scaler.
     *
     * <p>A fixed scale is hard to choose, because gradients shrink and grow during training. A dynamic scaler
     * adjusts it after every step:
     *
     * <ul>
     *   <li>If the step overflowed (some scaled gradient became infinity or NaN), the optimizer skips the
     *       update, the scale is halved and the good-step counter restarts at 0.</li>
     *   <li>Otherwise the counter goes up by one. When it reaches {@code growthInterval}, the scale is doubled
     *       and the counter restarts at 0: after a long calm stretch, try a larger scale to rescue even
     *       smaller gradients.</li>
     * </ul>
     *
     * <p>Example with growthInterval 2000: (scale 65536, overflow) gives (32768, 0); (65536, no overflow,
     * 1999 good steps) gives (131072, 0); (65536, no overflow, 5 good steps) gives (65536, 6).
     *
     * @param scale the current scale; finite and greater than zero
     * @param overflowDetected whether this step's gradients overflowed
     * @param goodSteps good steps counted so far; from 0 to {@code growthInterval - 1}
     * @param growthInterval how many good steps in a row earn a doubling; at least 1
     * @return the scale and counter for the next step
     * @throws IllegalArgumentException if an argument breaks its rule (message names it and shows its value)
     */
    public static ScalerState nextScale(double scale, boolean overflowDetected, int goodSteps, int growthInterval) {
        throw new UnsupportedOperationException("TODO ch03: halve on overflow, double after growthInterval good steps");
    }

    /**
     * Exercise 6, part 2 (stretch). Run the dynamic scaler over a whole sequence of steps.
     *
     * <p>Start from {@code initialScale} with 0 good steps, apply {@link #nextScale} once per entry of
     * {@code overflows}, and record the scale after each step.
     *
     * <p>Trace one by hand: initial scale 65536, growthInterval 3, overflows {true, false, false, false, true,
     * false}. Step 1 overflows: 32768. Steps 2 and 3 count to 2. Step 4 reaches 3: 65536, counter back to 0.
     * Step 5 overflows: 32768. Step 6 counts to 1. Result: {32768, 32768, 32768, 65536, 32768, 32768}.
     *
     * @param initialScale the scale before the first step; finite and greater than zero
     * @param overflows for each step, whether it overflowed; must not be null (may be empty)
     * @param growthInterval as in {@link #nextScale}; at least 1
     * @return the scale after each step, one entry per step
     * @throws IllegalArgumentException if an argument breaks its rule (message names it and shows its value)
     */
    public static double[] scaleHistory(double initialScale, boolean[] overflows, int growthInterval) {
        throw new UnsupportedOperationException("TODO ch03: apply nextScale once per step and record the scale");
    }
}
