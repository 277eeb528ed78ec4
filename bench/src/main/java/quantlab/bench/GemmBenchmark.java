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
import quantlab.kernels.Gemm;
import quantlab.kernels.KernelThreads;

/** One prefill product Y = X W^T over {@code tokens} tokens per operation ({@link Gemm}), on {@code threads} threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBenchmark {

    /** Which kernel's weights and row product. */
    @Param
    public GemvKernel kernel;

    /** Output channels. */
    @Param("4096")
    public int rows;

    /** Input channels. */
    @Param("4096")
    public int cols;

    /** int4 weights per scale. */
    @Param("128")
    public int groupSize;

    /** Prompt tokens per product. */
    @Param("64")
    public int tokens;

    /** Threads per product. */
    @Param("1")
    public int threads;

    private Gemm gemm;
    private KernelThreads pool;
    private float[][] x;
    private float[][] y;

    @Setup
    public void build() {
        pool = KernelThreads.of(threads);
        gemm = Gemm.of(kernel.build(rows, cols, groupSize, 42), pool);
        SplittableRandom rnd = new SplittableRandom(7);
        x = new float[tokens][cols];
        for (float[] t : x) {
            for (int i = 0; i < cols; i++) {
                t[i] = (float) rnd.nextDouble(-1, 1);
            }
        }
        y = new float[tokens][rows];
    }

    @TearDown
    public void stop() {
        pool.close();
    }

    @Benchmark
    public float[][] multiply() {
        gemm.multiply(x, y);
        return y;
    }
}
