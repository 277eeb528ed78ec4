package quantlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's arithmetic on made-up times, with every expected figure worked out by hand. */
class BenchReportTest {

    private static final long FP32_BYTES = 268_435_456L;
    private static final long INT8_BYTES = 67_141_632L;
    private static final long INT4_BYTES = 35_651_584L;

    private static String line(String table, String kernel) {
        return table.lines().filter(l -> l.startsWith(kernel + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + kernel + " in\n" + table));
    }

    @Test
    void ratiosAndBandwidths() {
        List<KernelTime> times = List.of(new KernelTime(GemvKernel.INT4_SIMD, INT4_BYTES, 3, 0.1),
                new KernelTime(GemvKernel.FP32, FP32_BYTES, 30, Double.NaN),
                new KernelTime(GemvKernel.FP32_SIMD, FP32_BYTES, 12, 0.5),
                new KernelTime(GemvKernel.INT8_SIMD, INT8_BYTES, 4, 0.2));
        String table = new BenchReport(8192, 8192, 128, times, 20, 10).render();
        // read: 268435456 B / 10 ms = 26.84 GB/s; copy: / 20 ms = 13.42 GB/s, 26.84 GB/s read + written.
        // fp32 simd: 268435456 / 12 ms = 22.37 GB/s, 30 / 12 = 2.50x, 22.37 / 26.84 = 83%.
        assertEquals(List.of("fp32", "268.4", "30.00", "±", "-", "8.95", "1.00x", "0.40x", "33%"),
                List.of(line(table, "fp32").split("\\s+")));
        assertEquals(List.of("fp32", "simd", "268.4", "12.00", "±", "0.50", "22.37", "2.50x", "1.00x", "83%"),
                List.of(line(table, "fp32 simd").split("\\s+")));
        // int8: 67141632 / 4 ms = 16.79 GB/s, 30 / 4 = 7.50x, 12 / 4 = 3.00x, 16.79 / 26.84 = 63%.
        assertEquals(List.of("int8", "per-row", "simd", "67.1", "4.00", "±", "0.20", "16.79", "7.50x", "3.00x",
                "63%"), List.of(line(table, "int8 per-row simd").split("\\s+")));
        // int4: 35651584 / 3 ms = 11.88 GB/s, 10.00x, 4.00x, 11.88 / 26.84 = 44%.
        assertEquals(List.of("int4", "g128", "simd", "35.7", "3.00", "±", "0.10", "11.88", "10.00x", "4.00x", "44%"),
                List.of(line(table, "int4 g128 simd").split("\\s+")));
        assertTrue(table.contains("copy 20.00 ms = 13.42 GB/s copied (26.84 GB/s read + written); read 10.00 ms = "
                + "26.84 GB/s"), table);
    }

    @Test
    void missingBaselinesAndBandwidthShowADash() {
        String table = new BenchReport(64, 64, 32, List.of(new KernelTime(GemvKernel.INT8, 4352, 0.01, 0.001)),
                Double.NaN, Double.NaN).render();
        // 4352 B / 0.01 ms = 0.44 GB/s; no fp32 and no read bandwidth: dashes.
        assertEquals(List.of("int8", "per-row", "0.0", "0.01", "±", "0.00", "0.44", "-", "-", "-"),
                List.of(line(table, "int8 per-row").split("\\s+")));
        assertTrue(table.contains("copy - ms = - GB/s copied"), table);
    }
}
