package quantlab.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one thread of this machine can move through memory, the ceiling of a memory-bound GEMV: copying 256 MiB
 * (System.arraycopy; every byte read once and written once) and reading 256 MiB (a vector sum, as a GEMV reads its
 * weights). 256 MiB is far beyond any cache, like an 8192 x 8192 fp32 matrix.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MemoryBandwidthBenchmark {

    /** Bytes copied or read per operation. */
    public static final int BYTES = 256 << 20;

    /**
     * 256-bit vectors, as the fp32 kernel uses: a 512-bit load from a Java array straddles two cache lines and
     * measured 16 ms here against 11.6 ms for 256-bit loads, which would make "read" slower than an fp32 GEMV.
     */
    private static final VectorSpecies<Long> L = LongVector.SPECIES_256;

    private byte[] source;
    private byte[] target;
    private long[] words;

    /** Fills the arrays so that every page is mapped before timing starts. */
    @Setup
    public void allocate() {
        source = new byte[BYTES];
        target = new byte[BYTES];
        Arrays.fill(source, (byte) 1);
        Arrays.fill(target, (byte) 2);
        words = new long[BYTES / Long.BYTES];
        Arrays.fill(words, 3L);
    }

    /** Copies 256 MiB: 256 MiB read plus 256 MiB written. */
    @Benchmark
    public byte[] copy() {
        System.arraycopy(source, 0, target, 0, BYTES);
        return target;
    }

    /** Reads 256 MiB, summing it with four vector accumulators so the adds never wait on memory's behalf. */
    @Benchmark
    public long read() {
        long[] w = words;
        int lanes = L.length();
        LongVector a0 = LongVector.zero(L);
        LongVector a1 = LongVector.zero(L);
        LongVector a2 = LongVector.zero(L);
        LongVector a3 = LongVector.zero(L);
        for (int i = 0; i < w.length; i += 4 * lanes) {
            a0 = a0.add(LongVector.fromArray(L, w, i));
            a1 = a1.add(LongVector.fromArray(L, w, i + lanes));
            a2 = a2.add(LongVector.fromArray(L, w, i + 2 * lanes));
            a3 = a3.add(LongVector.fromArray(L, w, i + 3 * lanes));
        }
        return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    }
}
