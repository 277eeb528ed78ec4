package quantlab.exercises.ch06;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/**
 * Grades chapter 6, "GPTQ". Expected values are worked by hand, with the arithmetic in a comment. The chapter's
 * example carries the tests: three inputs seen on four tokens, H = 2 I + 4 J, so H⁻¹ = 0.5 I - J / 7.
 */
@DisplayName("Chapter 6: the Hessian, the inverse-Hessian row, error feedback, one row through GPTQ")
class GptqStepTest {

    /** The chapter's four tokens. */
    private static final double[][] TOKENS = {{1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}};

    /** 2 X Xᵀ of those tokens: each input is on 3 tokens, each pair shares 2. */
    private static final double[][] H = {{6, 4, 4}, {4, 6, 4}, {4, 4, 6}};

    private static final double TIGHT = 1e-12;

    // ---------------------------------------------------------------- exercise 1: the Hessian

    @Test
    @Points(1)
    @DisplayName("Exercise 1: H = 2 sum x x^T is {{6, 4, 4}, {4, 6, 4}, {4, 4, 6}} for the chapter's tokens")
    void hessian() {
        assertAll(
                () -> assertMatrix(H, GptqStep.hessian(copy(TOKENS)),
                        "each input is 1 on three tokens (2 x 3 = 6), each pair is 1 together on two (2 x 2 = 4)"),
                // one token (2, -1): 2 * {{4, -2}, {-2, 1}}
                () -> assertMatrix(new double[][] {{8, -4}, {-4, 2}}, GptqStep.hessian(new double[][] {{2, -1}}),
                        "one token (2, -1): 2 x {{4, -2}, {-2, 1}}"));
    }

    // ---------------------------------------------------------------- exercise 2: a row of the inverse

    @Test
    @Points(2)
    @DisplayName("Exercise 2: row 0 of H^-1 is {5/14, -1/7, -1/7}")
    void inverseHessianRow() {
        assertAll(
                // (2I + 4J)^-1 = 0.5 (I - 4 / (2 + 12) J) = 0.5 I - J / 7
                () -> assertVector(new double[] {5.0 / 14, -1.0 / 7, -1.0 / 7}, GptqStep.inverseHessianRow(copy(H), 0),
                        "H = 2I + 4J, so H^-1 = 0.5 I - J/7: diagonal 0.5 - 1/7 = 5/14, elsewhere -1/7"),
                () -> assertVector(new double[] {-1.0 / 7, -1.0 / 7, 5.0 / 14}, GptqStep.inverseHessianRow(copy(H), 2),
                        "row 2 of the same inverse"),
                // {{6, 4}, {4, 6}}^-1 = 1/20 {{6, -4}, {-4, 6}}
                () -> assertVector(new double[] {-0.2, 0.3}, GptqStep.inverseHessianRow(
                        new double[][] {{6, 4}, {4, 6}}, 1), "H without input 0: 1/20 x {{6, -4}, {-4, 6}}, row 1"),
                () -> assertVector(new double[] {0, 0.25}, GptqStep.inverseHessianRow(
                        new double[][] {{2, 0}, {0, 4}}, 1), "a diagonal H inverts entry by entry"));
    }

    // ---------------------------------------------------------------- exercise 3: error feedback

    @Test
    @Points(2)
    @DisplayName("Exercise 3: rounding 0.6 up to 1 moves both later weights by -0.16")
    void errorFeedback() {
        assertAll(
                // error (0.6 - 1) / (5/14) = -1.12; w_j -= -1.12 x (-1/7) = 0.16
                () -> assertVector(new double[] {1, 0.04, 0.44}, GptqStep.errorFeedback(new double[] {0.6, 0.2, 0.6},
                        0, 1.0, new double[] {5.0 / 14, -1.0 / 7, -1.0 / 7}),
                        "(0.6 - 1) / (5/14) = -1.12; each later weight moves by -1.12 x 1/7 = -0.16"),
                // second step: H^-1 of columns 1..2 is {{0.3, -0.2}, {-0.2, 0.3}}; error 0.04 / 0.3
                () -> assertVector(new double[] {1, 0, 0.44 + 0.04 / 0.3 * 0.2}, GptqStep.errorFeedback(
                        new double[] {1, 0.04, 0.44}, 1, 0.0, new double[] {0, 0.3, -0.2}),
                        "0.04 rounded to 0: error 0.04 / 0.3, times 0.2 added to the last weight: 0.4667"),
                () -> assertVector(new double[] {5, 1, 0.04}, GptqStep.errorFeedback(new double[] {5, 0.6, 0.2}, 1,
                        1.0, new double[] {9, 5.0 / 14, -1.0 / 7}), "earlier columns are left as they are"),
                () -> {
                    double[] w = {0.6, 0.2, 0.6};
                    GptqStep.errorFeedback(w, 0, 1.0, new double[] {5.0 / 14, -1.0 / 7, -1.0 / 7});
                    assertArrayEquals(new double[] {0.6, 0.2, 0.6}, w, "the input row must not be modified");
                });
    }

