package quantlab.exercises.ch04;

/**
 * Chapter 4, "The rounding trick": turn a row of real-valued weights into small integers and back, and measure
 * what the round trip costs.
 *
 * <p>Every quantizer in this course is built from the same three moves:
 *
 * <pre>
 *   q     = clamp(rint(x / scale), lowest code, highest code)     quantize: divide, round, clamp
 *   x_hat = q x scale                                             dequantize: multiply back
 *   error = x_hat - x                                             what rounding cost us
 * </pre>
 *
 * <p>The scale decides how wide each integer step is. Choose it too large and small weights all fall into the
 * bucket around zero; choose it too small and the largest weights do not fit and get clamped. The symmetric
 * recipe of exercise 1 picks the smallest scale that still lets the largest magnitude fit, and the asymmetric
 * recipe of exercises 4 and 5 adds an integer offset, the zero point, so that a lopsided range such as
 * [-1, 2] uses every code.
 *
 * <p><b>Rounding.</b> Always round with {@link Math#rint(double)}: it sends a value exactly halfway between two
 * integers to the even one (2.5 goes to 2, 3.5 to 4, -2.5 to -2). {@link Math#round(double)} sends halves
 * upward instead, which pulls every tie the same way and adds a small bias; the tests can tell the two apart.
 * Compute the quotient as {@code x / scale} (not as {@code x * (1 / scale)}), so that your ties are the same as
 * the tests'.
 *
 * <p><b>Bit widths.</b> Every {@code bits} argument must lie between 2 and 16. With b bits the symmetric codes
 * run from -(2^(b-1) - 1) to 2^(b-1) - 1, for example [-7, 7] at 4 bits and [-127, 127] at 8 bits (the
 * lowest pattern, -8 or -128, is left unused so that the grid is the same on both sides of zero). The
 * asymmetric codes run from 0 to 2^b - 1: [0, 15] at 4 bits, [0, 255] at 8 bits.
 *
 * <p><b>All-zero rows.</b> A row of zeros has no largest magnitude to divide by. In this chapter its scale is
 * defined to be 1.0: any positive scale sends every zero to code 0 and back to exactly 0.0, and a positive
 * scale keeps every later division safe. The same rule covers an asymmetric range whose min equals its max.
 *
 * <p><b>Bad input.</b> Where a method's Javadoc lists rules for its arguments, break none of them silently:
 * throw an {@link IllegalArgumentException} whose message names the offending parameter and shows its value,
 * for example {@code "row[2] must be finite, got NaN"} or {@code "bits must be between 2 and 16, got 1"}.
 *
 * <p>Fill in each method below by replacing its {@code throw new UnsupportedOperationException(...)} line with
 * your own code. Private helper methods of your own (one that checks a row, say) are welcome.
 */
public final class RoundingTrick {

    /**
     * The two numbers that describe an asymmetric (affine) quantizer.
     *
     * @param scale the width of one integer step, greater than zero
     * @param zeroPoint the code that stands for the real value 0.0
     */
    public record AffineParams(double scale, int zeroPoint) {
    }

    private RoundingTrick() {
    }

    /**
     * Exercise 1. The symmetric scale for a row at {@code bits} bits.
     *
     * <pre>
     *   qmax  = 2^(bits-1) - 1
     *   scale = max |x| / qmax
     * </pre>
     *
     * <p>The largest magnitude lands exactly on the highest code, and everything else fits inside. Work the
     * chapter's example: for {0.18, -0.91, 1.62, 2.94} at 4 bits, qmax = 7 and scale = 2.94 / 7 = 0.42.
     *
     * <p>A row of zeros gets scale 1.0 (see the class comment).
     *
     * @param row the values; not null, not empty, every entry finite
     * @param bits the bit width, from 2 to 16
     * @return the scale, greater than zero
     * @throws IllegalArgumentException if {@code row} is null, empty or holds a NaN or infinite entry, or
     *     {@code bits} is out of range (message names the parameter and shows the bad value)
     */
    public static double symmetricScale(double[] row, int bits) {
        throw new UnsupportedOperationException("TODO ch04: divide the largest magnitude by 2^(bits-1) - 1");
    }

