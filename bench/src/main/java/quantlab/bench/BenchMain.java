package quantlab.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the GEMV and memory-bandwidth benchmarks with JMH, single-threaded, and prints the table of
 * {@link BenchReport} under the machine's description. Started by {@code bin/bench}; see {@link BenchOptions}.
 */
public final class BenchMain {

    /**
     * The measuring JVMs: enough heap for an fp32 matrix and its copy, and the Vector API module; on JDK 23 and newer
     * also leave to JMH the sun.misc.Unsafe field offsets it reads (the JDK would print a warning every fork).
     */
    static String[] forkJvmArgs() {
        List<String> args = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"));
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args.toArray(String[]::new);
    }

    private BenchMain() {
    }

    /** Parses the arguments, runs JMH and prints the table. */
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
        System.out.printf("JMH: %d fork(s), %d warm-up + %d measured iterations of %d ms per benchmark; "
                + "its own output goes to %s%n", o.forks(), o.warmups(), o.iterations(), o.iterationMs(), o.log());
        Collection<RunResult> results = new Runner(jmhOptions(o)).run();
        String loadAfter = MachineInfo.loadAverage();
        System.out.println();
        System.out.print(report(o, results).render());
        System.out.println("load average after: " + loadAfter);
    }

    static Options jmhOptions(BenchOptions o) {
        return new OptionsBuilder()
                .include(GemvBenchmark.class.getName() + ".multiply")
                .include(MemoryBandwidthBenchmark.class.getName() + ".")
                .param("rows", Integer.toString(o.rows()))
                .param("cols", Integer.toString(o.cols()))
                .param("groupSize", Integer.toString(o.groupSize()))
                .param("kernel", o.kernels().stream().map(Enum::name).toArray(String[]::new))
                .threads(1)
                .forks(o.forks())
                .warmupIterations(o.warmups())
                .warmupTime(TimeValue.milliseconds(o.iterationMs()))
                .measurementIterations(o.iterations())
                .measurementTime(TimeValue.milliseconds(o.iterationMs()))
                .jvmArgs(forkJvmArgs())
                .shouldFailOnError(true)
                .output(o.log())
                .build();
    }

    static BenchReport report(BenchOptions o, Collection<RunResult> results) {
        List<KernelTime> times = new ArrayList<>();
        double copyMs = Double.NaN;
        double readMs = Double.NaN;
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (benchmark.startsWith(GemvBenchmark.class.getName())) {
                GemvKernel k = GemvKernel.valueOf(r.getParams().getParam("kernel"));
                times.add(new KernelTime(k, k.weightBytes(o.rows(), o.cols(), o.groupSize()), score,
                        r.getPrimaryResult().getScoreError()));
            } else if (benchmark.endsWith(".copy")) {
                copyMs = score;
            } else if (benchmark.endsWith(".read")) {
                readMs = score;
            }
        }
        times.sort((a, b) -> a.kernel().compareTo(b.kernel()));
        return new BenchReport(o.rows(), o.cols(), o.groupSize(), times, copyMs, readMs);
    }
}
