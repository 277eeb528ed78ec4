package quantlab.exercises.ch04;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.exercises.ch04.RoundingTrick.AffineParams;
import quantlab.grading.Points;

/**
 * Grades chapter 4, "The rounding trick". Every expected value was worked out by hand; the arithmetic sits in a
 * comment beside it. The main example is the chapter's own: four weights squeezed into symmetric int4.
 */
@DisplayName("Chapter 4: scales, rounding, zero points and error metrics")
class RoundingTrickTest {

    /** The chapter's four weights. */
    private static final double[] W = {0.18, -0.91, 1.62, 2.94};

    /** Their int4 codes with scale 0.42. */
    private static final int[] Q = {0, -2, 4, 7};

    /** The codes times 0.42. */
    private static final double[] W_HAT = {0.0, -0.84, 1.68, 2.94};

    /** Scales and errors are a handful of double operations away from the exact decimals. */
    private static final double TIGHT = 1e-12;

    // ---------------------------------------------------------------- exercise 1: the symmetric scale

    @Test
    @Points(1)
    @DisplayName("Exercise 1: the symmetric scale is max |x| / (2^(bits-1) - 1)")
    void symmetricScale() {
        assertAll(
                // max |x| = 2.94; qmax = 2^3 - 1 = 7; 2.94 / 7 = 0.42
                () -> assertEquals(0.42, RoundingTrick.symmetricScale(W.clone(), 4), TIGHT,
                        "for {0.18, -0.91, 1.62, 2.94} at 4 bits: 2.94 / 7 = 0.42"),
                // qmax = 2^7 - 1 = 127; 2.94 / 127 = 0.023149606...
                () -> assertEquals(0.0231496062992126, RoundingTrick.symmetricScale(W.clone(), 8), TIGHT,
                        "at 8 bits the same row gets 2.94 / 127 = 0.0231496..."),
                // the largest magnitude is negative here: |-3.5| = 3.5; qmax at 3 bits = 3; 3.5 / 3
                () -> assertEquals(3.5 / 3.0, RoundingTrick.symmetricScale(new double[] {1.0, -3.5, 2.0}, 3), TIGHT,
                        "the scale comes from the largest magnitude, here |-3.5|: 3.5 / 3 at 3 bits"));
    }

    // ---------------------------------------------------------------- exercise 2: quantize