    /**
     * Exercise 2. Quantize a row to symmetric integer codes.
     *
     * <pre>
     *   q[i] = clamp(rint(row[i] / scale), -qmax, qmax)     with qmax = 2^(bits-1) - 1
     * </pre>
     *
     * <p>With the scale from exercise 1 nothing needs clamping, but a caller may pass a smaller scale on
     * purpose (to spend more codes on the bulk of the values), and then the outliers must be pinned to the
     * end codes rather than wrap around. Clamp before you cast to {@code int}.
     *
     * <p>The example at 4 bits with scale 0.42: 0.18 / 0.42 = 0.43 rounds to 0; -0.91 / 0.42 = -2.17 rounds
     * to -2; 1.62 / 0.42 = 3.86 rounds to 4; 2.94 / 0.42 = 7. The codes are {0, -2, 4, 7}.
     *
     * @param row the values; not null, not empty, every entry finite
     * @param scale the step width; finite and greater than zero
     * @param bits the bit width, from 2 to 16
     * @return one code per entry, each in [-qmax, qmax]
     * @throws IllegalArgumentException if an argument breaks its rule (message names it and shows its value)
     */
    public static int[] quantizeSymmetric(double[] row, double scale, int bits) {
        throw new UnsupportedOperationException("TODO ch04: divide by the scale, rint, clamp to [-qmax, qmax]");
    }

    /**
     * Exercise 3. Turn symmetric codes back into real values: {@code x_hat[i] = codes[i] x scale}.
     *
     * <p>The example: {0, -2, 4, 7} x 0.42 = {0.0, -0.84, 1.68, 2.94}. Compare with the original row and you
     * see the rounding error: 0.18 came back as 0.0, the small value lost everything, while 2.94 came back
     * exactly.
     *
     * @param codes the integer codes; not null (may be empty)
     * @param scale the step width; finite and greater than zero
     * @return the dequantized values, one per code
     * @throws IllegalArgumentException if {@code codes} is null or {@code scale} is not finite and positive
     */
    public static double[] dequantizeSymmetric(int[] codes, double scale) {
        throw new UnsupportedOperationException("TODO ch04: multiply each code by the scale");
    }

    /**
     * Exercise 4. The scale and zero point of an asymmetric quantizer for the range [min, max].
     *
     * <pre>
     *   scale     = (max - min) / (2^bits - 1)
     *   zeroPoint = clamp(rint(-min / scale), 0, 2^bits - 1)
     * </pre>
     *
     * <p>The whole range [min, max] is spread over the codes 0 to 2^bits - 1, and the zero point is the code
     * that stands for 0.0. Example: [-1.0, 2.0] at 4 bits gives scale = 3.0 / 15 = 0.2 and zero point
     * = rint(1.0 / 0.2) = 5; codes 0 to 4 cover the negatives, 6 to 15 the positives. A symmetric quantizer
     * would need scale 2.0 / 7 = 0.286 for the same range, a coarser grid, and would never use the codes below
     * -4.
     *
     * <p>When the range does not contain 0 the zero point is clamped: [1.0, 4.0] at 4 bits has -min / scale
     * = -5, so the zero point becomes 0. When min equals max, the scale is 1.0 (see the class comment) and the
     * zero point follows from the same formula.
     *
     * @param min the smallest value to represent; finite
     * @param max the largest value to represent; finite and not below {@code min}
     * @param bits the bit width, from 2 to 16
     * @return the scale and zero point
     * @throws IllegalArgumentException if {@code min} or {@code max} is not finite, {@code max < min}, or
     *     {@code bits} is out of range (message names the parameter and shows the bad value)
     */
    public static AffineParams asymmetricParams(double min, double max, int bits) {
        throw new UnsupportedOperationException("TODO ch04: spread [min, max] over 2^bits - 1 steps");
    }

    /**
     * Exercise 5, part 1. Quantize a row with an asymmetric quantizer.
     *
     * <pre>
     *   q[i] = clamp(rint(row[i] / scale) + zeroPoint, 0, 2^bits - 1)
     * </pre>
     *
     * <p>Example with scale 0.2 and zero point 5 at 4 bits: -1.0 / 0.2 = -5, plus 5 is code 0; 0.0 gives
     * exactly the zero point 5; 0.45 / 0.2 = 2.25 rounds to 2, plus 5 is 7; 2.6 / 0.2 = 13, plus 5 is 18,
     * clamped to 15.
     *
     * @param row the values; not null, not empty, every entry finite
     * @param params the scale (finite and greater than zero) and zero point (from 0 to 2^bits - 1); not null
     * @param bits the bit width, from 2 to 16
     * @return one code per entry, each in [0, 2^bits - 1]
     * @throws IllegalArgumentException if an argument breaks its rule (message names it and shows its value)
     */
    public static int[] quantizeAsymmetric(double[] row, AffineParams params, int bits) {
        throw new UnsupportedOperationException("TODO ch04: rint(x / scale) + zeroPoint, clamped to [0, 2^bits - 1]");
    }

