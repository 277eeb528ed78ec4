package quantlab.kernels;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decode against prefill on the same weights, measured: decode multiplies the weights with one token's vector (a
 * GEMV: every weight byte read from memory serves one multiply-add, so memory sets the pace), prefill with a whole
 * prompt of P tokens ({@link Gemm}: each weight byte read once serves P multiply-adds, so arithmetic sets it). Each
 * regime comes back as a {@link Regime} with tokens per second, weight GB/s, GFLOP/s and arithmetic intensity.
 *
 * <p>Works in any JVM: with {@code --add-modules jdk.incubator.vector} it uses the Vector API kernels, without it
 * (as in the course notebooks) the scalar ones, and {@link Result#kernels()} says which.
 */
public final class PrefillDecode {

    private PrefillDecode() {
    }

    /**
     * One regime's measurement. Bytes count the weights only (codes plus scales; x and y are small beside them), read
     * once per pass: once per token in decode, once per prompt in prefill.
     *
     * @param name          "decode" or "prefill"
     * @param tokens        tokens per pass: 1 for decode, P for prefill
     * @param flop          floating-point operations per pass: 2 x rows x cols x tokens
     * @param weightBytes   weight bytes read per pass
     * @param secondsPerPass median time of one pass
     * @param passes        passes timed
     * @param kernel        the kernel that ran, such as "fp32 simd, 2 threads"
     */
    public record Regime(String name, int tokens, long flop, long weightBytes, double secondsPerPass, int passes,
            String kernel) {

        public Regime {
            if (tokens < 1) {
                throw new IllegalArgumentException("tokens must be at least 1, got " + tokens);
            }
            if (!(secondsPerPass > 0)) {
                throw new IllegalArgumentException("secondsPerPass must be positive, got " + secondsPerPass);
            }
        }

        /** Tokens processed per second. */
        public double tokensPerSecond() {
            return tokens / secondsPerPass;
        }

        /** Weight bytes read per second, in GB/s (1e9 bytes). */
        public double weightGBs() {
            return weightBytes / secondsPerPass / 1e9;
        }

        /** Floating-point operations per second, in GFLOP/s (1e9). */
        public double gflops() {
            return flop / secondsPerPass / 1e9;
        }

        /** FLOP per weight byte: 2 x tokens x rows x cols / weight bytes (0.5 x tokens for fp32). */
        public double flopPerByte() {
            return (double) flop / weightBytes;
        }
    }

    /**
     * Both regimes on one weight matrix.
     *
     * @param decode  one token per pass
     * @param prefill the prompt per pass
     * @param kernels which kernels ran and why those
     */
    public record Result(Regime decode, Regime prefill, String kernels) {

        /** Decode then prefill, for a table. */
        public List<Regime> regimes() {
            return List.of(decode, prefill);
        }

        /** Prefill's tokens per second over decode's. */
        public double prefillSpeedup() {
            return prefill.tokensPerSecond() / decode.tokensPerSecond();
        }
    }

    /**
     * The Vector API kernel over {@code weights} when this JVM has the module, else {@code weights} itself.
     *
     * @throws IllegalArgumentException if weights is null or not one of the scalar kernels
     */
    public static GemvWeights fastest(GemvWeights weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        if (!VectorApi.isAvailable()) {
            return weights;
        }
        return switch (weights) {
            case Fp32Weights w -> SimdFp32Weights.of(w);
            case Int8RowWeights w -> SimdInt8RowWeights.of(w);
            case Int4GroupWeights w when w.groupSize() % SimdInt4GroupWeights.GROUP_MULTIPLE == 0 ->
                    SimdInt4GroupWeights.of(w);
            case Int4GroupA8Weights w when w.groupSize() % SimdInt4GroupA8Weights.GROUP_MULTIPLE == 0 ->
                    SimdInt4GroupA8Weights.of(w);
            default -> weights;
        };
    }

    /**
     * Random fp32 weights (uniform in [-0.5, 0.5)) of a shape, seeded: the time of a product depends on the bytes and
     * the instructions, not on the values.
     */
    public static Fp32Weights randomFp32(int rows, int cols, long seed) {
        GemvWeights.checkShape(rows, cols);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        return Fp32Weights.of(v, rows, cols);
    }

    /**
     * Measures 4096 x 4096 fp32 weights (64 MiB, more than most last-level caches) with a prompt of
     * {@code promptTokens}, on all cores, about a second per regime: a few seconds in all with SIMD kernels.
     */
    public static Result measure(int promptTokens) {
        return measure(randomFp32(4096, 4096, 42), promptTokens, Runtime.getRuntime().availableProcessors(), 1.0);
    }

    /**
     * Measures decode and prefill on {@code weights} (its fastest kernel in this JVM, see {@link #fastest}) with
     * {@code threads} threads: a warm-up (1500 products of 16 rows, then passes for 30% of the time), then passes until {@code secondsPerRegime} have gone by (at least three),
     * reporting the median pass.
     *
     * @throws IllegalArgumentException if weights is null, promptTokens or threads less than 1, or the time not
     *                                  positive
     */
    public static Result measure(GemvWeights weights, int promptTokens, int threads, double secondsPerRegime) {
        if (promptTokens < 1) {
            throw new IllegalArgumentException("promptTokens must be at least 1, got " + promptTokens);
        }
        if (!(secondsPerRegime > 0)) {
            throw new IllegalArgumentException("secondsPerRegime must be positive, got " + secondsPerRegime);
        }
        GemvWeights kernel = fastest(weights);
        try (KernelThreads pool = KernelThreads.of(threads)) {
            ThreadedGemv gemv = ThreadedGemv.of(kernel, pool);
            Gemm gemm = Gemm.of(kernel, pool);
            SplittableRandom rnd = new SplittableRandom(7);
            float[][] prompt = new float[promptTokens][kernel.cols()];
            for (float[] token : prompt) {
                for (int c = 0; c < token.length; c++) {
                    token[c] = (float) rnd.nextDouble(-1, 1);
                }
            }
            float[][] out = new float[promptTokens][kernel.rows()];
            float[] y = new float[kernel.rows()];
            // One decode pass is one call of the kernel's loop per thread, and the JIT compiles a method fully only
            // after hundreds of calls: make them on a few rows first, so the timed passes run compiled code.
            long jitEnd = System.nanoTime() + 10_000_000_000L;
            for (int i = 0; i < 1500 && System.nanoTime() < jitEnd; i++) {
                kernel.multiplyRows(prompt[0], y, 0, Math.min(16, kernel.rows()));
            }
            Runnable decodePass = () -> gemv.multiply(prompt[0], y);
            Runnable prefillPass = () -> gemm.multiply(prompt, out);
            Timing decode = median(decodePass, secondsPerRegime);
            Timing prefill = median(prefillPass, secondsPerRegime);
            return result(kernel, threads, promptTokens, decode.seconds(), decode.passes(), prefill.seconds(),
                    prefill.passes());
        }
    }

    /** The median seconds of a pass over {@code passes} timed passes. */
    private record Timing(double seconds, int passes) {
    }

    /** The regimes from measured seconds per pass: all arithmetic here, none in the timing. */
    static Result result(GemvWeights kernel, int threads, int promptTokens, double decodeSeconds, int decodePasses,
            double prefillSeconds, int prefillPasses) {
        String label = kernel.label() + ", " + threads + (threads == 1 ? " thread" : " threads");
        Regime decode = new Regime("decode", 1, Gemm.flops(kernel.rows(), kernel.cols(), 1), kernel.weightBytes(),
                decodeSeconds, decodePasses, label);
        Regime prefill = new Regime("prefill", promptTokens, Gemm.flops(kernel.rows(), kernel.cols(), promptTokens),
                kernel.weightBytes(), prefillSeconds, prefillPasses, label);
        return new Result(decode, prefill, describe(kernel));
    }

    /** Which kernels and why. */
    static String describe(GemvWeights kernel) {
        return switch (kernel) {
            case SimdFp32Weights k -> "Vector API kernels (" + VectorApi.vectorShape() + "): " + k.label();
            case SimdInt8RowWeights k -> "Vector API kernels (" + VectorApi.vectorShape() + "): " + k.label();
            case SimdInt4GroupWeights k -> "Vector API kernels (" + VectorApi.vectorShape() + "): " + k.label();
            case SimdInt4GroupA8Weights k -> "Vector API kernels (256-bit integer lanes): " + k.label();
            default -> "scalar Java kernels (" + kernel.label() + ")" + (VectorApi.isAvailable() ? ""
                    : ": this JVM was started without --add-modules " + VectorApi.MODULE + ", so no SIMD ones");
        };
    }

    /** The median seconds of {@link #median}: for {@link DecodeFormats}. */
    static double medianSeconds(Runnable pass, double seconds) {
        return median(pass, seconds).seconds();
    }

    /** Median seconds of one pass, after a warm-up, over passes that fill {@code seconds} (at least three). */
    private static Timing median(Runnable pass, double seconds) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        int warm = 0;
        while (warm < 2 || System.nanoTime() < warmEnd) {
            pass.run();
            warm++;
        }
        double[] times = new double[64];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (n < 3 || (System.nanoTime() < end && n < 100_000)) {
            long t0 = System.nanoTime();
            pass.run();
            long t1 = System.nanoTime();
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
            }
            times[n++] = (t1 - t0) / 1e9;
        }
        double[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        return new Timing(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2, n);
    }
}
