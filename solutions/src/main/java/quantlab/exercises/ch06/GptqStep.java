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
        checkMatrix("tokens", tokens, false);
        int n = tokens[0].length;
        double[][] h = new double[n][n];
        for (double[] x : tokens) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    h[i][j] += 2 * x[i] * x[j];
                }
            }
        }
        return h;
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
        checkMatrix("h", h, true);
        int n = h.length;
        if (column < 0 || column >= n) {
            throw new IllegalArgumentException("column must be from 0 to " + (n - 1) + ", got " + column);
        }
        // Gauss-Jordan on [H | e_column] with partial pivoting; H is symmetric, so row = column of H⁻¹.
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(h[i], 0, a[i], 0, n);
            a[i][n] = i == column ? 1 : 0;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[p][c])) {
                    p = i;
                }
            }
            if (Math.abs(a[p][c]) < 1e-12) {
                throw new IllegalArgumentException("h must be invertible, got a zero pivot in column " + c);
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            double d = a[c][c];
            for (int j = c; j <= n; j++) {
                a[c][j] /= d;
            }
            for (int i = 0; i < n; i++) {
                if (i != c && a[i][c] != 0) {
                    double f = a[i][c];
                    for (int j = c; j <= n; j++) {
                        a[i][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = a[i][n];
        }
        return y;
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
        checkVector("w", w);
        checkVector("inverseRow", inverseRow);
        if (inverseRow.length != w.length) {
            throw new IllegalArgumentException("inverseRow must have " + w.length + " values like w, got "
                    + inverseRow.length);
        }
        if (column < 0 || column >= w.length) {
            throw new IllegalArgumentException("column must be from 0 to " + (w.length - 1) + ", got " + column);
        }
        if (!Double.isFinite(quantized)) {
            throw new IllegalArgumentException("quantized must be finite, got " + quantized);
        }
        if (!(inverseRow[column] > 0)) {
            throw new IllegalArgumentException("inverseRow[" + column + "] must be positive, got "
                    + inverseRow[column]);
        }
        double[] out = w.clone();
        double error = (w[column] - quantized) / inverseRow[column];
        out[column] = quantized;
        for (int j = column + 1; j < w.length; j++) {
            out[j] -= error * inverseRow[j];
        }
        return out;
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
        checkVector("w", w);
        checkMatrix("h", h, true);
        if (h.length != w.length) {
            throw new IllegalArgumentException("h must be " + w.length + " x " + w.length + " like w, got "
                    + h.length + " x " + h.length);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("bits must be from 2 to 8, got " + bits);
        }
        int n = w.length;
        int qmax = (1 << (bits - 1)) - 1;
        double[] row = w.clone();
        int[] codes = new int[n];
        for (int c = 0; c < n; c++) {
            int m = n - c; // the columns not yet rounded: c .. n-1
            double[][] sub = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    sub[i][j] = h[c + i][c + j];
                }
            }
            double[] subRow = inverseHessianRow(sub, 0);
            double[] inverseRow = new double[n];
            System.arraycopy(subRow, 0, inverseRow, c, m);
            codes[c] = (int) Math.max(-qmax, Math.min(qmax, Math.rint(row[c] / scale)));
            row = errorFeedback(row, c, codes[c] * scale, inverseRow);
        }
        return codes;
    }

    private static void checkVector(String name, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one value, got "
                    + (v == null ? "null" : "an empty array"));
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + v[i]);
            }
        }
    }

    private static void checkMatrix(String name, double[][] m, boolean square) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row, got "
                    + (m == null ? "null" : "none"));
        }
        for (int i = 0; i < m.length; i++) {
            checkVector(name + "[" + i + "]", m[i]);
            if (m[i].length != m[0].length) {
                throw new IllegalArgumentException(name + "[" + i + "] must have " + m[0].length + " values like row 0, got "
                        + m[i].length);
            }
        }
        if (square && m.length != m[0].length) {
            throw new IllegalArgumentException(name + " must be square, got " + m.length + " x " + m[0].length);
        }
    }
}
