package quantlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;

/** The command line and the JMH runs it becomes; no benchmark runs here. */
class BenchOptionsTest {

    @Test
    void defaultsAreTheIssuesShapeOnOneAndAllThreads() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(8192, o.rows());
        assertEquals(8192, o.cols());
        assertEquals(128, o.groupSize());
        assertEquals(GemvKernel.FP32, o.kernels().get(0));
        assertTrue(o.kernels().stream().skip(1).allMatch(GemvKernel::simd), o.kernels().toString());
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(cpus == 1 ? List.of(1) : List.of(1, cpus), o.threads());
        assertEquals(4096, o.gemmSize());
        assertEquals(64, o.tokens());
        assertEquals(1, o.forks());
    }

    @Test
    void quickIsShorterAndOtherArgumentsStillApply() {
        BenchOptions o = BenchOptions.parse("--rows", "1024", "--quick", "--kernels", "fp32_simd,int4_simd",
                "--group", "64", "--log", "/tmp/x.log", "--threads", "2,1,2");
        assertEquals(1024, o.rows());
        assertEquals(64, o.groupSize());
        assertEquals(List.of(GemvKernel.FP32_SIMD, GemvKernel.INT4_SIMD), o.kernels());
        assertEquals(List.of(1, 2), o.threads());
        assertEquals(List.of(GemvKernel.FP32_SIMD), o.gemmKernels());
        assertEquals(250, o.iterationMs());
        assertEquals("/tmp/x.log", o.log());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(() -> BenchOptions.parse("--rows"), "--rows needs a value");
        assertMessage(() -> BenchOptions.parse("--rows", "many"), "--rows must be an integer, got many");
        assertMessage(() -> BenchOptions.parse("--fast"), "unknown argument --fast");
        assertMessage(() -> BenchOptions.parse("--group", "48"), "got 48");
        assertMessage(() -> BenchOptions.parse("--kernels", "fp16"), "unknown kernel fp16");
        assertMessage(() -> BenchOptions.parse("--forks", "0"), "forks");
        assertMessage(() -> BenchOptions.parse("--threads", "0"), "threads must be at least 1 each, got [0]");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void jmhRunsCarryTheThreadsTheCacheAndTheVectorModule() {
        List<Options> runs = BenchMain.jmhRuns(BenchOptions.parse("--quick", "--kernels", "int8", "--threads", "1,2"),
                32L << 20);
        assertEquals(6, runs.size());
        assertEquals(runs.get(0).getIncludes(), runs.get(5).getIncludes());
        Options gemv = runs.get(1);
        assertEquals(1, gemv.getThreads().get());
        assertEquals(List.of("INT8"), List.copyOf(gemv.getParameter("kernel").get()));
        assertEquals(List.of("1", "2"), List.copyOf(gemv.getParameter("threads").get()));
        assertEquals(List.of("hot", "cold"), List.copyOf(gemv.getParameter("regime").get()));
        // In cache: one thread only, whatever --threads says.
        Options cache = runs.get(2);
        assertEquals(List.of("cache"), List.copyOf(cache.getParameter("regime").get()));
        assertEquals(List.of("1"), List.copyOf(cache.getParameter("threads").get()));
        assertEquals(List.of("33554432"), List.copyOf(gemv.getParameter("llcBytes").get()));
        assertTrue(gemv.getJvmArgs().get().contains("jdk.incubator.vector"));
        // The read probe: 1 GiB (more than 4 x 32 MiB), with heap for it.
        Options read = runs.get(0);
        assertEquals(List.of("1073741824"), List.copyOf(read.getParameter("bytes").get()));
        assertTrue(read.getJvmArgs().get().contains("-Xmx1536m"), read.getJvmArgs().get().toString());
    }

    @Test
    void oneLogPerRun() {
        assertEquals("build/bench/jmh-gemv.log", BenchMain.logFor("build/bench/jmh.log", "gemv"));
        assertEquals("a.b/jmh-read", BenchMain.logFor("a.b/jmh", "read"));
    }

    @Test
    void probeAndCopiesStayBeyondTheCache() {
        // At least 1 GiB, else four times the cache: 480 MiB -> 1920 MiB.
        assertEquals(1L << 30, ReadProbeSize.of(32L << 20));
        assertEquals(1920L << 20, ReadProbeSize.of(480L << 20));
        // Cold copies: at least two, together at least twice the cache. int8 8192 x 8192 is 67141632 bytes:
        // 2 x 32 MiB = 67108864 fits in one, but the minimum is two; with 480 MiB, 1006632960 / 67141632 -> 15.
        assertEquals(2, GemvBenchmark.copiesFor(67_141_632L, 32L << 20));
        assertEquals(15, GemvBenchmark.copiesFor(67_141_632L, 480L << 20));
    }

    @Test
    void inCacheRowsFitHalfAMebibyteInWholeBlocksOfSixteen() {
        // 8192 columns: int8 rows are 8192 + 4 bytes, 524288 / 8196 = 63.97, so 48 rows; int4 g128 rows are 4096 + 64
        // x 4 = 4352 bytes, 120.47, so 112; fp32 rows 32768 bytes, exactly 16; never more rows than the matrix has.
        assertEquals(48, GemvBenchmark.cacheRows(GemvKernel.INT8_SIMD, 8192, 8192, 128));
        assertEquals(112, GemvBenchmark.cacheRows(GemvKernel.INT4_SIMD, 8192, 8192, 128));
        assertEquals(16, GemvBenchmark.cacheRows(GemvKernel.FP32_SIMD, 8192, 8192, 128));
        assertEquals(16, GemvBenchmark.cacheRows(GemvKernel.FP32_SIMD, 8192, 65536, 128));
        assertEquals(20, GemvBenchmark.cacheRows(GemvKernel.INT8_SIMD, 20, 8192, 128));
    }
}
