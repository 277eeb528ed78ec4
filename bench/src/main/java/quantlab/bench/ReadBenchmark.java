package quantlab.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The cold read rate ({@link ReadProbe}) on a pool of {@code threads} threads, four streams per thread and one: ms to
 * read the whole array once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReadBenchmark {

    /** Threads reading at once. */
    @Param("1")
    public int threads;

    /** Bytes to read, from {@link ReadProbeSize#of} and the machine's cache size. */
    @Param("1073741824")
    public long bytes;

    private long[] words;
    private KernelThreads pool;
    private final long[] sums = new long[64];
    private final AtomicLong sink = new AtomicLong();
    private final KernelThreads.RangeTask task = (worker, from, to) -> sums[worker * 8] = ReadProbe.read(words, from,
            to);
    private final KernelThreads.RangeTask oneStream = (worker, from, to) -> sums[worker * 8] = ReadProbe.readOne(words,
            from, to);

    /** Fills the array so every page is mapped before timing starts. */
    @Setup
    public void allocate() {
        int n = Math.toIntExact(bytes / Long.BYTES);
        n -= n % ReadProbe.align();
        words = new long[n];
        Arrays.fill(words, 3L);
        pool = KernelThreads.of(threads);
        // One read of the array is a single call per thread; let the JIT compile the loop fully first (see
        // GemvBenchmark#build) with short calls.
        int small = ReadProbe.align() * 4;
        long s = 0;
        for (int i = 0; i < GemvBenchmark.JIT_CALLS; i++) {
            s += ReadProbe.read(words, 0, small) + ReadProbe.readOne(words, 0, small);
        }
        sink.lazySet(s);
    }

    /** Stops the pool's workers. */
    @TearDown
    public void stop() {
        pool.close();
    }

    /** Reads every byte once, split over the threads, four streams per thread. */
    @Benchmark
    public long read() {
        return sum(task);
    }

    /** Reads every byte once, split over the threads, one stream per thread. */
    @Benchmark
    public long readOneStream() {
        return sum(oneStream);
    }

    private long sum(KernelThreads.RangeTask t) {
        pool.run(words.length, ReadProbe.align(), t);
        long s = 0;
        for (int i = 0; i < threads; i++) {
            s += sums[i * 8];
        }
        sink.lazySet(s);
        return s;
    }
}
