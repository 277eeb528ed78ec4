package quantlab.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import quantlab.kernels.FormatErrors;
import quantlab.kernels.Gemm;

/**
 * Runs the read probe, the GEMV kernels hot, cold and in cache, the FMA peak and the prefill GEMM with JMH at each
 * thread count, and prints the tables of {@link BenchReport} under the machine's description. Started by {@code bin/bench}; see
 * {@link BenchOptions}. Exits with status 3 when a kernel read faster than the read probe (the probe is wrong).
 */
public final class BenchMain {

    /**
     * The measuring JVMs: heap for the 1 GiB read probe or the cold copies of the weights, and the Vector API module;
     * on JDK 23 and newer also leave to JMH the sun.misc.Unsafe field offsets it reads (the JDK would print a
     * warning every fork).
     */
    static String[] forkJvmArgs(long heapBytes) {
        List<String> args = new ArrayList<>(List.of("-Xmx" + (heapBytes >> 20) + "m", "--add-modules",
                "jdk.incubator.vector"));
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args.toArray(String[]::new);
    }

    /** The shape of the accuracy comparison, computed in this JVM after the timings. */
    static final int ERROR_ROWS = 1024;
    static final int ERROR_COLS = 4096;

    private BenchMain() {
    }

    /** Parses the arguments, runs JMH and prints the tables. */
    public static void main(String[] args) throws RunnerException {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        MachineInfo machine = MachineInfo.current();
        String loadBefore = MachineInfo.loadAverage();
        System.out.print(machine.render());
        System.out.println("load average before: " + loadBefore);
        System.out.printf("JMH: %d fork(s), %d warm-up + %d measured iterations of %d ms per trial; its own output "
                + "goes to %s (read, gemv, gemv-cache, peak, gemm)%n", o.forks(), o.warmups(), o.iterations(), o.iterationMs(),
                logFor(o.log(), "*"));
        List<RunResult> results = new ArrayList<>();
        for (Options run : jmhRuns(o, machine.llcOrFallback())) {
            Collection<RunResult> r = new Runner(run).run();
            results.addAll(r);
            System.out.printf("  %d trial(s) done, load average %s%n", r.size(), MachineInfo.loadAverage());
        }
        String loadAfter = MachineInfo.loadAverage();
        BenchReport report = report(o, results, ReadProbeSize.of(machine.llcOrFallback()),
                nominalGflopsPerCore(machine.mhz()));
        System.out.println();
        System.out.print(report.render());
        System.out.print(BenchReport.renderErrors(ERROR_ROWS, ERROR_COLS, FormatErrors.gaussian(ERROR_ROWS, ERROR_COLS,
                1)));
        System.out.println("load average after: " + loadAfter);
        if (!report.aboveReadRate().isEmpty()) {
            System.exit(3);
        }
    }

    /** One core's float lanes x 2 FLOP per FMA x 2 FMA units x clock, in GFLOP/s. */
    static double nominalGflopsPerCore(double mhz) {
        return PeakBenchmark.F.length() * 2.0 * 2 * mhz / 1e3;
    }

    /** JMH's log for one run: the --log file with the run's name before its extension (JMH truncates per run). */
    static String logFor(String log, String run) {
        int dot = log.lastIndexOf('.');
        int slash = log.lastIndexOf('/');
        return dot > slash ? log.substring(0, dot) + "-" + run + log.substring(dot) : log + "-" + run;
    }

    private static ChainedOptionsBuilder common(BenchOptions o, long heapBytes, String run) {
        return new OptionsBuilder()
                .threads(1)
                .forks(o.forks())
                .warmupIterations(o.warmups())
                .warmupTime(TimeValue.milliseconds(o.iterationMs()))
                .measurementIterations(o.iterations())
                .measurementTime(TimeValue.milliseconds(o.iterationMs()))
                .jvmArgs(forkJvmArgs(heapBytes))
                .shouldFailOnError(true)
                .output(logFor(o.log(), run));
    }

