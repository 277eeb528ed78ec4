package quantlab.bench;

import java.util.List;
import java.util.Locale;

/**
 * The bench's final table: per kernel its weight bytes, time, weight bytes per second and speed-ups over scalar and
 * SIMD fp32, then the memory bandwidth those bytes per second are bounded by.
 *
 * @param rows        output channels
 * @param cols        input channels
 * @param groupSize   int4 weights per scale
 * @param times       the kernels measured, any order
 * @param copyMs      ms to copy {@link MemoryBandwidthBenchmark#BYTES} bytes, NaN if not measured
 * @param readMs      ms to read {@link MemoryBandwidthBenchmark#BYTES} bytes, NaN if not measured
 */
public record BenchReport(int rows, int cols, int groupSize, List<KernelTime> times, double copyMs, double readMs) {

    public BenchReport {
        times = List.copyOf(times);
    }

    /** Read bandwidth in GB/s, NaN if not measured. */
    public double readGBs() {
        return MemoryBandwidthBenchmark.BYTES / (readMs * 1e6);
    }

    /** Bytes copied per second in GB/s (each byte is read once and written once), NaN if not measured. */
    public double copyGBs() {
        return MemoryBandwidthBenchmark.BYTES / (copyMs * 1e6);
    }

    /** The table, one line per kernel, then the bandwidth lines. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "GEMV %d x %d (int4 group %d), one thread, ms per product y = W x%n",
                rows, cols, groupSize));
        out.append(String.format(Locale.ROOT, "%-20s %10s %18s %12s %9s %13s %12s%n", "kernel", "weight MB",
                "ms/product ±99.9%", "weight GB/s", "vs fp32", "vs fp32 simd", "of read BW"));
        double fp32 = msOf(GemvKernel.FP32);
        double fp32Simd = msOf(GemvKernel.FP32_SIMD);
        for (KernelTime t : times) {
            out.append(String.format(Locale.ROOT, "%-20s %10.1f %10.2f ± %5s %12.2f %9s %13s %12s%n",
                    t.kernel().label(groupSize), t.weightBytes() / 1e6, t.ms(), error(t.errorMs()), t.weightGBs(),
                    ratio(fp32 / t.ms()), ratio(fp32Simd / t.ms()), percent(t.weightGBs() / readGBs())));
        }
        out.append(String.format(Locale.ROOT, "memory, one thread, %d MiB: copy %s ms = %s GB/s copied (%s GB/s read "
                + "+ written); read %s ms = %s GB/s%n", MemoryBandwidthBenchmark.BYTES >> 20, number(copyMs),
                number(copyGBs()), number(2 * copyGBs()), number(readMs), number(readGBs())));
        out.append(String.format(Locale.ROOT, "(vs: fp32 time / kernel time; of read BW: weight GB/s / read GB/s, "
                + "100%% = as fast as reading the weights can be)%n"));
        return out.toString();
    }

    private double msOf(GemvKernel kernel) {
        return times.stream().filter(t -> t.kernel() == kernel).mapToDouble(KernelTime::ms).findFirst()
                .orElse(Double.NaN);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String percent(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r);
    }

    private static String error(double e) {
        return Double.isNaN(e) ? "-" : String.format(Locale.ROOT, "%.2f", e);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
