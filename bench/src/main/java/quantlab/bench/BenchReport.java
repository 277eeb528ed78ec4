package quantlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import quantlab.kernels.FormatErrors;

/**
 * The bench's tables: the GEMV kernels hot and cold at each thread count beside the cold read rate measured in the
 * same run at that thread count, the most more threads can give fp32, the kernels in cache (what their arithmetic
 * allows), then the prefill GEMM beside the measured and the nominal arithmetic peak.
 *
 * @param rows          GEMV output channels
 * @param cols          GEMV input channels
 * @param groupSize     int4 weights per scale
 * @param times         the GEMV kernels measured, any order
 * @param readBytes     bytes the read probe reads per operation
 * @param readMs        the read probe's ms per operation by thread count (the faster of its two runs)
 * @param gemm          the GEMMs measured
 * @param gemmSize      rows and cols of the GEMM's weights
 * @param tokens        tokens per GEMM
 * @param peakGflops    the measured FMA peak by thread count, GFLOP/s
 * @param loadBits      the read probe's vector width in bits
 * @param floatLanes    float lanes of the machine's vector (for the nominal peak's description)
 * @param nominalGflops one core's float lanes x 2 FLOP per FMA x 2 FMA units x clock, NaN if the clock is unknown
 * @param inCache       the GEMV kernels on few enough rows to stay in cache (their weight bytes are those rows')
 * @param oneStreamMs   the read probe's ms per operation with one stream per thread, by thread count (the faster of
 *                      its two runs; empty where not measured)
 */