    /**
     * The JMH runs: read probe, GEMV (hot and cold), GEMV in cache (one thread), FMA peak, GEMM, read probe again;
     * each at every thread count unless said.
     */
    static List<Options> jmhRuns(BenchOptions o, long llcBytes) {
        String[] threads = o.threads().stream().map(String::valueOf).toArray(String[]::new);
        long probe = ReadProbeSize.of(llcBytes);
        long largest = o.kernels().stream().mapToLong(k -> k.weightBytes(o.rows(), o.cols(), o.groupSize()))
                .map(b -> b * GemvBenchmark.copiesFor(b, llcBytes)).max().orElse(0);
        List<Options> runs = new ArrayList<>();
        runs.add(common(o, probe + (512L << 20), "read").include(ReadBenchmark.class.getName() + ".read")
                .param("threads", threads).param("bytes", Long.toString(probe)).build());
        runs.add(common(o, largest * 5 / 4 + (512L << 20), "gemv").include(GemvBenchmark.class.getName() + ".multiply")
                .param("rows", Integer.toString(o.rows()))
                .param("cols", Integer.toString(o.cols()))
                .param("groupSize", Integer.toString(o.groupSize()))
                .param("llcBytes", Long.toString(llcBytes))
                .param("threads", threads)
                .param("regime", "hot", "cold")
                .param("kernel", o.kernels().stream().map(Enum::name).toArray(String[]::new))
                .build());
        // In cache on one thread only: a product of a few hundred KiB takes tens of microseconds, and on more
        // threads the pool's hand-off (a wake-up per worker) would be most of what is timed, not the arithmetic.
        runs.add(common(o, 512L << 20, "gemv-cache").include(GemvBenchmark.class.getName() + ".multiply")
                .param("rows", Integer.toString(o.rows()))
                .param("cols", Integer.toString(o.cols()))
                .param("groupSize", Integer.toString(o.groupSize()))
                .param("llcBytes", Long.toString(llcBytes))
                .param("threads", "1")
                .param("regime", "cache")
                .param("kernel", o.kernels().stream().map(Enum::name).toArray(String[]::new))
                .build());
        if (!o.gemmKernels().isEmpty()) {
            runs.add(common(o, 256L << 20, "peak").include(PeakBenchmark.class.getName() + ".fma").param("threads", threads)
                    .build());
            long gemmHeap = 4L * o.gemmSize() * o.gemmSize() + 8L * o.tokens() * o.gemmSize() + (512L << 20);
            runs.add(common(o, gemmHeap, "gemm").include(GemmBenchmark.class.getName() + ".multiply")
                    .param("rows", Integer.toString(o.gemmSize()))
                    .param("cols", Integer.toString(o.gemmSize()))
                    .param("groupSize", Integer.toString(o.groupSize()))
                    .param("tokens", Integer.toString(o.tokens()))
                    .param("threads", threads)
                    .param("kernel", o.gemmKernels().stream().map(Enum::name).toArray(String[]::new))
                    .build());
        }
        // The read rate again at the end: load that changes during the run would otherwise show as a kernel faster
        // than the probe; the faster of the two probes per thread count is the one reported.
        runs.add(common(o, probe + (512L << 20), "read-again").include(ReadBenchmark.class.getName() + ".read")
                .param("threads", threads).param("bytes", Long.toString(probe)).build());
        return runs;
    }

    static BenchReport report(BenchOptions o, Collection<RunResult> results, long readBytes, double nominal) {
        List<KernelTime> times = new ArrayList<>();
        List<KernelTime> inCache = new ArrayList<>();
        List<GemmTime> gemm = new ArrayList<>();
        Map<Integer, Double> readMs = new HashMap<>();
        Map<Integer, Double> oneStreamMs = new HashMap<>();
        Map<Integer, Double> peak = new HashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            int threads = Integer.parseInt(r.getParams().getParam("threads"));
            if (benchmark.startsWith(GemvBenchmark.class.getName())) {
                GemvKernel k = GemvKernel.valueOf(r.getParams().getParam("kernel"));
                String regime = r.getParams().getParam("regime");
                if (regime.equals("cache")) {
                    int rows = GemvBenchmark.cacheRows(k, o.rows(), o.cols(), o.groupSize());
                    inCache.add(new KernelTime(k, k.weightBytes(rows, o.cols(), o.groupSize()), threads, false, score,
                            error));
                } else {
                    times.add(new KernelTime(k, k.weightBytes(o.rows(), o.cols(), o.groupSize()), threads,
                            regime.equals("cold"), score, error));
                }
            } else if (benchmark.startsWith(GemmBenchmark.class.getName())) {
                GemvKernel k = GemvKernel.valueOf(r.getParams().getParam("kernel"));
                gemm.add(new GemmTime(k, threads, Gemm.flops(o.gemmSize(), o.gemmSize(), o.tokens()), score, error));
            } else if (benchmark.equals(ReadBenchmark.class.getName() + ".readOneStream")) {
                oneStreamMs.merge(threads, score, Math::min);
            } else if (benchmark.startsWith(ReadBenchmark.class.getName())) {
                readMs.merge(threads, score, Math::min);
            } else if (benchmark.startsWith(PeakBenchmark.class.getName())) {
                peak.put(threads, PeakBenchmark.flops(threads) / (score * 1e6));
            }
        }
        return new BenchReport(o.rows(), o.cols(), o.groupSize(), times, readBytes, readMs, gemm, o.gemmSize(),
                o.tokens(), peak, ReadProbe.L.vectorBitSize(), PeakBenchmark.F.length(), nominal, inCache, oneStreamMs);
    }
}
