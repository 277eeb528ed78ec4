package quantlab.kernels;

/**
 * The prefill product: Y = X W^T for a prompt of P tokens at once (X is P x cols, Y is P x rows), over any GEMV
 * kernel's weights, with the rows split over a {@link KernelThreads} pool. Blocked so that each weight is read from
 * memory once per prompt rather than once per token: the rows are taken {@link #rowBlock()} at a time (a block of
 * about {@value #BLOCK_BYTES} weight bytes, which stays in the core's L2 cache), and every token's x is multiplied
 * with that block before the next block is read.
 *
 * <p>Each token's y is computed by the kernel's own {@link GemvWeights#multiplyRows}, so row r of token t is bit for
 * bit the GEMV {@code weights.multiply(x[t])[r]}: the GEMV kernels (and their scalar specifications) define the
 * arithmetic, and this class only changes the order in which rows and tokens are visited. One instance serves one
 * calling thread at a time; a product allocates nothing.
 */
public final class Gemm {

    /** The weight bytes of one row block: a quarter of a 512 KiB L2, leaving room for x and y. */
    public static final int BLOCK_BYTES = 128 * 1024;

    private final GemvWeights weights;
    private final KernelThreads pool;
    private final int rowBlock;
    private final KernelThreads.RangeTask blocksTask;
    // The current product; written before the pool publishes the task, read by the workers after.
    private float[][] x;
    private float[][] y;

    private Gemm(GemvWeights weights, KernelThreads pool) {
        this.weights = weights;
        this.pool = pool;
        this.rowBlock = rowBlockFor(weights);
        this.blocksTask = this::blocks;
    }

    /**
     * The prefill product over {@code weights} on the threads of {@code pool} (shared, not copied).
     *
     * @throws IllegalArgumentException if either is null or weights is a {@link ThreadedGemv} (pass its kernel)
     */
    public static Gemm of(GemvWeights weights, KernelThreads pool) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        if (weights instanceof ThreadedGemv t) {
            throw new IllegalArgumentException("weights must be a single-threaded kernel (Gemm splits the rows "
                    + "itself), got " + t.label() + ": pass its weights()");
        }
        return new Gemm(weights, pool);
    }

    /** Rows per block: the multiple of 16 rows (at least 16) whose weights come closest to BLOCK_BYTES. */
    static int rowBlockFor(GemvWeights w) {
        double bytesPerRow = (double) w.weightBytes() / w.rows();
        int rows = (int) (BLOCK_BYTES / bytesPerRow) / ThreadedGemv.ALIGN * ThreadedGemv.ALIGN;
        return Math.max(ThreadedGemv.ALIGN, rows);
    }

    /** The rows multiplied with every token before the next rows are read. */
    public int rowBlock() {
        return rowBlock;
    }

    /** The weights. */
    public GemvWeights weights() {
        return weights;
    }

    /** The threads a product uses. */
    public int threads() {
        return pool.threads();
    }

    /** Floating-point operations of a product over {@code tokens} tokens: a multiply and an add per weight and token. */
    public static long flops(int rows, int cols, int tokens) {
        return 2L * rows * cols * tokens;
    }

    /**
     * Computes y[t] = W x[t] for every token t.
     *
     * @throws IllegalArgumentException if x or y is null or empty, their token counts differ, or a row of x is not
     *                                  cols long or a row of y not rows long
     */
    public void multiply(float[][] x, float[][] y) {
        check(x, y);
        this.x = x;
        this.y = y;
        try {
            pool.run(weights.rows(), rowBlock, blocksTask);
        } finally {
            this.x = null;
            this.y = null;
        }
    }

    /** Computes and returns y[t] = W x[t] for every token t. */
    public float[][] multiply(float[][] x) {
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        float[][] y = new float[x.length][weights.rows()];
        multiply(x, y);
        return y;
    }

    /**
     * One thread's rows, a block at a time, every token per block. The SIMD fp32 kernel takes three tokens per pass
     * over the block (its register tile); the others, and the tokens left over, one.
     */
    private void blocks(int worker, int from, int to) {
        float[][] xs = x;
        float[][] ys = y;
        SimdFp32Weights tiled = weights instanceof SimdFp32Weights s ? s : null;
        for (int b = from; b < to; b += rowBlock) {
            int e = Math.min(b + rowBlock, to);
            int t = 0;
            if (tiled != null) {
                for (; t + 3 <= xs.length; t += 3) {
                    tiled.multiplyRows3(xs[t], xs[t + 1], xs[t + 2], ys[t], ys[t + 1], ys[t + 2], b, e);
                }
            }
            for (; t < xs.length; t++) {
                weights.multiplyRows(xs[t], ys[t], b, e);
            }
        }
    }

    private void check(float[][] x, float[][] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("x must hold at least one token, got 0");
        }
        if (y.length != x.length) {
            throw new IllegalArgumentException("y must hold as many tokens as x (" + x.length + "), got " + y.length);
        }
        for (int t = 0; t < x.length; t++) {
            if (x[t] == null || x[t].length != weights.cols()) {
                throw new IllegalArgumentException("x[" + t + "] length must equal cols " + weights.cols() + ", got "
                        + (x[t] == null ? "null" : x[t].length));
            }
            if (y[t] == null || y[t].length != weights.rows()) {
                throw new IllegalArgumentException("y[" + t + "] length must equal rows " + weights.rows() + ", got "
                        + (y[t] == null ? "null" : y[t].length));
            }
        }
    }

    @Override
    public String toString() {
        return "Gemm[" + weights + ", blocks of " + rowBlock + " rows, " + pool.threads() + " threads]";
    }
}
