package quantlab.gptq;

import java.util.Arrays;

/**
 * GPTQ's Hessian of the layer objective ||W X - Ŵ X||² with respect to one row of W: H = 2 X Xᵀ, where the
 * columns of X are calibration inputs of the layer (one per token). It is accumulated token batch by token batch,
 * so the activations never have to be held at once. Stored in double, row-major [width, width].
 *
 * <p>The products are plain Java loops written as row updates ({@code h[i][j..] += x_i * x[j..]}), the form C2
 * turns into vector instructions without the incubator Vector API, which notebook kernels do not load.
 */
public final class Hessian {

    /** Tokens per batch summed in float32 before being added to the double total (bounds float rounding). */
    static final int CHUNK = 256;

    /** Four-row blocks of H per parallel task, and tokens per cache tile inside a task (a multiple of 4). */
    private static final int BLOCKS_PER_TASK = 4;
    private static final int TOKEN_TILE = 16;

    private final int width;
    private final double[] h;
    private long tokens;

    private Hessian(int width, double[] h, long tokens) {
        this.width = width;
        this.h = h;
        this.tokens = tokens;
    }

    /** An empty Hessian for a layer with {@code width} inputs. */
    public static Hessian empty(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        return new Hessian(width, new double[Math.multiplyExact(width, width)], 0);
    }

    /** H = 2 X Xᵀ of {@code tokens} inputs given row-major [tokens, width] (one row per token). */
    public static Hessian of(float[] inputs, int tokens, int width) {
        Hessian h = empty(width);
        h.add(inputs, tokens);
        return h;
    }

    /** H from a given symmetric matrix (row-major [width, width]) standing for {@code tokens} tokens. */
    public static Hessian ofMatrix(double[] matrix, int width, long tokens) {
        if (width < 1 || matrix == null || matrix.length != (long) width * width) {
            throw new IllegalArgumentException("matrix must hold width x width = " + (long) width * width
                    + " numbers, got " + (matrix == null ? "null" : matrix.length) + " for width " + width);
        }
        for (int i = 0; i < matrix.length; i++) {
            if (!Double.isFinite(matrix[i])) {
                throw new IllegalArgumentException("matrix must be finite, got " + matrix[i] + " at row "
                        + i / width + ", column " + i % width);
            }
        }
        return new Hessian(width, matrix.clone(), tokens);
    }

