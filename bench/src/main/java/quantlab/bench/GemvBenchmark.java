package quantlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import quantlab.kernels.GemvWeights;
import quantlab.kernels.KernelThreads;
import quantlab.kernels.ThreadedGemv;

/**
 * One GEMV product y = W x per operation, for one kernel at one shape on {@code threads} threads, hot, cold or in
 * cache. Hot multiplies the same weights every time (whatever of them the caches hold, they keep); cold cycles through
 * {@link #copiesFor} copies of the weights that together are at least twice the last-level cache, so each product
 * finds its weights evicted by the others and reads them from memory; in cache multiplies the same {@link #cacheRows}
 * rows every time, few enough to stay in the cores' caches, which measures what the kernel's arithmetic alone allows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemvBenchmark {

    /** Which kernel (JMH runs one trial per value). */
    @Param
    public GemvKernel kernel;

    /** Output channels. */
    @Param("8192")
    public int rows;

    /** Input channels. */
    @Param("8192")
    public int cols;

    /** int4 weights per scale. */
    @Param("128")
    public int groupSize;

    /** Threads per product. */
    @Param("1")
    public int threads;

    /** "hot", "cold" or "cache". */
    @Param({"hot", "cold", "cache"})
    public String regime;

    /** The last-level cache's bytes, read by BenchMain from the machine. */
    @Param("33554432")
    public long llcBytes;

    private GemvWeights[] weights;
    private KernelThreads pool;
    private float[] x;
    private float[] y;
    private int next;

    /** Copies of {@code weightBytes} that together hold at least twice {@code llcBytes}; at least two. */
    static int copiesFor(long weightBytes, long llcBytes) {
        return (int) Math.max(2, (2 * llcBytes + weightBytes - 1) / weightBytes);
    }

    /** Weights of at most this many bytes are the in-cache regime's: half the 1 MiB L2 of a core of the AVX2 EPYC. */
    static final long CACHE_BYTES = 512L << 10;

    /**
     * The rows of the in-cache regime: as many as fit in {@link #CACHE_BYTES} of weights at this width, a multiple of
     * {@link ThreadedGemv#ALIGN} (so two threads each get whole rows), at least that many and at most {@code rows}.
     */
    static int cacheRows(GemvKernel kernel, int rows, int cols, int groupSize) {
        long perRow = kernel.weightBytes(1, cols, groupSize);
        long fit = CACHE_BYTES / perRow / ThreadedGemv.ALIGN * ThreadedGemv.ALIGN;
        return (int) Math.min(rows, Math.max(ThreadedGemv.ALIGN, fit));
    }

    /** Calls of the kernel on a small matrix before timing: see {@link #build}. */
    static final int JIT_CALLS = 1500;

    /**
     * Builds the weights (and their copies) and the input once per trial, then runs the same kernel on a 64-row
     * matrix {@value #JIT_CALLS} times (or for at most ten seconds). A product of 8192 x 8192 is one call of a kernel
     * loop, and the JIT compiles a method fully only after hundreds of calls: without this the first seconds of
     * timing ran on-stack-replaced or interpreted code, 30 to 100 times slower. (int4 8192 x 8192 in a fresh JVM: the
     * first call took 4.6 s, the second 1.5 s; after this warm-up the first took 6.1 ms.)
     */
    @Setup
    public void build() {
        int copies = regime.equals("cold") ? copiesFor(kernel.weightBytes(rows, cols, groupSize), llcBytes) : 1;
        int rows = regime.equals("cache") ? cacheRows(kernel, this.rows, cols, groupSize) : this.rows;
        pool = KernelThreads.of(threads);
        weights = new GemvWeights[copies];
        for (int i = 0; i < copies; i++) {
            GemvWeights w = kernel.build(rows, cols, groupSize, 42 + i);
            weights[i] = threads == 1 ? w : ThreadedGemv.of(w, pool);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        y = new float[rows];
        GemvWeights small = kernel.build(Math.min(rows, 64), cols, groupSize, 1);
        GemvWeights warm = threads == 1 ? small : ThreadedGemv.of(small, pool);
        float[] ys = new float[small.rows()];
        long end = System.nanoTime() + 10_000_000_000L;
        for (int i = 0; i < JIT_CALLS && System.nanoTime() < end; i++) {
            warm.multiply(x, ys);
        }
    }

    /** Stops the pool's workers. */
    @TearDown
    public void stop() {
        pool.close();
        weights = null;
    }

    /** One product, with the next copy when cold; returning y keeps JMH from treating the work as dead. */
    @Benchmark
    public float[] multiply() {
        GemvWeights[] ws = weights;
        int i = next;
        next = i + 1 == ws.length ? 0 : i + 1;
        ws[i].multiply(x, y);
        return y;
    }
}