    @Test
    @Points(2)
    @DisplayName("Exercise 2: the chapter's example {0.18, -0.91, 1.62, 2.94} quantizes to {0, -2, 4, 7}")
    void quantizesTheChapterExample() {
        // 0.18 / 0.42 = 0.43 -> 0; -0.91 / 0.42 = -2.17 -> -2; 1.62 / 0.42 = 3.86 -> 4; 2.94 / 0.42 = 7 -> 7
        assertCodes(Q, W, 0.42, 4, "0.18 / 0.42 = 0.43 -> 0, -0.91 / 0.42 = -2.17 -> -2, 1.62 / 0.42 = 3.86 -> 4,"
                + " 2.94 / 0.42 = 7");
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: ties round to even and outliers clamp to [-qmax, qmax]")
    void roundsTiesToEvenAndClamps() {
        assertAll(
                // 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> 0, -2.5 -> -2, 3.5 -> 4 (each tie to the even neighbour)
                () -> assertCodes(new int[] {0, 2, 2, 0, -2, 4}, new double[] {0.5, 1.5, 2.5, -0.5, -2.5, 3.5}, 1.0, 4,
                        "with scale 1 every value is a tie; Math.rint sends each to the even integer (Math.round"
                                + " would give 1 for 0.5 and 3 for 2.5)"),
                // 9 -> 7, -100 -> -7, 7.4 -> 7, -7.6 -> -8 -> -7
                () -> assertCodes(new int[] {7, -7, 7, -7}, new double[] {9.0, -100.0, 7.4, -7.6}, 1.0, 4,
                        "at 4 bits codes stop at -7 and 7: 9 -> 7, -100 -> -7, 7.4 -> 7, -7.6 -> -7"),
                // 200 -> 127, -200 -> -127, 1e12 -> 127 (clamp before the int cast)
                () -> assertCodes(new int[] {127, -127, 127}, new double[] {200.0, -200.0, 1e12}, 1.0, 8,
                        "at 8 bits codes stop at -127 and 127, even for 1e12 (clamp before casting to int)"),
                // 0.7 / 0.2 = 3.4999999999999996 -> 3 (not a tie in double arithmetic)
                () -> assertCodes(new int[] {3, -1}, new double[] {0.7, -0.25}, 0.2, 4,
                        "0.7 / 0.2 is 3.4999999999999996 in double, so it rounds to 3; -0.25 / 0.2 = -1.25 -> -1"));
    }

    // ---------------------------------------------------------------- exercise 3: dequantize

    @Test
    @Points(1)
    @DisplayName("Exercise 3: {0, -2, 4, 7} x 0.42 dequantizes to {0.0, -0.84, 1.68, 2.94}")
    void dequantizesTheChapterExample() {
        // 0 x 0.42 = 0; -2 x 0.42 = -0.84; 4 x 0.42 = 1.68; 7 x 0.42 = 2.94
        double[] actual = RoundingTrick.dequantizeSymmetric(Q.clone(), 0.42);
        assertArrayEquals(W_HAT, actual, TIGHT, () -> "dequantizeSymmetric(" + Arrays.toString(Q) + ", 0.42) should"
                + " be " + Arrays.toString(W_HAT) + " but was " + Arrays.toString(actual));
        assertEquals(0, RoundingTrick.dequantizeSymmetric(new int[0], 0.42).length,
                "no codes give no values");
    }

    // ---------------------------------------------------------------- exercise 4: asymmetric scale and zero point

    @Test
    @Points(2)
    @DisplayName("Exercise 4: scale and zero point of [-1, 2], [0, 3], [-2.55, 0] and [1, 4]")
    void asymmetricParams() {
        assertAll(
                // (2 - (-1)) / 15 = 0.2; rint(1.0 / 0.2) = 5
                () -> assertParams(0.2, 5, -1.0, 2.0, 4, "(2 - (-1)) / (2^4 - 1) = 3 / 15 = 0.2; rint(1.0 / 0.2) = 5"),
                // 3 / 15 = 0.2; rint(-0 / 0.2) = 0
                () -> assertParams(0.2, 0, 0.0, 3.0, 4, "3 / 15 = 0.2; min is 0, so the zero point is code 0"),
                // 2.55 / 255 = 0.01; rint(2.55 / 0.01) = 255
                () -> assertParams(0.01, 255, -2.55, 0.0, 8,
                        "2.55 / (2^8 - 1) = 0.01; rint(2.55 / 0.01) = 255: zero is the top code"),
                // 3 / 15 = 0.2; -1.0 / 0.2 = -5, clamped to 0
                () -> assertParams(0.2, 0, 1.0, 4.0, 4,
                        "[1, 4] does not contain 0: -1.0 / 0.2 = -5 is clamped to the lowest code 0"),
                // a degenerate range: scale 1.0 by definition; rint(-(-3.0) / 1.0) = 3
                () -> assertParams(1.0, 3, -3.0, -3.0, 4,
                        "min = max = -3: the scale is defined as 1.0, and rint(3.0 / 1.0) = 3"));
    }

    // ---------------------------------------------------------------- exercise 5: asymmetric round trip

    @Test
    @Points(2)
    @DisplayName("Exercise 5: quantize and dequantize with scale 0.2 and zero point 5 at 4 bits")
    void asymmetricRoundTrip() {
        AffineParams params = new AffineParams(0.2, 5);
        double[] row = {-1.0, -0.25, 0.0, 0.45, 2.0, 2.6, -1.5};
        // -5 + 5 = 0; rint(-1.25) + 5 = 4; 0 + 5 = 5; rint(2.25) + 5 = 7; 10 + 5 = 15; 13 + 5 = 18 -> 15;
        // rint(-7.5) = -8 (tie to even), -8 + 5 = -3 -> 0
        int[] expectedCodes = {0, 4, 5, 7, 15, 15, 0};
        // (q - 5) x 0.2
        double[] expectedValues = {-1.0, -0.2, 0.0, 0.4, 2.0, 2.0, -1.0};
        int[] codes = RoundingTrick.quantizeAsymmetric(row.clone(), params, 4);
        assertArrayEquals(expectedCodes, codes, () -> "quantizeAsymmetric(" + Arrays.toString(row)
                + ", scale 0.2, zero point 5, 4 bits) should be " + Arrays.toString(expectedCodes) + " but was "
                + Arrays.toString(codes) + ": q = clamp(rint(x / 0.2) + 5, 0, 15)");
        double[] values = RoundingTrick.dequantizeAsymmetric(expectedCodes.clone(), params);
        assertArrayEquals(expectedValues, values, TIGHT, () -> "dequantizeAsymmetric(" + Arrays.toString(expectedCodes)
                + ", scale 0.2, zero point 5) should be " + Arrays.toString(expectedValues) + " but was "
                + Arrays.toString(values) + ": x_hat = (q - 5) x 0.2");
        assertEquals(0.0, values[2], 0.0, "0.0 must survive the round trip exactly: code 5 is the zero point");
    }

    // ---------------------------------------------------------------- exercise 6: error metrics

    @Test
    @Points(2)
    @DisplayName("Exercise 6: MSE 0.010225, max error 0.18 and SQNR 24.72 dB for the chapter's example")
    void errorMetrics() {
        assertAll(
                // errors -0.18, 0.07, 0.06, 0; (0.0324 + 0.0049 + 0.0036 + 0) / 4 = 0.0409 / 4
                () -> assertEquals(0.010225, RoundingTrick.meanSquaredError(W.clone(), W_HAT.clone()), TIGHT,
                        "squared errors 0.0324, 0.0049, 0.0036, 0 average to 0.0409 / 4 = 0.010225"),
                () -> assertEquals(0.18, RoundingTrick.maxAbsError(W.clone(), W_HAT.clone()), TIGHT,
                        "the worst error is 0.18: the small weight 0.18 came back as 0.0"),
                // sum x^2 = 0.0324 + 0.8281 + 2.6244 + 8.6436 = 12.1285; 12.1285 / 0.0409 = 296.540...;
                // 10 log10(296.540...) = 24.7208...
                () -> assertEquals(24.720837845323615, RoundingTrick.sqnrDb(W.clone(), W_HAT.clone()), 1e-9,
                        "10 log10(12.1285 / 0.0409) = 10 log10(296.54) = 24.72 dB"),
                // signal 1 + 4 = 5; noise 0.01 + 0.01 = 0.02; 5 / 0.02 = 250 -> 10 log10(250) = 23.979...
                () -> assertEquals(10.0 * Math.log10(250.0),
                        RoundingTrick.sqnrDb(new double[] {1.0, 2.0}, new double[] {1.1, 1.9}), 1e-9,
                        "signal 1 + 4 = 5, noise 0.01 + 0.01 = 0.02, 10 log10(250) = 23.98 dB"),
                // noise equal to signal -> ratio 1 -> 0 dB
                () -> assertEquals(0.0, RoundingTrick.sqnrDb(new double[] {0.3, -0.4}, new double[] {0.0, 0.0}), 1e-9,
                        "when everything is rounded to zero the noise equals the signal: 10 log10(1) = 0 dB"));
    }

    // ---------------------------------------------------------------- all-zero rows and perfect reconstructions

    @Test
    @Points(2)
    @DisplayName("Exercises 1-6: an all-zero row gets scale 1.0, codes 0 and an SQNR of +infinity")
    void allZeroRows() {
        double[] zeros = {0.0, 0.0, 0.0};
        assertAll(
                () -> assertEquals(1.0, RoundingTrick.symmetricScale(zeros.clone(), 4), 0.0,
                        "an all-zero row has no largest magnitude to divide; its scale is defined as 1.0"),
                () -> assertCodes(new int[] {0, 0, 0}, zeros, 1.0, 4, "zeros quantize to code 0"),
                () -> assertParams(1.0, 0, 0.0, 0.0, 8, "the range [0, 0] gets scale 1.0 and zero point 0"),
                () -> assertArrayEquals(new int[] {0, 0, 0},
                        RoundingTrick.quantizeAsymmetric(zeros.clone(), new AffineParams(1.0, 0), 8),
                        "zeros quantize to the zero point 0"),
                () -> assertEquals(0.0, RoundingTrick.meanSquaredError(zeros.clone(), zeros.clone()), 0.0,
                        "a perfect reconstruction has MSE 0"),
                () -> assertEquals(Double.POSITIVE_INFINITY, RoundingTrick.sqnrDb(zeros.clone(), zeros.clone()),
                        "zero error means a perfect reconstruction: the SQNR is +infinity, not NaN"),
                () -> assertEquals(Double.POSITIVE_INFINITY,
                        RoundingTrick.sqnrDb(new double[] {1.0, -2.0}, new double[] {1.0, -2.0}),
                        "an exact reconstruction of a nonzero row also has SQNR +infinity"));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    @Points(2)
    @DisplayName("Exercises 1-6: NaN entries, bad bit widths, bad scales and mismatched lengths throw")
    void rejectsBadInput() {
        assertAll(
                () -> assertRejects("row[1]", "NaN",
                        () -> RoundingTrick.symmetricScale(new double[] {1.0, Double.NaN}, 4)),
                () -> assertRejects("row[0]", "Infinity",
                        () -> RoundingTrick.quantizeSymmetric(new double[] {Double.POSITIVE_INFINITY}, 1.0, 4)),
                () -> assertRejects("row", "null", () -> RoundingTrick.symmetricScale(null, 4)),
                () -> assertRejects("row", "empty", () -> RoundingTrick.symmetricScale(new double[0], 4)),
                () -> assertRejects("bits", "1", () -> RoundingTrick.symmetricScale(W.clone(), 1)),
                () -> assertRejects("bits", "17", () -> RoundingTrick.quantizeSymmetric(W.clone(), 0.42, 17)),
                () -> assertRejects("scale", "0", () -> RoundingTrick.quantizeSymmetric(W.clone(), 0.0, 4)),
                () -> assertRejects("scale", "NaN", () -> RoundingTrick.dequantizeSymmetric(Q.clone(), Double.NaN)),
                () -> assertRejects("codes", "null", () -> RoundingTrick.dequantizeSymmetric(null, 0.42)),
                () -> assertRejects("max", "1.0", () -> RoundingTrick.asymmetricParams(2.0, 1.0, 4)),
                () -> assertRejects("min", "NaN", () -> RoundingTrick.asymmetricParams(Double.NaN, 1.0, 4)),
                () -> assertRejects("params", "null",
                        () -> RoundingTrick.quantizeAsymmetric(W.clone(), null, 4)),
                () -> assertRejects("row[2]", "NaN", () -> RoundingTrick.quantizeAsymmetric(
                        new double[] {0.0, 1.0, Double.NaN}, new AffineParams(0.2, 5), 4)),
                () -> assertRejects("xHat", "3",
                        () -> RoundingTrick.meanSquaredError(W.clone(), new double[] {0.0, 0.0, 0.0})),
                () -> assertRejects("xHat[0]", "NaN",
                        () -> RoundingTrick.sqnrDb(new double[] {1.0}, new double[] {Double.NaN})));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertCodes(int[] expected, double[] row, double scale, int bits, String why) {
        int[] actual = RoundingTrick.quantizeSymmetric(row.clone(), scale, bits);
        assertArrayEquals(expected, actual, () -> "quantizeSymmetric(" + Arrays.toString(row) + ", " + scale + ", "
                + bits + ") should be " + Arrays.toString(expected) + " but was " + Arrays.toString(actual) + ": "
                + why);
    }

    private static void assertParams(double scale, int zeroPoint, double min, double max, int bits, String why) {
        AffineParams actual = RoundingTrick.asymmetricParams(min, max, bits);
        String call = "asymmetricParams(" + min + ", " + max + ", " + bits + ")";
        assertAll(
                () -> assertEquals(scale, actual.scale(), TIGHT,
                        () -> call + " scale should be " + scale + " but was " + actual.scale() + ": " + why),
                () -> assertEquals(zeroPoint, actual.zeroPoint(),
                        () -> call + " zero point should be " + zeroPoint + " but was " + actual.zeroPoint() + ": "
                                + why));
    }

    /**
     * Checks that {@code call} throws an IllegalArgumentException whose message mentions both the parameter's
     * name and the bad value, e.g. "row[1] must be finite, got NaN".
     */
    private static void assertRejects(String parameter, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException for " + parameter + " = " + value);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter),
                "the exception message should name the parameter '" + parameter + "', but was: " + message);
        assertTrue(message.contains(value),
                "the exception message should show the bad value " + value + ", but was: " + message);
    }
}