public record BenchReport(int rows, int cols, int groupSize, List<KernelTime> times, long readBytes,
        Map<Integer, Double> readMs, List<GemmTime> gemm, int gemmSize, int tokens, Map<Integer, Double> peakGflops,
        int loadBits, int floatLanes, double nominalGflops, List<KernelTime> inCache,
        Map<Integer, Double> oneStreamMs) {

    public BenchReport {
        times = List.copyOf(times);
        inCache = List.copyOf(inCache);
        readMs = new TreeMap<>(readMs);
        oneStreamMs = new TreeMap<>(oneStreamMs);
        gemm = List.copyOf(gemm);
        peakGflops = new TreeMap<>(peakGflops);
    }

    /** The cold read rate at a thread count in GB/s, NaN if not measured. */
    public double readGBs(int threads) {
        Double ms = readMs.get(threads);
        return ms == null ? Double.NaN : readBytes / (ms * 1e6);
    }

    /** The cold kernels whose weight GB/s exceed the read rate measured at their thread count: the probe is wrong. */
    public List<KernelTime> aboveReadRate() {
        return times.stream().filter(t -> t.cold() && t.weightGBs() > readGBs(t.threads())).toList();
    }

    /** The tables. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "GEMV y = W x, %d x %d (int4 group %d): ms per product (JMH mean, ± its "
                + "99.9%% half-width)%n", rows, cols, groupSize));
        out.append("  hot ms: the same weights every product (caches keep what they can); cold ms: cycling through "
                + "copies of the weights totalling at least twice the last-level cache\n");
        out.append("  cold GB/s: weight bytes / cold time; % of read: cold GB/s / the cold read rate below at the "
                + "same thread count; vs 1 thread: cold speed-up over one thread\n");
        out.append(String.format(Locale.ROOT, "%-22s %7s %9s %8s %16s %9s %9s %11s%n", "kernel", "threads",
                "weight MB", "hot ms", "cold ms ±99.9%", "cold GB/s", "% of read", "vs 1 thread"));
        for (KernelTime t : sorted()) {
            if (!t.cold()) {
                continue;
            }
            KernelTime hot = find(t.kernel(), t.threads(), false);
            KernelTime one = find(t.kernel(), 1, true);
            double pct = t.weightGBs() / readGBs(t.threads());
            out.append(String.format(Locale.ROOT, "%-22s %7d %9.1f %8s %8.2f ± %5s %9.2f %9s %11s%n",
                    t.kernel().label(groupSize), t.threads(), t.weightBytes() / 1e6,
                    hot == null ? "-" : number(hot.ms()), t.ms(), number(t.errorMs()), t.weightGBs(),
                    percent(pct) + (pct > 1 ? "!" : ""), one == null ? "-" : ratio(one.ms() / t.ms())));
        }
        // Hot-only kernels (no cold run) still get a line.
        for (KernelTime t : sorted()) {
            if (!t.cold() && find(t.kernel(), t.threads(), true) == null) {
                out.append(String.format(Locale.ROOT, "%-22s %7d %9.1f %8.2f %16s %9s %9s %11s%n",
                        t.kernel().label(groupSize), t.threads(), t.weightBytes() / 1e6, t.ms(), "-", "-", "-", "-"));
            }
        }
        List<String> rates = new ArrayList<>();
        readMs.forEach((threads, ms) -> rates.add(String.format(Locale.ROOT, "%d thread%s %.2f GB/s (%.1f ms)",
                threads, threads == 1 ? "" : "s", readGBs(threads), ms)));
        out.append(String.format(Locale.ROOT, "cold read rate (%d MiB, %d streams per thread, %d-bit loads, faster of a "
                + "run before and one after the kernels): %s%n",
                readBytes >> 20, ReadProbe.STREAMS, loadBits, String.join(", ", rates)));
        if (!oneStreamMs.isEmpty()) {
            List<String> one = new ArrayList<>();
            oneStreamMs.forEach((threads, ms) -> one.add(String.format(Locale.ROOT, "%d thread%s %.2f GB/s (%.0f%% of "
                    + "four streams)", threads, threads == 1 ? "" : "s", readBytes / (ms * 1e6),
                    100 * readBytes / (ms * 1e6) / readGBs(threads))));
            out.append(String.format(Locale.ROOT, "one stream per thread (how a kernel that reads one row at a time "
                    + "meets memory): %s%n", String.join(", ", one)));
        }
        for (KernelTime t : aboveReadRate()) {
            out.append(String.format(Locale.ROOT, "PROBE WRONG: %s on %d thread%s read its weights at %.2f GB/s, faster "
                    + "than the read probe's %.2f GB/s: the probe does not reach this machine's memory rate, so the "
                    + "%% of read column is not to be trusted%n", t.kernel().label(groupSize), t.threads(),
                    t.threads() == 1 ? "" : "s", t.weightGBs(), readGBs(t.threads())));
        }
        out.append(threadBound());
        out.append(renderInCache());
        if (!gemm.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nGEMM (prefill) Y = X W^T, %d x %d weights, %d tokens: %.2f GFLOP "
                    + "per product%n", gemmSize, gemmSize, tokens, gemm.get(0).flop() / 1e9));
            out.append(String.format(Locale.ROOT, "%-22s %7s %16s %9s %14s %14s%n", "kernel", "threads",
                    "ms ±99.9%", "GFLOP/s", "% of measured", "% of nominal"));
            for (GemmTime g : gemm.stream().sorted((a, b) -> a.kernel() != b.kernel()
                    ? a.kernel().compareTo(b.kernel()) : Integer.compare(a.threads(), b.threads())).toList()) {
                Double peak = peakGflops.get(g.threads());
                out.append(String.format(Locale.ROOT, "%-22s %7d %8.2f ± %5s %9.2f %14s %14s%n",
                        g.kernel().label(groupSize), g.threads(), g.ms(), number(g.errorMs()), g.gflops(),
                        peak == null ? "-" : percent(g.gflops() / peak),
                        percent(g.gflops() / (g.threads() * nominalGflops))));
            }
            List<String> peaks = new ArrayList<>();
            peakGflops.forEach((threads, gf) -> peaks.add(String.format(Locale.ROOT, "%d thread%s %.1f GFLOP/s",
                    threads, threads == 1 ? "" : "s", gf)));
            out.append("measured peak (12 chains of vector FMAs per thread): ").append(String.join(", ", peaks))
                    .append('\n');
            out.append(String.format(Locale.ROOT, "nominal peak per core: %d float lanes x 2 FLOP per FMA x 2 FMA units "
                    + "(assumed) x clock = %s GFLOP/s; %% of nominal is of threads x that%n", floatLanes,
                    number(nominalGflops)));
        }
        return out.toString();
    }

    /**
     * What a second (or Nth) thread can give a kernel at most: its cold rate cannot pass the read rate at that thread
     * count, so its speed-up is at most (read rate at N / read rate at 1) / (its share of the read rate at 1). Printed
     * for fp32, the kernel whose target is a speed-up; empty when a figure is missing.
     */
    String threadBound() {
        int most = readMs.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
        KernelTime one = find(GemvKernel.FP32_SIMD, 1, true);
        if (most == 1 || one == null || Double.isNaN(readGBs(1))) {
            return "";
        }
        double readRatio = readGBs(most) / readGBs(1);
        double share = one.weightGBs() / readGBs(1);
        return String.format(Locale.ROOT, "thread bound: the read rate on %d threads is %.2fx the one-thread rate, so "
                + "fp32 simd, at %s of it on one thread, can gain at most %.2f / %.2f = %.2fx from %d threads%n",
                most, readRatio, percent(share), readRatio, share, readRatio / share, most);
    }

    /**
     * The in-cache table: each kernel on its cut rows, GB/s of those rows' weight bytes, as a share of the cold read
     * rate at the same thread count. A kernel reads memory no faster than its arithmetic runs, so where this share is
     * below a target share of the read rate, that target is beyond this loop on this CPU, whatever the memory does.
     */
    String renderInCache() {
        if (inCache.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nIn cache: the same kernels on their first "
                + "rows only (at most %d KiB of weights, which stay in the core's caches), %d columns, one thread: the "
                + "rate their arithmetic allows with memory out of the way%n", GemvBenchmark.CACHE_BYTES >> 10, cols));
        out.append("  % of read: in-cache GB/s / the cold read rate at the same thread count, the most a cold run of "
                + "the loop can reach\n");
        out.append(String.format(Locale.ROOT, "%-22s %7s %9s %16s %12s %9s%n", "kernel", "threads", "weight KB",
                "us ±99.9%", "cache GB/s", "% of read"));
        for (KernelTime t : inCache.stream().sorted((a, b) -> a.kernel() != b.kernel()
                ? a.kernel().compareTo(b.kernel()) : Integer.compare(a.threads(), b.threads())).toList()) {
            out.append(String.format(Locale.ROOT, "%-22s %7d %9.1f %8.1f ± %5s %12.2f %9s%n",
                    t.kernel().label(groupSize), t.threads(), t.weightBytes() / 1e3, t.ms() * 1e3,
                    Double.isNaN(t.errorMs()) ? "-" : String.format(Locale.ROOT, "%.1f", t.errorMs() * 1e3),
                    t.weightGBs(), percent(t.weightGBs() / readGBs(t.threads()))));
        }
        return out.toString();
    }

    /** The accuracy table: what each format's bits buy, on Gaussian weights of a shape. */
    static String renderErrors(int rows, int cols, List<FormatErrors.FormatError> errors) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nError against fp32 on the same Gaussian "
                + "weights (%d x %d) and x, relative rms (FormatErrors.gaussian):%n", rows, cols));
        out.append(String.format(Locale.ROOT, "%-22s %9s %14s %14s%n", "format", "bits/wt", "weight error",
                "output error"));
        for (FormatErrors.FormatError e : errors) {
            out.append(String.format(Locale.ROOT, "%-22s %9.3f %14.5f %14.5f%n", e.format(), e.bitsPerWeight(),
                    e.weightError(), e.outputError()));
        }
        return out.toString();
    }

    private List<KernelTime> sorted() {
        return times.stream().sorted((a, b) -> a.kernel() != b.kernel() ? a.kernel().compareTo(b.kernel())
                : Integer.compare(a.threads(), b.threads())).toList();
    }

    private KernelTime find(GemvKernel kernel, int threads, boolean cold) {
        return times.stream().filter(t -> t.kernel() == kernel && t.threads() == threads && t.cold() == cold)
                .findFirst().orElse(null);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String percent(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
