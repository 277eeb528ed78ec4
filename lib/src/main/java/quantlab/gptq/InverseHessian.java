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

    /** Rows per panel of the blocked factorisation and inverse: a panel stays in cache while other rows pass it. */
    static final int PANEL = 32;
    /** Columns per tile of a row: a panel's tiles (PANEL x TILE doubles, 32 KiB) fit the L1 cache. */
    static final int TILE = 128;

    /**
     * Upper R with Rᵀ R = A. Each finished row k of R is subtracted from the rows below it, r_i -= R[k][i] r_k;
     * done one row at a time that streams the whole trailing matrix through memory n times. Here the rows are
     * finished in panels of {@value #PANEL}: inside a panel one by one, then each row below takes the panel's
     * updates tile by tile while the tile is in cache. Every entry receives the same subtractions in the same
     * order (k ascending) as the row-at-a-time form, so the result is bit for bit the same.
     */
    static double[] choleskyUpper(double[] a, int n) {
        double[] r = a.clone();
        for (int k0 = 0; k0 < n; k0 += PANEL) {
            int k1 = Math.min(n, k0 + PANEL);
            for (int k = k0; k < k1; k++) { // the panel's own rows, one by one
                double pivot = r[k * n + k];
                if (!(pivot > 0) || !Double.isFinite(pivot)) {
                    throw new IllegalArgumentException("H must be positive definite, but its Cholesky pivot "
                            + (n - 1 - k) + " is " + pivot + " (a singular H, e.g. fewer independent tokens than "
                            + "inputs, needs dampening > 0)");
                }
                double d = Math.sqrt(pivot);
                int rowK = k * n;
                r[rowK + k] = d;
                for (int j = k + 1; j < n; j++) {
                    r[rowK + j] /= d;
                }
                for (int j = 0; j < k; j++) {
                    r[rowK + j] = 0;
                }
                for (int i = k + 1; i < k1; i++) {
                    double f = r[rowK + i];
                    if (f == 0) {
                        continue;
                    }
                    int rowI = i * n;
                    for (int j = i; j < n; j++) {
                        r[rowI + j] -= f * r[rowK + j];
                    }
                }
            }
            final int p0 = k0;
            final int p1 = k1;
            rowsInParallel(k1, n, i -> { // every row below takes the whole panel, one tile at a time
                int rowI = i * n;
                for (int t0 = i; t0 < n; t0 += TILE) {
                    int t1 = Math.min(n, t0 + TILE);
                    int k = p0;
                    for (; k + 4 <= p1; k += 4) { // four rows per pass over the tile: (((r - a) - b) - c) - d
                        double f0 = r[k * n + i];
                        double f1 = r[(k + 1) * n + i];
                        double f2 = r[(k + 2) * n + i];
                        double f3 = r[(k + 3) * n + i];
                        int a0 = k * n;
                        int a1 = a0 + n;
                        int a2 = a1 + n;
                        int a3 = a2 + n;
                        for (int j = t0; j < t1; j++) {
                            r[rowI + j] = r[rowI + j] - f0 * r[a0 + j] - f1 * r[a1 + j] - f2 * r[a2 + j]
                                    - f3 * r[a3 + j];
                        }
                    }
                    for (; k < p1; k++) {
                        double f = r[k * n + i];
                        int rowK = k * n;
                        for (int j = t0; j < t1; j++) {
                            r[rowI + j] -= f * r[rowK + j];
                        }
                    }
                }
            });
        }
        return r;
    }

    /**
     * R⁻¹ of an upper triangular R, bottom row first: row i = (e_i - Σ_{k>i} R[i][k] row k) / R[i][i]. Rows are
     * taken in panels of {@value #PANEL}, bottom panel first: the rows below a panel are finished, so their share
     * is subtracted from the whole panel one column tile at a time (each finished row is read once per panel, not
     * once per row), then the panel's rows are finished one by one from its bottom.
     */
    static double[] invertUpper(double[] r, int n) {
        double[] x = new double[n * n];
        for (int i1 = n; i1 > 0; i1 -= PANEL) {
            final int p0 = Math.max(0, i1 - PANEL);
            final int p1 = i1;
            for (int i = p0; i < p1; i++) {
                x[i * n + i] = 1;
            }
            // The finished rows k >= p1 are nonzero only from column k on, so columns from p1 on get their share.
            spansInParallel(p1, n, (from, to) -> {
                for (int t0 = from; t0 < to; t0 += TILE) {
                    int t1 = Math.min(to, t0 + TILE);
                    int k = p1;
                    for (; k + 4 <= t1; k += 4) { // four finished rows per pass; x[k + m] is zero left of k + m
                        int a0 = k * n;
                        int a1 = a0 + n;
                        int a2 = a1 + n;
                        int a3 = a2 + n;
                        int j0 = Math.max(k, t0);
                        for (int i = p0; i < p1; i++) {
                            int rowI = i * n;
                            double f0 = r[rowI + k];
                            double f1 = r[rowI + k + 1];
                            double f2 = r[rowI + k + 2];
                            double f3 = r[rowI + k + 3];
                            for (int j = j0; j < t1; j++) {
                                x[rowI + j] = x[rowI + j] - f0 * x[a0 + j] - f1 * x[a1 + j] - f2 * x[a2 + j]
                                        - f3 * x[a3 + j];
                            }
                        }
                    }
                    for (; k < t1; k++) {
                        int rowK = k * n;
                        int j0 = Math.max(k, t0);
                        for (int i = p0; i < p1; i++) {
                            double f = r[i * n + k];
                            int rowI = i * n;
                            for (int j = j0; j < t1; j++) {
                                x[rowI + j] -= f * x[rowK + j];
                            }
                        }
                    }
                }
            });
            for (int i = p1 - 1; i >= p0; i--) { // inside the panel, bottom row first
                int rowI = i * n;
                for (int k = i + 1; k < p1; k++) {
                    double f = r[rowI + k];
                    if (f == 0) {
                        continue;
                    }
                    int rowK = k * n;
                    for (int j = k; j < n; j++) {
                        x[rowI + j] -= f * x[rowK + j];
                    }
                }
                double d = r[rowI + i];
                for (int j = i; j < n; j++) {
                    x[rowI + j] /= d;
                }
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