    // ---------------------------------------------------------------- exercise 4: one row through GPTQ

    @Test
    @Points(3)
    @DisplayName("Exercise 4: GPTQ rounds {0.6, 0.2, 0.6} to {1, 0, 0} where rounding to nearest gives {1, 0, 1}")
    void quantizeRow() {
        assertAll(
                // 0.6 -> 1; 0.2 - 0.16 = 0.04 -> 0; 0.6 - 0.16 + 0.0267 = 0.4667 -> 0
                () -> assertArrayEquals(new int[] {1, 0, 0}, GptqStep.quantizeRow(new double[] {0.6, 0.2, 0.6},
                        copy(H), 1.0, 2), "0.6 -> 1, then 0.04 -> 0, then 0.467 -> 0"),
                // -0.3 -> 0 (error -0.3 / (5/14) = -0.84, later weights -0.12): 0.88 -> 1; -0.02 - 0.08 = -0.1 -> 0
                () -> assertArrayEquals(new int[] {0, 1, 0}, GptqStep.quantizeRow(new double[] {-0.3, 1.0, 0.1},
                        copy(H), 1.0, 2), "-0.3 -> 0, then 0.88 -> 1, then -0.1 -> 0"),
                // 2.6 clamps to 1: error 1.6 / (5/14) = 4.48, later weights +0.64; 0.64 -> 1; 0.64 - 0.24 -> 0
                () -> assertArrayEquals(new int[] {1, 1, 0}, GptqStep.quantizeRow(new double[] {2.6, 0, 0}, copy(H),
                        1.0, 2), "2.6 clamps to code 1 and its error of 1.6 still flows on: 0.64 -> 1, 0.4 -> 0"),
                () -> assertArrayEquals(new int[] {1, 0, 1}, GptqStep.quantizeRow(new double[] {0.6, 0.2, 0.6},
                        new double[][] {{2, 0, 0}, {0, 4, 0}, {0, 0, 6}}, 1.0, 2),
                        "inputs that never appear together (a diagonal H) leave nothing to feed back: RTN's codes"),
                // scale 0.1 at 4 bits: 0.63 -> 6 (error 0.03 / (5/14) = 0.084, later -0.012): 0.188 -> 2
                () -> assertEquals(6, GptqStep.quantizeRow(new double[] {0.63, 0.2, 0.1}, copy(H), 0.1, 4)[0],
                        "0.63 / 0.1 = 6.3 -> 6"));
    }

    @Test
    @Points(1)
    @DisplayName("Bad input: a singular H, a column outside the row, bits and scale out of range are named")
    void badInput() {
        assertAll(
                () -> assertRejects("h", "", () -> GptqStep.inverseHessianRow(new double[][] {{1, 2}, {2, 4}}, 0)),
                () -> assertRejects("column", "3", () -> GptqStep.inverseHessianRow(copy(H), 3)),
                () -> assertRejects("column", "-1", () -> GptqStep.errorFeedback(new double[] {1, 2}, -1, 0,
                        new double[] {1, 1})),
                () -> assertRejects("bits", "9", () -> GptqStep.quantizeRow(new double[] {1, 2, 3}, copy(H), 1, 9)),
                () -> assertRejects("scale", "0", () -> GptqStep.quantizeRow(new double[] {1, 2, 3}, copy(H), 0, 4)),
                () -> assertRejects("tokens", "NaN", () -> GptqStep.hessian(new double[][] {{1, Double.NaN}})));
    }

    private static void assertRejects(String parameter, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException for " + parameter + (value.isEmpty() ? "" : " = " + value));
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter),
                "the exception message should name the parameter '" + parameter + "', but was: " + message);
        assertTrue(message.contains(value),
                "the exception message should show the bad value " + value + ", but was: " + message);
    }

    private static void assertVector(double[] expected, double[] actual, String why) {
        assertEquals(expected.length, actual.length, why + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9, why + ": index " + i);
        }
    }

    private static void assertMatrix(double[][] expected, double[][] actual, String why) {
        assertEquals(expected.length, actual.length, why + ": rows");
        for (int i = 0; i < expected.length; i++) {
            assertVector(expected[i], actual[i], why + ", row " + i);
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
