package quantlab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link BenchMain}: shapes, kernels, thread counts and how long JMH measures.
 *
 * @param rows        GEMV output channels (8192)
 * @param cols        GEMV input channels (8192)
 * @param groupSize   int4 weights per scale (128)
 * @param kernels     the GEMV kernels to time (default: every SIMD kernel and scalar fp32)
 * @param threads     thread counts to time each kernel at (1 and all processors)
 * @param gemmKernels the kernels whose weights the prefill GEMM is timed on (fp32, int8, int4 SIMD; quick: fp32)
 * @param gemmSize    rows and cols of the GEMM's weights (4096)
 * @param tokens      prompt tokens per GEMM (64)
 * @param forks       JVMs JMH starts per trial (1)
 * @param warmups     warm-up iterations per fork (2; 1 quick)
 * @param iterations  measured iterations per fork (4; 3 quick)
 * @param iterationMs length of one iteration in ms (500; 250 quick)
 * @param log         file for JMH's own progress output
 */
public record BenchOptions(int rows, int cols, int groupSize, List<GemvKernel> kernels, List<Integer> threads,
        List<GemvKernel> gemmKernels, int gemmSize, int tokens, int forks, int warmups, int iterations,
        int iterationMs, String log) {

    /** The usage text. */
    public static final String USAGE = """
            usage: bin/bench [--quick] [--rows N] [--cols N] [--group G] [--kernels fp32,int8_simd,...]
                             [--threads 1,2,...] [--gemm-kernels ...] [--gemm-size N] [--tokens P]
                             [--forks N] [--log FILE] [--help]
              --quick         the SIMD fp32, int8, int4 and W4A8 kernels and fp32 GEMM only, shorter iterations
                              (about a minute) instead of every kernel (about four minutes)
              --kernels       GEMV kernels, any of %s
              --threads       thread counts (default: 1 and this machine's processors)
              --gemm-kernels  the kernels whose weights the prefill GEMM runs on (default fp32_simd,int8_simd,
                              int4_simd; quick: fp32_simd); --gemm-size (4096) and --tokens (64) its shape
              --log           where JMH's own output goes, one file per run: jmh-read.log, jmh-gemv.log, ...
                              (default jmh.log; bin/bench: build/bench/jmh.log)"""
            .formatted(Arrays.toString(GemvKernel.values()).toLowerCase(Locale.ROOT));

    private static final List<String> VALUED = List.of("--rows", "--cols", "--group", "--forks", "--log", "--kernels",
            "--threads", "--gemm-kernels", "--gemm-size", "--tokens");

    public BenchOptions {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be at least 1, got " + rows + " and " + cols);
        }
        if (groupSize < 32 || groupSize % 32 != 0 || cols % groupSize != 0 || gemmSize % groupSize != 0) {
            throw new IllegalArgumentException("group must be a multiple of 32 that divides cols " + cols
                    + " and the GEMM size " + gemmSize + " (the SIMD int4 kernel's blocks), got " + groupSize);
        }
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("kernels must name at least one kernel");
        }
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("threads must be at least 1 each, got " + threads);
        }
        if (gemmSize < 32 || tokens < 1) {
            throw new IllegalArgumentException("the GEMM size must be at least 32 and tokens at least 1, got "
                    + gemmSize + " and " + tokens);
        }
        if (forks < 1 || warmups < 0 || iterations < 1 || iterationMs < 1) {
            throw new IllegalArgumentException("forks, iterations and iteration time must be at least 1 and "
                    + "warm-ups at least 0, got " + forks + ", " + iterations + ", " + iterationMs + " and " + warmups);
        }
        kernels = List.copyOf(kernels);
        threads = threads.stream().distinct().sorted().toList();
        gemmKernels = List.copyOf(gemmKernels);
    }

    /** The default GEMV kernels: scalar fp32 as the baseline, then every SIMD kernel. */
    static List<GemvKernel> defaultKernels() {
        List<GemvKernel> out = new ArrayList<>(List.of(GemvKernel.FP32));
        Arrays.stream(GemvKernel.values()).filter(GemvKernel::simd).forEach(out::add);
        return out;
    }

    /** The largest thread count asked for. */
    public int maxThreads() {
        return threads.get(threads.size() - 1);
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
        int forks = 1;
        int gemmSize = 4096;
        int tokens = 64;
        List<GemvKernel> kernels = quick ? List.of(GemvKernel.FP32_SIMD, GemvKernel.INT8_SIMD, GemvKernel.INT4_SIMD,
                GemvKernel.INT4_A8_SIMD) : defaultKernels();
        List<GemvKernel> gemm = quick ? List.of(GemvKernel.FP32_SIMD)
                : List.of(GemvKernel.FP32_SIMD, GemvKernel.INT8_SIMD, GemvKernel.INT4_SIMD);
        List<Integer> threads = List.of(1, Runtime.getRuntime().availableProcessors());
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
                case "--kernels" -> kernels = kernels(a, v);
                case "--gemm-kernels" -> gemm = kernels(a, v);
                case "--gemm-size" -> gemmSize = integer(a, v);
                case "--tokens" -> tokens = integer(a, v);
                case "--threads" -> threads = Arrays.stream(v.split(",")).map(t -> integer(a, t.trim())).toList();
                default -> throw new IllegalStateException("no case for " + a);
            }
        }
        return new BenchOptions(rows, cols, group, kernels, threads, gemm, gemmSize, tokens, forks, quick ? 1 : 2,
                quick ? 3 : 4, quick ? 250 : 500, log);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value, e);
        }
    }

    private static List<GemvKernel> kernels(String option, String list) {
        List<GemvKernel> out = new ArrayList<>();
        for (String name : list.split(",")) {
            try {
                out.add(GemvKernel.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": unknown kernel " + name + ", known: "
                        + Arrays.toString(GemvKernel.values()).toLowerCase(Locale.ROOT), e);
            }
        }
        return out;
    }
}
