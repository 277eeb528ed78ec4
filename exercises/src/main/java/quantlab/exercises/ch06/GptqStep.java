package quantlab.exercises.ch06;

/**
 * Chapter 6, "GPTQ": rounding a row of weights one column at a time, each rounding error pushed onto the columns
 * not yet rounded, weighted by the inverse Hessian of the layer's inputs.
 *
 * <p>A linear layer computes y = w · x for each output row w. Quantization replaces w by ŵ, and the damage on the
 * calibration tokens x_1 .. x_T is Σ_t ((w - ŵ) · x_t)². That objective is a quadratic form in the error with the
 * Hessian H = 2 Σ_t x_t x_tᵀ (the factor 2 comes from differentiating a square). GPTQ rounds column c, then
 * moves every later column j by
 *
 * <pre>
 *     w_j  -=  (w_c - q_c) / Hinv[c][c] * Hinv[c][j]
 * </pre>
 *
 * where Hinv is the inverse of H restricted to the columns not yet rounded (c included). The change lets the
 * later columns make up for column c's error on the calibration data.
 *
 * <p><b>Conventions.</b> Vectors and matrices are {@code double} arrays; {@code tokens[t]} is token t's input vector
 * (so {@code tokens} is T x n), a row {@code w} has n weights. Symmetric codes are
 * {@code clamp(rint(w / scale), -qmax, qmax)} with qmax = 2^(bits-1) - 1 and {@link Math#rint} (ties to even).
 *
 * <p><b>Bad input.</b> Throw an {@link IllegalArgumentException} that names the parameter and shows its value:
 * null or empty arrays, rows of different lengths, non-finite numbers, a column outside the row, a matrix that is
 * not square, a singular H (a zero pivot), bits outside 2..8, a scale that is not positive.
 *
 * <p>Fill in each method below by replacing its {@code throw new UnsupportedOperationException(...)} line with
 * your own code. Private helper methods of your own are welcome.
 */
public final class GptqStep {

    private GptqStep() {
    }

    /**
     * Exercise 1. The Hessian of the layer objective: H = 2 Σ_t x_t x_tᵀ, an n x n matrix.
     *
     * <p>The chapter's tokens (1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1) give H = {{6, 4, 4}, {4, 6, 4}, {4, 4, 6}}.
     *
     * @param tokens T x n calibration inputs, one row per token
     * @return H, n x n
     */
    public static double[][] hessian(double[][] tokens) {
        throw new UnsupportedOperationException("TODO ch06: H = 2 * sum over tokens of x x^T");
    }

    /**
     * Exercise 2. Row {@code column} of H⁻¹: the weights GPTQ uses to spread column {@code column}'s error.
     * Solve H y = e_column by Gaussian elimination (or any exact method of your own).
     *
     * <p>For the chapter's H, H⁻¹ = 0.5 I - J / 7 (J all ones), so row 0 is {5/14, -1/7, -1/7}.
     *
     * @param h      a symmetric positive definite n x n matrix
     * @param column which row of the inverse, 0 to n - 1
     * @return row {@code column} of H⁻¹, n values
     */
    public static double[] inverseHessianRow(double[][] h, int column) {
        throw new UnsupportedOperationException("TODO ch06: solve H y = e_column");
    }

    /**
     * Exercise 3. The error-feedback update after column {@code column} is rounded to the value {@code quantized}
     * (already dequantized, e.g. code x scale): a new row where column {@code column} holds {@code quantized},
     * every later column j holds w_j - (w_column - quantized) / inverseRow[column] * inverseRow[j], and the
     * earlier columns are unchanged. The input array is not modified.
     *
     * <p>The chapter's row {0.6, 0.2, 0.6} with column 0 rounded to 1 and the row {5/14, -1/7, -1/7}: the error
     * -0.4 / (5/14) times -1/7 moves both later columns by -0.16, giving {1, 0.04, 0.44}.
     *
     * @param w          the row, n weights
     * @param column     the column just rounded
     * @param quantized  its rounded value
     * @param inverseRow row {@code column} of the inverse Hessian of the columns not yet rounded, n values
     * @return the updated row
     */
    public static double[] errorFeedback(double[] w, int column, double quantized, double[] inverseRow) {
        throw new UnsupportedOperationException("TODO ch06: w_j -= (w_c - q) / Hinv[c][c] * Hinv[c][j] for j > c");
    }

    /**
     * Exercise 4. One row through GPTQ, column 0 first, with a given symmetric scale: round column c to
     * code x scale, apply exercise 3 with row c of the inverse of H restricted to columns c .. n-1 (the columns
     * not yet rounded), and go on with column c + 1. Returns the codes.
     *
     * <p>The chapter's row {0.6, 0.2, 0.6} at 2 bits with scale 1: rounding to nearest gives {1, 0, 1}; GPTQ gives
     * {1, 0, 0}, because the feedback of the first two errors pulls the last weight down to 0.467.
     *
     * @param w     the row, n weights
     * @param h     the n x n Hessian of the layer's inputs
     * @param scale the step, positive
     * @param bits  the code width, 2 to 8
     * @return the n codes
     */
    public static int[] quantizeRow(double[] w, double[][] h, double scale, int bits) {
        throw new UnsupportedOperationException("TODO ch06: round, feed the error back, repeat on the columns left");
    }
}
