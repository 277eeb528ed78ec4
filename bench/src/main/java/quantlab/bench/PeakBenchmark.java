package quantlab.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import quantlab.kernels.KernelThreads;

/**
 * The machine's measured arithmetic peak: each thread runs {@value #CHAINS} independent chains of fused
 * multiply-adds on registers (enough to cover the FMA latency on two FMA pipes), {@value #STEPS} steps per call and
 * {@value #CALLS} calls per operation (short calls, so the JIT compiles the loop as a method, not only on-stack). One
 * operation performs {@link #flops(int)} floating-point operations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PeakBenchmark {

    /** The machine's float vector. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    static final int STEPS = 1 << 12;
    static final int CALLS = 1 << 8;

    /** Threads computing at once. */
    @Param("1")
    public int threads;

    private KernelThreads pool;
    private final float[] sums = new float[64 * 16];
    private final KernelThreads.RangeTask task = (worker, from, to) -> {
        float s = 0;
        for (int i = 0; i < CALLS; i++) {
            s += chains(1f + worker * 1e-7f + s * 1e-9f);
        }
        sums[worker * 16] = s;
    };

    /** FLOP of one operation: threads x chains x steps x lanes x 2. */
    static long flops(int threads) {
        return 2L * threads * CHAINS * STEPS * CALLS * F.length();
    }

    @Setup
    public void start() {
        pool = KernelThreads.of(threads);
    }

    @TearDown
    public void stop() {
        pool.close();
    }

    @Benchmark
    public float fma() {
        pool.run(threads, 1, task);
        float s = 0;
        for (int i = 0; i < threads; i++) {
            s += sums[i * 16];
        }
        return s;
    }

    private static float chains(float seed) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f);
        FloatVector a = FloatVector.broadcast(F, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(F, seed);
        FloatVector c1 = c0.add(1f), c2 = c0.add(2f), c3 = c0.add(3f), c4 = c0.add(4f), c5 = c0.add(5f);
        FloatVector c6 = c0.add(6f), c7 = c0.add(7f), c8 = c0.add(8f), c9 = c0.add(9f), c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2.add(c3)).add(c4.add(c5).add(c6.add(c7))).add(c8.add(c9).add(c10.add(c11)))
                .reduceLanes(VectorOperators.ADD);
    }
}