    /**
     * Exercise 5, part 2. Turn asymmetric codes back into real values: {@code x_hat[i] = (codes[i] - zeroPoint)
     * x scale}.
     *
     * <p>Example with scale 0.2 and zero point 5: code 0 gives (0 - 5) x 0.2 = -1.0, code 5 gives exactly 0.0,
     * code 15 gives 2.0. Note that 0.0 always survives the round trip unchanged: that is why the zero point is
     * an integer. Zero padding and ReLU outputs are everywhere in a network, and they must stay exact zeros.
     *
     * @param codes the integer codes; not null (may be empty)
     * @param params the scale (finite and greater than zero) and zero point; not null
     * @return the dequantized values, one per code
     * @throws IllegalArgumentException if {@code codes} or {@code params} is null, or the scale is not finite
     *     and positive
     */
    public static double[] dequantizeAsymmetric(int[] codes, AffineParams params) {
        throw new UnsupportedOperationException("TODO ch04: subtract the zero point, multiply by the scale");
    }

    /**
     * Exercise 6, part 1. The mean squared error of a reconstruction: the average of (x[i] - xHat[i])^2.
     *
     * <p>For the chapter's example, the errors are {-0.18, 0.07, 0.06, 0.0}, so the MSE is (0.0324 + 0.0049
     * + 0.0036 + 0) / 4 = 0.010225.
     *
     * @param x the original values; not null, not empty, every entry finite
     * @param xHat the reconstruction; not null, the same length as {@code x}, every entry finite
     * @return the mean squared error, zero or more
     * @throws IllegalArgumentException if an array is null, empty or holds a non-finite entry, or the lengths
     *     differ (message names {@code xHat} and shows both lengths)
     */
    public static double meanSquaredError(double[] x, double[] xHat) {
        throw new UnsupportedOperationException("TODO ch04: average the squared differences");
    }

    /**
     * Exercise 6, part 2. The worst single error: the largest |x[i] - xHat[i]|.
     *
     * <p>For the chapter's example it is 0.18, the small weight that was rounded away entirely.
     *
     * @param x the original values; same rules as {@link #meanSquaredError}
     * @param xHat the reconstruction; same rules as {@link #meanSquaredError}
     * @return the largest absolute error, zero or more
     * @throws IllegalArgumentException as in {@link #meanSquaredError}
     */
    public static double maxAbsError(double[] x, double[] xHat) {
        throw new UnsupportedOperationException("TODO ch04: find the largest absolute difference");
    }

    /**
     * Exercise 6, part 3. The signal-to-quantization-noise ratio in decibels.
     *
     * <pre>
     *   SQNR = 10 x log10( sum x[i]^2 / sum (x[i] - xHat[i])^2 )
     * </pre>
     *
     * <p>Unlike the MSE, this measures the error relative to the size of the signal, so rows of very different
     * magnitudes can be compared. Each extra bit halves the step and adds roughly 6 dB. 0 dB means the noise
     * is as large as the signal: nothing useful is left.
     *
     * <p>The example: sum x^2 = 0.0324 + 0.8281 + 2.6244 + 8.6436 = 12.1285; sum of squared errors = 0.0409;
     * 12.1285 / 0.0409 = 296.54, and 10 x log10(296.54) = 24.72 dB.
     *
     * <p>Edge cases: when the reconstruction is perfect (every error is zero, which includes an all-zero row)
     * return {@link Double#POSITIVE_INFINITY}. When the signal is all zero but the error is not, the formula
     * already gives {@link Double#NEGATIVE_INFINITY}.
     *
     * @param x the original values; same rules as {@link #meanSquaredError}
     * @param xHat the reconstruction; same rules as {@link #meanSquaredError}
     * @return the SQNR in dB; positive infinity for a perfect reconstruction
     * @throws IllegalArgumentException as in {@link #meanSquaredError}
     */
    public static double sqnrDb(double[] x, double[] xHat) {
        throw new UnsupportedOperationException("TODO ch04: 10 log10 of signal energy over error energy");
    }
}