    /**
     * Adds {@code tokens} more inputs, row-major [tokens, width].
     *
     * @throws IllegalArgumentException if the length is not tokens x width or an activation is NaN or infinite
     */
    public void add(float[] inputs, int tokens) {
        if (tokens < 1 || inputs == null || inputs.length != (long) tokens * width) {
            throw new IllegalArgumentException("inputs must hold tokens x width = " + tokens + " x " + width
                    + " activations, got " + (inputs == null ? "null" : inputs.length));
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!Float.isFinite(inputs[i])) {
                throw new IllegalArgumentException("activations must be finite, got " + inputs[i] + " at token "
                        + i / width + ", input " + i % width);
            }
        }
        float[] partial = new float[width * width];
        for (int t0 = 0; t0 < tokens; t0 += CHUNK) {
            int t1 = Math.min(tokens, t0 + CHUNK);
            Arrays.fill(partial, 0f);
            accumulate(inputs, t0, t1, width, partial);
            for (int i = 0; i < width; i++) {
                for (int j = i; j < width; j++) {
                    h[i * width + j] += 2.0 * partial[i * width + j];
                }
            }
        }
        for (int i = 0; i < width; i++) { // the lower half mirrors the upper one
            for (int j = 0; j < i; j++) {
                h[i * width + j] = h[j * width + i];
            }
        }
        this.tokens += tokens;
    }

    /** partial[i][j] += sum over tokens t of x[t][i] x[t][j], for j >= i, four rows of H at a time. */
    private static void accumulate(float[] x, int t0, int t1, int n, float[] partial) {
        // Each task owns sixteen rows of H (four blocks of four), so tasks never write the same place; they run on
        // all cores. A task walks the tokens in tiles small enough to stay in cache while all its blocks use them,
        // instead of streaming every token from memory once per block; each sum still takes its tokens in order.
        int blocks = n / 4;
        int tasks = (blocks + BLOCKS_PER_TASK - 1) / BLOCKS_PER_TASK;
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> {
            int last = Math.min(blocks, (task + 1) * BLOCKS_PER_TASK);
            for (int s = t0; s < t1; s += TOKEN_TILE) {
                int e = Math.min(t1, s + TOKEN_TILE);
                for (int b = task * BLOCKS_PER_TASK; b < last; b++) {
                    fourRows(x, s, e, n, partial, 4 * b);
                }
            }
        });
        for (int i = n / 4 * 4; i < n; i++) {
            for (int t = t0; t < t1; t++) {
                int base = t * n;
                float a = x[base + i];
                for (int j = i; j < n; j++) {
                    partial[i * n + j] += a * x[base + j];
                }
            }
        }
    }

    private static void fourRows(float[] x, int t0, int t1, int n, float[] partial, int i) {
        int r0 = i * n;
        int r1 = r0 + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        int t = t0;
        // Four tokens per pass over the rows: each partial sum is loaded and stored once for four products instead
        // of once for each. The products are still added one token at a time, in token order, so every sum is
        // bit for bit the one the plain token-by-token loop below gives.
        for (; t + 3 < t1; t += 4) {
            int b0 = t * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            float a00 = x[b0 + i], a01 = x[b1 + i], a02 = x[b2 + i], a03 = x[b3 + i];
            float a10 = x[b0 + i + 1], a11 = x[b1 + i + 1], a12 = x[b2 + i + 1], a13 = x[b3 + i + 1];
            float a20 = x[b0 + i + 2], a21 = x[b1 + i + 2], a22 = x[b2 + i + 2], a23 = x[b3 + i + 2];
            float a30 = x[b0 + i + 3], a31 = x[b1 + i + 3], a32 = x[b2 + i + 3], a33 = x[b3 + i + 3];
            for (int j = i; j < n; j++) {
                float v0 = x[b0 + j];
                float v1 = x[b1 + j];
                float v2 = x[b2 + j];
                float v3 = x[b3 + j];
                partial[r0 + j] = partial[r0 + j] + a00 * v0 + a01 * v1 + a02 * v2 + a03 * v3;
                partial[r1 + j] = partial[r1 + j] + a10 * v0 + a11 * v1 + a12 * v2 + a13 * v3;
                partial[r2 + j] = partial[r2 + j] + a20 * v0 + a21 * v1 + a22 * v2 + a23 * v3;
                partial[r3 + j] = partial[r3 + j] + a30 * v0 + a31 * v1 + a32 * v2 + a33 * v3;
            }
        }
        for (; t < t1; t++) {
            int base = t * n;
            float a0 = x[base + i];
            float a1 = x[base + i + 1];
            float a2 = x[base + i + 2];
            float a3 = x[base + i + 3];
            for (int j = i; j < n; j++) {
                float v = x[base + j];
                partial[r0 + j] += a0 * v;
                partial[r1 + j] += a1 * v;
                partial[r2 + j] += a2 * v;
                partial[r3 + j] += a3 * v;
            }
        }
    }

    /**
     * H's eigenvalues, smallest first (Apache Commons Math's symmetric eigendecomposition): how many directions of
     * input space the calibration tokens really span, and how strongly. A direction with an eigenvalue below the
     * dampening is one GPTQ barely sees.
     */
    public double[] eigenvalues() {
        org.apache.commons.math3.linear.RealMatrix m = new org.apache.commons.math3.linear.Array2DRowRealMatrix(
                width, width);
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                m.setEntry(i, j, h[i * width + j]);
            }
        }
        double[] e = new org.apache.commons.math3.linear.EigenDecomposition(m).getRealEigenvalues().clone();
        Arrays.sort(e);
        return e;
    }

    /** Inputs of the layer: H is width x width. */
    public int width() {
        return width;
    }

    /** Tokens summed so far. */
    public long tokens() {
        return tokens;
    }

    /** H[i][j]. */
    public double get(int i, int j) {
        if (i < 0 || i >= width || j < 0 || j >= width) {
            throw new IllegalArgumentException("i and j must be from 0 to " + (width - 1) + ", got " + i + ", " + j);
        }
        return h[i * width + j];
    }

    /** A copy of H, row-major [width, width]. */
    public double[] matrix() {
        return h.clone();
    }

    /** The diagonal: 2 Σ x_i², how much input i carries; 0 marks a dead input. */
    public double[] diagonal() {
        double[] d = new double[width];
        for (int i = 0; i < width; i++) {
            d[i] = h[i * width + i];
        }
        return d;
    }

    @Override
    public String toString() {
        return "Hessian[" + width + " x " + width + ", " + tokens + " tokens]";
    }
}
