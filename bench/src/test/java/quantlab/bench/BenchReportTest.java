package quantlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table's arithmetic on made-up times, with every expected figure worked out by hand. */
class BenchReportTest {

    private static final long FP32_BYTES = 268_435_456L;
    private static final long INT8_BYTES = 67_141_632L;
    private static final long GIB = 1L << 30;

    private static List<String> line(String table, String start) {
        return List.of(table.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + start + " in\n" + table)).split("\\s+"));
    }

    private static BenchReport report(List<KernelTime> times, Map<Integer, Double> readMs) {
        return report(times, readMs, List.of());
    }

    private static BenchReport report(List<KernelTime> times, Map<Integer, Double> readMs, List<KernelTime> inCache) {
        return report(times, readMs, inCache, Map.of());
    }

    private static BenchReport report(List<KernelTime> times, Map<Integer, Double> readMs, List<KernelTime> inCache,
            Map<Integer, Double> oneStreamMs) {
        List<GemmTime> gemm = List.of(new GemmTime(GemvKernel.FP32_SIMD, 2, 2_147_483_648L, 50, 1));
        return new BenchReport(8192, 8192, 128, times, GIB, readMs, gemm, 4096, 64, Map.of(1, 40.0, 2, 80.0), 256, 8,
                78.25, inCache, oneStreamMs);
    }

    @Test
    void oneStreamRateBesideFourStreams() {
        // 1 GiB in 50 ms = 21.47 GB/s with four streams; in 100 ms = 10.74 GB/s with one, 50% of four.
        String table = report(List.of(), Map.of(1, 50.0), List.of(), Map.of(1, 100.0)).render();
        assertTrue(table.contains("one stream per thread (how a kernel that reads one row at a time meets memory): "
                + "1 thread 10.74 GB/s (50% of four streams)"), table);
        assertTrue(!report(List.of(), Map.of(1, 50.0)).render().contains("one stream per thread"));
    }

    @Test
    void coldRatesAgainstTheReadRateAtTheSameThreadCount() {
        List<KernelTime> times = List.of(
                new KernelTime(GemvKernel.FP32_SIMD, FP32_BYTES, 1, false, 11, 0.1),
                new KernelTime(GemvKernel.FP32_SIMD, FP32_BYTES, 1, true, 12, 0.5),
                new KernelTime(GemvKernel.FP32_SIMD, FP32_BYTES, 2, true, 8, 0.2),
                new KernelTime(GemvKernel.INT8_SIMD, INT8_BYTES, 2, true, 4, Double.NaN));
        // read: 1 GiB in 50 ms = 21.47 GB/s on one thread, in 25 ms = 42.95 GB/s on two.
        String table = report(times, Map.of(1, 50.0, 2, 25.0)).render();
        // fp32 1 thread: 268435456 / 12 ms = 22.37 GB/s, 22.37 / 21.47 = 104%: above the probe.
        assertEquals(List.of("fp32", "simd", "1", "268.4", "11.00", "12.00", "±", "0.50", "22.37", "104%!", "1.00x"),
                line(table, "fp32 simd                    1"));
        // fp32 2 threads: 268435456 / 8 ms = 33.55 GB/s, / 42.95 = 78%, 12 / 8 = 1.50x; no hot run: a dash.
        assertEquals(List.of("fp32", "simd", "2", "268.4", "-", "8.00", "±", "0.20", "33.55", "78%", "1.50x"),
                line(table, "fp32 simd                    2"));
        // int8 2 threads: 67141632 / 4 ms = 16.79 GB/s, / 42.95 = 39%; no 1-thread run: a dash.
        assertEquals(List.of("int8", "per-row", "simd", "2", "67.1", "-", "4.00", "±", "-", "16.79", "39%", "-"),
                line(table, "int8 per-row simd"));
        assertTrue(table.contains("cold read rate (1024 MiB, 4 streams per thread, 256-bit loads, faster of a run before "
                + "and one after the kernels): 1 thread 21.47 "
                + "GB/s (50.0 ms), 2 threads 42.95 GB/s (25.0 ms)"), table);
        assertTrue(table.contains("PROBE WRONG: fp32 simd on 1 thread read its weights at 22.37 GB/s, faster than "
                + "the read probe's 21.47 GB/s"), table);
        assertEquals(1, report(times, Map.of(1, 50.0, 2, 25.0)).aboveReadRate().size());
        // GEMM: 2147483648 FLOP in 50 ms = 42.95 GFLOP/s, 54% of the 80 measured on two threads, 42.95 / (2 x
        // 78.25) = 27% of nominal.
        assertEquals(List.of("fp32", "simd", "2", "50.00", "±", "1.00", "42.95", "54%", "27%"),
                line(table, "fp32 simd                    2    50.00"));
    }

    @Test
    void threadBoundAndInCacheRates() {
        // read: 1 GiB in 50 ms = 21.47 GB/s on one thread, in 40 ms = 26.84 GB/s on two: 1.25x. fp32 cold on one
        // thread 268435456 / 14 ms = 19.17 GB/s = 89% of 21.47: at most 1.25 / 0.893 = 1.40x from two threads.
        List<KernelTime> times = List.of(new KernelTime(GemvKernel.FP32_SIMD, FP32_BYTES, 1, true, 14, 0.5));
        // int8 in cache: 64 rows x 8196 bytes = 524544 bytes in 0.025 ms = 20.98 GB/s = 98% of 21.47 on one thread;
        // on two threads in 0.0125 ms = 41.96 GB/s = 156% of 26.84 (caches are no memory).
        List<KernelTime> inCache = List.of(new KernelTime(GemvKernel.INT8_SIMD, 524_544L, 1, false, 0.025, 0.001),
                new KernelTime(GemvKernel.INT8_SIMD, 524_544L, 2, false, 0.0125, Double.NaN));
        String table = report(times, Map.of(1, 50.0, 2, 40.0), inCache).render();
        assertTrue(table.contains("thread bound: the read rate on 2 threads is 1.25x the one-thread rate, so fp32 simd, "
                + "at 89% of it on one thread, can gain at most 1.25 / 0.89 = 1.40x from 2 threads"), table);
        assertEquals(List.of("int8", "per-row", "simd", "1", "524.5", "25.0", "±", "1.0", "20.98", "98%"),
                line(table, "int8 per-row simd            1"));
        assertEquals(List.of("int8", "per-row", "simd", "2", "524.5", "12.5", "±", "-", "41.96", "156%"),
                line(table, "int8 per-row simd            2"));
        // In-cache rows are not cold kernels: no PROBE WRONG for them.
        assertTrue(report(times, Map.of(1, 50.0, 2, 40.0), inCache).aboveReadRate().isEmpty());
    }

    @Test
    void errorTable() {
        String t = BenchReport.renderErrors(2, 128, List.of(new quantlab.kernels.FormatErrors.FormatError("Q8_0", 8.5,
                0.0041234, 0.00212)));
        assertEquals(List.of("Q8_0", "8.500", "0.00412", "0.00212"), line(t, "Q8_0"));
    }

    @Test
    void aProbeFasterThanEveryKernelRaisesNoAlarm() {
        List<KernelTime> times = List.of(new KernelTime(GemvKernel.FP32_SIMD, FP32_BYTES, 1, true, 13, 0.5));
        BenchReport r = report(times, Map.of(1, 50.0));
        assertTrue(r.aboveReadRate().isEmpty());
        assertTrue(!r.render().contains("PROBE WRONG"), r.render());
    }
}
