package quantlab.gptq;

/**
 * The one matrix GPTQ's column loop reads: the upper Cholesky factor U of H⁻¹ (H⁻¹ = Uᵀ U). Row i of U, divided
 * by U[i][i], is how the rounding error of column i is spread over the columns after it, once columns before i
 * are fixed; U[i][i]² is the inverse-Hessian diagonal entry [H_F⁻¹]_ii of the paper's update.
 *
 * <p>Computed without ever forming H⁻¹: with J the reversal permutation, J H J = Rᵀ R (an ordinary upper Cholesky
 * factorisation), and then U = J (R⁻¹)ᵀ J. Two triangular steps of n³/6 multiply-adds each, in double.
 */
public final class InverseHessian {

    private InverseHessian() {
    }

    /**
     * U, row-major upper triangular [n, n], from a symmetric positive definite H.
     *
     * @throws IllegalArgumentException if H is not positive definite (a pivot at or below zero): singular H needs
     *                                  dampening
     */
    public static double[] upperFactor(double[] h, int n) {
        if (n < 1 || h == null || h.length != (long) n * n) {
            throw new IllegalArgumentException("h must hold n x n = " + (long) n * n + " numbers, got "
                    + (h == null ? "null" : h.length) + " for n " + n);
        }
        double[] a = new double[n * n]; // J H J: reversed rows and columns
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = h[(n - 1 - i) * n + (n - 1 - j)];
            }
        }
        double[] r = choleskyUpper(a, n);
        double[] rInv = invertUpper(r, n);
        double[] u = new double[n * n]; // U[i][j] = (R⁻¹)ᵀ[n-1-i][n-1-j] = R⁻¹[n-1-j][n-1-i]
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                u[i * n + j] = rInv[(n - 1 - j) * n + (n - 1 - i)];
            }
        }
        return u;
    }

    /** Upper R with Rᵀ R = A, row by row: each finished row of R is subtracted from the rows below it. */
    static double[] choleskyUpper(double[] a, int n) {
        double[] r = a.clone();
        for (int k = 0; k < n; k++) {
            double pivot = r[k * n + k];
            if (!(pivot > 0) || !Double.isFinite(pivot)) {
                throw new IllegalArgumentException("H must be positive definite, but its Cholesky pivot " + (n - 1 - k)
                        + " is " + pivot + " (a singular H, e.g. fewer independent tokens than inputs, needs "
                        + "dampening > 0)");
            }
            double d = Math.sqrt(pivot);
            int rowK = k * n;
            r[rowK + k] = d;
            for (int j = k + 1; j < n; j++) {
                r[rowK + j] /= d;
            }
            rowsInParallel(k + 1, n, i -> {
                double f = r[rowK + i];
                if (f == 0) {
                    return;
                }
                int rowI = i * n;
                for (int j = i; j < n; j++) {
                    r[rowI + j] -= f * r[rowK + j];
                }
            });
            for (int j = 0; j < k; j++) {
                r[rowK + j] = 0;
            }
        }
        return r;
    }

    /** R⁻¹ of an upper triangular R, bottom row first: row i = (e_i - Σ_{k>i} R[i][k] row k) / R[i][i]. */
    static double[] invertUpper(double[] r, int n) {
        double[] x = new double[n * n];
        for (int i = n - 1; i >= 0; i--) {
            int rowI = i * n;
            x[rowI + i] = 1;
            final int ii = i;
            // Row i gathers the rows below it; split its columns into spans that run on all cores.
            spansInParallel(i + 1, n, (from, to) -> {
                for (int k = ii + 1; k < to; k++) {
                    double f = r[rowI + k];
                    if (f == 0) {
                        continue;
                    }
                    int rowK = k * n;
                    for (int j = Math.max(k, from); j < to; j++) {
                        x[rowI + j] -= f * x[rowK + j];
                    }
                }
            });
            double d = r[rowI + i];
            for (int j = i; j < n; j++) {
                x[rowI + j] /= d;
            }
        }
        return x;
    }

    /** Below this many rows or columns a step runs on one thread: forking costs more than it saves. */
    static final int PARALLEL_FROM = 192;

    private static void rowsInParallel(int from, int to, java.util.function.IntConsumer row) {
        if (to - from < PARALLEL_FROM) {
            for (int i = from; i < to; i++) {
                row.accept(i);
            }
        } else {
            java.util.stream.IntStream.range(from, to).parallel().forEach(row);
        }
    }

    private interface Span {
        void run(int from, int to);
    }

    private static void spansInParallel(int from, int to, Span span) {
        int length = to - from;
        if (length < PARALLEL_FROM) {
            span.run(from, to);
            return;
        }
        int pieces = Math.min(16, length / 64);
        java.util.stream.IntStream.range(0, pieces).parallel().forEach(p -> span.run(from + (int) ((long) length * p
                / pieces), from + (int) ((long) length * (p + 1) / pieces)));
    }
}
