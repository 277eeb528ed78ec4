package quantlab.gptq;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import quantlab.quantization.Granularity;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;
import quantlab.quantization.SliceScale;
import quantlab.quantization.WeightMatrix;

/**
 * GPTQ (Frantar, Ashkboos, Hoefler, Alistarh 2022, "GPTQ: Accurate Post-Training Quantization for Generative
 * Pre-trained Transformers", arXiv:2210.17323), in its Cholesky form with lazy batch updates. Every row of W is
 * quantized column by column in one shared order; after column i is rounded, its error e = (w_i - q_i) / U[i][i]
 * is fed back into the columns not yet rounded, w_j -= e U[i][j], with U the upper Cholesky factor of H⁻¹
 * ({@link InverseHessian}). That choice minimises the layer objective ||W X - Ŵ X||² given the columns done so
 * far, where H = 2 X Xᵀ ({@link Hessian}).
 *
 * <p>Details, as the paper and its reference code do them:
 * <ul>
 *   <li>dampening: λ · mean(diag H) is added to the diagonal (λ = 1% by default) so that H is invertible;</li>
 *   <li>dead inputs: an input that is zero on every calibration token (H[i][i] = 0) gets H[i][i] = 1 and its
 *       weights set to 0, since nothing the layer sees depends on them;</li>
 *   <li>lazy batches: columns are processed in blocks of {@code blockSize}; inside a block the updates are
 *       applied column by column, to the later columns in one matrix product at the block's end (the same result,
 *       far fewer passes over W);</li>
 *   <li>groups: a group's scale and zero point are fixed when the group starts, from its weights as they stand
 *       then (already corrected by the errors of earlier columns), and every column of the group is rounded with
 *       them ({@link Quantizer#code}); blocks end at group starts so that this is exact. Per channel and per
 *       tensor scales are fixed at the start from the whole row or matrix;</li>
 *   <li>act-order (optional): columns are taken in order of decreasing H[i][i], the most active inputs first.
 *       With groups the scales are then fitted to the original weights of each group ("static groups"), so the
 *       stored layout is still groups of consecutive inputs.</li>
 * </ul>
 */
public final class Gptq {

    private Gptq() {
    }

    /**
     * How GPTQ runs.
     *
     * @param quantizer  the format (bits 2-8, symmetric or asymmetric, per tensor, per channel or per group)
     * @param dampening  λ: λ · mean(diag H) is added to the diagonal; 0 to 1, 0 only for an H known invertible
     * @param blockSize  columns per lazy batch, at least 1 (the paper uses 128)
     * @param actOrder   whether to take the columns by decreasing H[i][i]
     * @param fewTokensAllowed whether a calibration with fewer tokens than inputs is accepted (H is then rank
     *                   deficient and only dampening makes it invertible); off by default, on only for timing
     */
    public record Options(Quantizer quantizer, double dampening, int blockSize, boolean actOrder,
                          boolean fewTokensAllowed) {

        /** Options that refuse a calibration with fewer tokens than inputs. */
        public Options(Quantizer quantizer, double dampening, int blockSize, boolean actOrder) {
            this(quantizer, dampening, blockSize, actOrder, false);
        }

        /** The paper's defaults: 1% dampening, blocks of 128, the natural column order. */
        public static final double DEFAULT_DAMPENING = 0.01;
        /** Columns per lazy batch by default. */
        public static final int DEFAULT_BLOCK = 128;

        public Options {
            if (quantizer == null) {
                throw new IllegalArgumentException("quantizer must not be null");
            }
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("dampening must be from 0 to 1, got " + dampening);
            }
            if (blockSize < 1) {
                throw new IllegalArgumentException("blockSize must be at least 1, got " + blockSize);
            }
        }

        /** The defaults for a format. */
        public static Options of(Quantizer quantizer) {
            return new Options(quantizer, DEFAULT_DAMPENING, DEFAULT_BLOCK, false);
        }

        public Options withDampening(double lambda) {
            return new Options(quantizer, lambda, blockSize, actOrder, fewTokensAllowed);
        }

        public Options withBlockSize(int columns) {
            return new Options(quantizer, dampening, columns, actOrder, fewTokensAllowed);
        }

        public Options withActOrder(boolean on) {
            return new Options(quantizer, dampening, blockSize, on, fewTokensAllowed);
        }

