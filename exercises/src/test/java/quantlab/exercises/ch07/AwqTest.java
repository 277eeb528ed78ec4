package quantlab.exercises.ch07;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/** Grades chapter 7, "AWQ". Expected values are worked by hand, with the arithmetic in a comment. */
@DisplayName("Chapter 7: AWQ's scale, folding it into a LayerNorm, choosing the channels to protect")
class AwqTest {

    private static final double TIGHT = 1e-12;

    @Test
    @Points(2)
    @DisplayName("Exercise 1: s = a^alpha / sqrt(max * min): {4, 1} at alpha 0.5 gives {sqrt 2, 1 / sqrt 2}")
    void scales() {
        assertAll(
                // {4, 1}^0.5 = {2, 1}; sqrt(2 * 1) = sqrt 2; {2 / sqrt 2, 1 / sqrt 2}
                () -> assertArrayEquals(new double[] {Math.sqrt(2), 1 / Math.sqrt(2)},
                        Awq.scales(new double[] {4, 1}, 0.5), TIGHT, "{4, 1}, alpha 0.5: {2, 1} / sqrt 2"),
                // alpha 0: every a^0 = 1, sqrt(1 * 1) = 1
                () -> assertArrayEquals(new double[] {1, 1, 1}, Awq.scales(new double[] {9, 2, 0.5}, 0), TIGHT,
                        "alpha 0 is plain rounding: all ones"),
                // alpha 1: {8, 2, 4} / sqrt(8 * 2) = {2, 0.5, 1}
                () -> assertArrayEquals(new double[] {2, 0.5, 1}, Awq.scales(new double[] {8, 2, 4}, 1), TIGHT,
                        "alpha 1: {8, 2, 4} / sqrt(16) = {2, 0.5, 1}"),
                // a 0 becomes 1e-4: {1, 1e-4}^1 / sqrt(1e-4) = {100, 0.01}
                () -> assertArrayEquals(new double[] {100, 0.01}, Awq.scales(new double[] {1, 0}, 1), 1e-9,
                        "a dead channel counts as 1e-4: {1, 1e-4} / sqrt(1e-4) = {100, 0.01}"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: gamma {1, 2}, beta {0.5, -1}, s {2, 0.5} fold to {{0.5, 4}, {0.25, -2}}")
    void foldIntoLayerNorm() {
        double[][] folded = Awq.foldIntoLayerNorm(new double[] {1, 2}, new double[] {0.5, -1}, new double[] {2, 0.5});
        assertAll(
                () -> assertArrayEquals(new double[] {0.5, 4}, folded[0], TIGHT, "gamma / s = {1 / 2, 2 / 0.5}"),
                () -> assertArrayEquals(new double[] {0.25, -2}, folded[1], TIGHT, "beta / s = {0.5 / 2, -1 / 0.5}"),
                () -> {
                    // The point of the fold: W diag(s) applied to the folded LayerNorm output equals W applied to
                    // the original. n = {1, -1}, W = {{1, 1}}: h = {1 * 1 + 0.5, 2 * -1 - 1} = {1.5, -3}, W h = -1.5;
                    // h' = {0.5 * 1 + 0.25, 4 * -1 - 2} = {0.75, -6}, W diag(s) h' = 2 * 0.75 + 0.5 * -6 = -1.5.
                    double[] n = {1, -1};
                    double h0 = folded[0][0] * n[0] + folded[1][0];
                    double h1 = folded[0][1] * n[1] + folded[1][1];
                    // W diag(s) = {{1 * 2, 1 * 0.5}}
                    assertEquals(-1.5, 2 * h0 + 0.5 * h1, TIGHT, "(W diag(s)) h' must equal W h = 1.5 - 3 = -1.5");
                });
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 3: h {3, 4}, s {1, 2}: the residual moves by ||{0, 2}|| / 5 = 0.4")
    void residualAfterFold() {
        assertAll(
                () -> assertEquals(0.4, Awq.residualAfterFold(new double[] {3, 4}, new double[] {1, 2}), TIGHT,
                        "h / s = {3, 2}; ||h - h / s|| = 2; ||h|| = 5"),
                () -> assertEquals(0.0, Awq.residualAfterFold(new double[] {3, 4}, new double[] {1, 1}), TIGHT,
                        "s = 1 changes nothing"),
                () -> assertEquals(0.0, Awq.residualAfterFold(new double[] {0, 0}, new double[] {2, 3}), TIGHT,
                        "an all-zero h has nothing to move: 0"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 4: protect the largest activations: {0.1, 5, 3, 5, 0.2} at 40% keeps {1, 3}")
    void protect() {
        assertAll(
                // round(0.4 * 5) = 2; the two 5s, lower index first
                () -> assertArrayEquals(new int[] {1, 3}, Awq.protect(new double[] {0.1, 5, 3, 5, 0.2}, 0.4),
                        "two channels: the 5 at index 1, then the 5 at index 3"),
                // round(0.01 * 5) = 0 -> at least 1
                () -> assertArrayEquals(new int[] {1}, Awq.protect(new double[] {0.1, 5, 3, 5, 0.2}, 0.01),
                        "1% of 5 channels rounds to 0; keep at least one"),
                // 1% of 384 = 3.84 -> 4 channels; the largest are placed at 383, 0, 200, 7
                () -> {
                    double[] a = new double[384];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = 1;
                    }
                    a[383] = 50;
                    a[0] = 40;
                    a[200] = 30;
                    a[7] = 20;
                    a[9] = 10;
                    assertArrayEquals(new int[] {383, 0, 200, 7}, Awq.protect(a, 0.01),
                            "1% of 384 channels is round(3.84) = 4: the four largest, largest first");
                });
    }

    @Test
    @Points(1)
    @DisplayName("Exercises 1-4: bad alpha, fraction, scales and arrays throw, naming the parameter")
    void rejectsBadInput() {
        assertAll(
                () -> assertRejects("alpha", "1.5", () -> Awq.scales(new double[] {1, 2}, 1.5)),
                () -> assertRejects("activationMean[1]", "-2", () -> Awq.scales(new double[] {1, -2}, 0.5)),
                () -> assertRejects("activationMean", "null", () -> Awq.protect(null, 0.1)),
                () -> assertRejects("fraction", "0", () -> Awq.protect(new double[] {1, 2}, 0)),
                () -> assertRejects("s[1]", "0", () -> Awq.foldIntoLayerNorm(new double[] {1, 1},
                        new double[] {0, 0}, new double[] {1, 0})),
                () -> assertRejects("h[0]", "NaN", () -> Awq.residualAfterFold(new double[] {Double.NaN},
                        new double[] {1})));
    }

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
