package quantlab.kernels;

/**
 * Any GEMV kernel with its rows split over a {@link KernelThreads} pool: each thread computes a contiguous run of
 * rows with the wrapped kernel's own {@link GemvWeights#multiplyRows}, so every row is still summed by one thread in
 * the same order, and y is bit for bit what one thread computes. Splits fall on multiples of {@link #ALIGN} rows (a
 * whole number of the SIMD kernels' four-row blocks, and of 64-byte lines of y).
 *
 * <p>A product allocates nothing: the pool's task is made once and this object holds the current x and y in fields, so one
 * instance serves one calling thread at a time (as its pool does).
 */
public final class ThreadedGemv extends DelegatingWeights<GemvWeights> {

    /** Rows per unit of the split. */
    public static final int ALIGN = 16;

    private final KernelThreads pool;
    /** The pool's task, made once: one thread's rows, counted from {@link #offset}. */
    private final KernelThreads.RangeTask rowsTask;
    // The current product; written before the pool publishes the task, read by the workers after.
    private float[] x;
    private float[] y;
    private int offset;

    private ThreadedGemv(GemvWeights weights, KernelThreads pool) {
        super(weights);
        this.pool = pool;
        this.rowsTask = (worker, from, to) -> weights.multiplyRows(x, y, offset + from, offset + to);
    }

    /**
     * The kernel of {@code weights} on the threads of {@code pool} (both shared, not copied).
     *
     * @throws IllegalArgumentException if either is null, or weights is itself threaded
     */
    public static ThreadedGemv of(GemvWeights weights, KernelThreads pool) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        if (weights instanceof ThreadedGemv) {
            throw new IllegalArgumentException("weights must be a single-threaded kernel, got " + weights);
        }
        return new ThreadedGemv(weights, pool);
    }

    /** The kernel each thread runs. */
    public GemvWeights weights() {
        return weights;
    }

    /** The threads a product uses. */
    public int threads() {
        return pool.threads();
    }

    /** The kernel's label and the thread count, such as "int8 per-row simd, 2 threads". */
    @Override
    public String label() {
        return weights.label() + ", " + pool.threads() + (pool.threads() == 1 ? " thread" : " threads");
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        this.x = x;
        this.y = y;
        this.offset = fromRow;
        try {
            pool.run(toRow - fromRow, ALIGN, rowsTask);
        } finally {
            this.x = null;
            this.y = null;
        }
    }

    @Override
    public String toString() {
        return "ThreadedGemv[" + weights + ", " + pool.threads() + " threads]";
    }
}