        /** Accepts fewer tokens than inputs (a benchmark's random layer); a real calibration should not. */
        public Options withFewTokensAllowed(boolean on) {
            return new Options(quantizer, dampening, blockSize, actOrder, on);
        }
    }

    /**
     * What GPTQ chose, with where the time went.
     *
     * @param codes          the codes and scales, [out, in], at the options' format
     * @param deadInputs     inputs with H[i][i] = 0 (their weights were set to 0)
     * @param choleskyNanos  dampening, act-order permutation and the inverse-Hessian factor
     * @param loopNanos      the column loop (rounding and error feedback)
     */
    public record Result(QuantizedTensor codes, int deadInputs, long choleskyNanos, long loopNanos) {

        /** The weights GPTQ leaves the layer with. */
        public WeightMatrix dequantized() {
            return new WeightMatrix(codes.rows(), codes.cols(), codes.dequantize());
        }
    }

    /**
     * Quantizes W given the Hessian of its calibration inputs.
     *
     * @throws IllegalArgumentException if the widths differ, the calibration has fewer tokens than W has inputs, W
     *                                  is not finite, the group size does not divide the width, or H (dampened) is
     *                                  not positive definite
     */
    public static Result quantize(WeightMatrix weight, Hessian hessian, Options options) {
        if (weight == null || hessian == null || options == null) {
            throw new IllegalArgumentException("weight, hessian and options must not be null, got " + weight + ", "
                    + hessian + " and " + options);
        }
        int out = weight.out();
        int n = weight.in();
        if (hessian.width() != n) {
            throw new IllegalArgumentException("hessian must be " + n + " wide like the weight's inputs, got "
                    + hessian.width());
        }
        if (hessian.tokens() < n && !options.fewTokensAllowed()) {
            throw new IllegalArgumentException("calibration must have at least as many tokens as the layer has inputs ("
                    + n + "), got " + hessian.tokens() + " tokens (Options.withFewTokensAllowed accepts it)");
        }
        Quantizer quantizer = options.quantizer();
        Granularity g = quantizer.granularity();
        if (g.kind() == Granularity.Kind.PER_GROUP && n % g.groupSize() != 0) {
            throw new IllegalArgumentException("groupSize must divide the layer's " + n + " inputs, got "
                    + g.groupSize());
        }
        float[] w = weight.values();
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                throw new IllegalArgumentException("weight must be finite, got " + w[i] + " at row " + i / n
                        + ", input " + i % n);
            }
        }

        long t0 = System.nanoTime();
        double[] h = hessian.matrix();
        int dead = 0;
        for (int i = 0; i < n; i++) {
            if (h[i * n + i] == 0) {
                h[i * n + i] = 1;
                for (int r = 0; r < out; r++) {
                    w[r * n + i] = 0;
                }
                dead++;
            }
        }
        double meanDiagonal = 0;
        for (int i = 0; i < n; i++) {
            meanDiagonal += h[i * n + i];
        }
        meanDiagonal /= n;
        for (int i = 0; i < n; i++) {
            h[i * n + i] += options.dampening() * meanDiagonal;
        }
        int[] perm = order(h, n, options.actOrder());
        double[] hp = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                hp[i * n + j] = h[perm[i] * n + perm[j]];
            }
        }
        double[] u;
        try {
            u = InverseHessian.upperFactor(hp, n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hessian " + e.getMessage() + "; dampening was "
                    + options.dampening(), e);
        }
        float[] uf = new float[n * n];
        for (int i = 0; i < uf.length; i++) {
            uf[i] = (float) u[i];
        }
        long t1 = System.nanoTime();

        QuantizedTensor codes = columnLoop(w, out, n, perm, uf, options);
        long t2 = System.nanoTime();
        return new Result(codes, dead, t1 - t0, t2 - t1);
    }

    /** The column loop for rows r0 .. r1 - 1: round, feed the error back inside the block, then lazily beyond it. */
    private static void rows(float[] wp, int[] codes, SliceScale[] scales, int r0, int r1, int n, int[] perm,
                             float[] u, Options options, boolean staticScales, boolean perColumn) {
        Quantizer quantizer = options.quantizer();
        Granularity g = quantizer.granularity();
        int block = options.blockSize();
        int group = g.kind() == Granularity.Kind.PER_GROUP ? g.groupSize() : 0;
        int count = r1 - r0;
        float[] err = new float[count * block];
        for (int i1 = 0; i1 < n; ) {
            int i2 = Math.min(n, i1 + block);
            if (!staticScales) {
                int nextGroup = (i1 / group + 1) * group; // end the block where the next group starts
                i2 = Math.min(i2, nextGroup);
            }
            int width = i2 - i1;
            for (int i = i1; i < i2; i++) {
                int c = perm[i];
                if (!staticScales && c % group == 0) { // a group starts: fix its scales from the current weights
                    for (int r = r0; r < r1; r++) {
                        scales[g.scaleIndex(r, c, n)] = quantizer.fit(wp, r * n + i, r * n + i + group);
                    }
                }
                if (perColumn) { // one scale per input column, from the column as it stands now
                    double lo = 0;
                    double hi = 0;
                    for (int r = r0; r < r1; r++) {
                        lo = Math.min(lo, wp[r * n + i]);
                        hi = Math.max(hi, wp[r * n + i]);
                    }
                    scales[c] = quantizer.fit(lo, hi);
                }
                float d = u[i * n + i];
                int uRow = i * n;
                for (int r = r0; r < r1; r++) {
                    int row = r * n;
                    float value = wp[row + i];
                    SliceScale s = scales[g.scaleIndex(r, c, n)];
                    int q = quantizer.code(value, s);
                    codes[row + c] = q;
                    float e = (value - quantizer.value(q, s)) / d;
                    err[(r - r0) * block + (i - i1)] = e;
                    for (int j = i + 1; j < i2; j++) {
                        wp[row + j] -= e * u[uRow + j];
                    }
                }
            }
            if (i2 < n) { // lazy batch: W[:, i2:] -= E · U[i1:i2, i2:]
                lazyUpdate(wp, err, u, r0, r1, n, i1, i2, width, block);
            }
            i1 = i2;
        }
    }

    /** Columns per tile of the lazy update: a block's rows of U over one tile (128 x 512 floats) stay in L2. */
    static final int LAZY_TILE = 512;

    /**
     * W[r0:r1, i2:] -= E · U[i1:i2, i2:], tile by tile so the tile of U is read from cache by every row, four rows
     * of U per pass over a row's tile. Each weight still takes its subtractions one at a time in k order, so the
     * result is bit for bit the plain triple loop's.
     */
    private static void lazyUpdate(float[] wp, float[] err, float[] u, int r0, int r1, int n, int i1, int i2,
                                   int width, int block) {
        for (int t0 = i2; t0 < n; t0 += LAZY_TILE) {
            int t1 = Math.min(n, t0 + LAZY_TILE);
            for (int r = r0; r < r1; r++) {
                int row = r * n;
                int e0 = (r - r0) * block;
                int k = 0;
                for (; k + 4 <= width; k += 4) {
                    float a = err[e0 + k];
                    float b = err[e0 + k + 1];
                    float c = err[e0 + k + 2];
                    float d = err[e0 + k + 3];
                    int ua = (i1 + k) * n;
                    int ub = ua + n;
                    int uc = ub + n;
                    int ud = uc + n;
                    for (int j = t0; j < t1; j++) {
                        wp[row + j] = wp[row + j] - a * u[ua + j] - b * u[ub + j] - c * u[uc + j] - d * u[ud + j];
                    }
                }
                for (; k < width; k++) {
                    float e = err[e0 + k];
                    int uRow = (i1 + k) * n;
                    for (int j = t0; j < t1; j++) {
                        wp[row + j] -= e * u[uRow + j];
                    }
                }
            }
        }
    }

    /** The processing order: 0..n-1, or by decreasing H[i][i] (ties by index) with act-order. */
    static int[] order(double[] h, int n, boolean actOrder) {
        Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        if (actOrder) {
            Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -h[i * n + i]).thenComparingInt(i -> i));
        }
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** Rows per task of the column loop: rows are independent once U is known, so they run in parallel. */
    static final int ROWS_PER_TASK = 16;

    private static QuantizedTensor columnLoop(float[] original, int out, int n, int[] perm, float[] u,
                                              Options options) {
        Quantizer quantizer = options.quantizer();
        Granularity g = quantizer.granularity();
        boolean staticScales = options.actOrder() || g.kind() != Granularity.Kind.PER_GROUP;
        boolean perColumn = g.kind() == Granularity.Kind.PER_CHANNEL && g.axis() == 1;
        // Working weights in processing order: wp[r][i] = W[r][perm[i]].
        float[] wp = new float[out * n];
        for (int r = 0; r < out; r++) {
            for (int i = 0; i < n; i++) {
                wp[r * n + i] = original[r * n + perm[i]];
            }
        }
        int slots = g.scaleCount(out, n);
        SliceScale[] scales = new SliceScale[slots];
        if (staticScales && !perColumn) {
            SliceScale[] fitted = quantizer.findScales(original, out, n); // fixed before any column is rounded
            System.arraycopy(fitted, 0, scales, 0, slots);
        }
        int[] codes = new int[out * n];
        // A scale per input column needs every row at once; every other granularity keeps rows independent.
        int rowsPerTask = perColumn ? out : ROWS_PER_TASK;
        int tasks = (out + rowsPerTask - 1) / rowsPerTask;
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> {
            int r0 = task * rowsPerTask;
            int r1 = Math.min(out, r0 + rowsPerTask);
            rows(wp, codes, scales, r0, r1, n, perm, u, options, staticScales, perColumn);
        });
        float[] scaleValues = new float[slots];
        int[] zeroPoints = new int[slots];
        for (int s = 0; s < slots; s++) {
            scaleValues[s] = scales[s].scale();
            zeroPoints[s] = scales[s].zeroPoint();
        }
        return new QuantizedTensor(codes, scaleValues, zeroPoints, out, n, quantizer.bits(), quantizer.scheme(), g);
    }
}
