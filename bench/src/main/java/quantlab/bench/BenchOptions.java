package quantlab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link BenchMain}: shape, which kernels, and how long JMH measures.
 *
 * @param rows             output channels (8192)
 * @param cols             input channels (8192)
 * @param groupSize        int4 weights per scale (128)
 * @param kernels          the kernels to time (all six)
 * @param forks            JVMs JMH starts per benchmark (2; 1 quick)
 * @param warmups          warm-up iterations per fork (3; 2 quick)
 * @param iterations       measured iterations per fork (5; 3 quick)
 * @param iterationMs      length of one iteration in ms (1000; 500 quick)
 * @param log              file for JMH's own progress output
 */
public record BenchOptions(int rows, int cols, int groupSize, List<GemvKernel> kernels, int forks, int warmups,
        int iterations, int iterationMs, String log) {

    /** The usage text. */
    public static final String USAGE = """
            usage: bin/bench [--quick] [--rows N] [--cols N] [--group G] [--kernels fp32,int8_simd,...]
                             [--forks N] [--log FILE] [--help]
              --quick    1 fork, 2 warm-up and 3 measured iterations of 0.5 s (about a minute in all)
                         instead of 2 forks, 3 warm-up and 5 measured iterations of 1 s (about 3 minutes)
              --kernels  any of fp32, fp32_simd, int8, int8_simd, int4, int4_simd (default: all)
              --log      where JMH's own output goes (default jmh.log; bin/bench: build/bench/jmh.log)""";

    private static final List<String> VALUED = List.of("--rows", "--cols", "--group", "--forks", "--log", "--kernels");

    public BenchOptions {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be at least 1, got " + rows + " and " + cols);
        }
        if (groupSize < 32 || groupSize % 32 != 0 || cols % groupSize != 0) {
            throw new IllegalArgumentException("group must be a multiple of 32 that divides cols " + cols
                    + " (the SIMD int4 kernel's blocks), got " + groupSize);
        }
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("kernels must name at least one kernel");
        }
        if (forks < 1 || warmups < 0 || iterations < 1 || iterationMs < 1) {
            throw new IllegalArgumentException("forks, iterations and iteration time must be at least 1 and "
                    + "warm-ups at least 0, got " + forks + ", " + iterations + ", " + iterationMs + " and " + warmups);
        }
        kernels = List.copyOf(kernels);
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, lacks a value or has a bad one
     */
    public static BenchOptions parse(String... args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int rows = 8192;
        int cols = 8192;
        int group = 128;
        int forks = quick ? 1 : 2;
        List<GemvKernel> kernels = List.of(GemvKernel.values());
        String log = "jmh.log";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (!VALUED.contains(a)) {
                throw new IllegalArgumentException("unknown argument " + a);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--rows" -> rows = integer(a, v);
                case "--cols" -> cols = integer(a, v);
                case "--group" -> group = integer(a, v);
                case "--forks" -> forks = integer(a, v);
                case "--log" -> log = v;
                case "--kernels" -> kernels = kernels(v);
                default -> throw new IllegalStateException("no case for " + a);
            }
        }
        return new BenchOptions(rows, cols, group, kernels, forks, quick ? 2 : 3, quick ? 3 : 5, quick ? 500 : 1000,
                log);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value, e);
        }
    }

    private static List<GemvKernel> kernels(String list) {
        List<GemvKernel> out = new ArrayList<>();
        for (String name : list.split(",")) {
            try {
                out.add(GemvKernel.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kernels: unknown kernel " + name + ", known: "
                        + Arrays.toString(GemvKernel.values()).toLowerCase(Locale.ROOT), e);
            }
        }
        return out;
    }
}
