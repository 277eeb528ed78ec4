package quantlab.bench;

import java.util.Random;

import quantlab.gptq.Gptq;
import quantlab.gptq.Hessian;
import quantlab.quantization.Granularity;
import quantlab.quantization.Quantizer;
import quantlab.quantization.WeightMatrix;

/**
 * Times GPTQ itself on one layer (4096 x 4096, 2,048 calibration tokens, int4 g128 symmetric by default),
 * single-threaded, split into its three stages: building H = 2XXᵀ, the inverse-Hessian Cholesky step, and the
 * column loop. Each stage's floating-point rate is printed beside the rate this machine reaches on a plain
 * single-threaded float matrix product written in the same loop style (the library's products are plain Java
 * loops that C2 vectorizes, so that is the ceiling they aim at). Started by {@code bin/bench-gptq}.
 *
 * <p>Operation counts (one multiply-add = 2 flops): H, n² tokens (only the upper half is summed); Cholesky,
 * 2n³/3 (a Cholesky factorisation, n³/3, and a triangular inverse, n³/3); column loop, out · n² (every rounded
 * column updates all later columns of every row).
 */
public final class GptqBench {

    private GptqBench() {
    }

    /** {@code [--out N] [--in N] [--tokens T] [--repeats R]}; defaults 4096, 4096, 2048, 1. */
    public static void main(String[] args) {
        int out = 4096;
        int in = 4096;
        int tokens = 2048;
        int repeats = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help")) {
                System.out.println("bin/bench-gptq [--out N] [--in N] [--tokens T] [--repeats R]   (defaults 4096 4096 "
                        + "2048 1): times GPTQ's three stages single-threaded and prints their flop rates beside a "
                        + "float matrix product's");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            int v = Integer.parseInt(args[++i]);
            switch (a) {
                case "--out" -> out = v;
                case "--in" -> in = v;
                case "--tokens" -> tokens = v;
                case "--repeats" -> repeats = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        System.out.print(MachineInfo.current().render());
        System.out.println("load average before: " + MachineInfo.loadAverage());
        double matmulRate = matmulGflops(768);
        System.out.printf("float matrix product (768^3, i-k-j loops, one thread): %.2f GFLOP/s%n", matmulRate);

        Random rnd = new Random(42);
        float[] x = new float[tokens * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.02 * rnd.nextGaussian());
        }
        WeightMatrix weight = new WeightMatrix(out, in, w);
        // 2,048 tokens for 4,096 inputs, as the issue specifies: H has rank 2,048 and dampening makes it invertible.
        Gptq.Options options = Gptq.Options.of(Quantizer.symmetric(4).with(Granularity.perGroup(128)))
                .withFewTokensAllowed(tokens < in);
        double n = in;
        double flopsH = n * n * tokens;
        double flopsChol = 2 * n * n * n / 3;
        double flopsLoop = (double) out * n * n;
        System.out.printf("GPTQ on %d x %d, %d tokens, %s, %d repeat(s)%n", out, in, tokens, options.quantizer(), repeats);
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Hessian h = Hessian.of(x, tokens, in);
            long t1 = System.nanoTime();
            Gptq.Result result = Gptq.quantize(weight, h, options);
            double sH = (t1 - t0) / 1e9;
            double sC = result.choleskyNanos() / 1e9;
            double sL = result.loopNanos() / 1e9;
            double total = sH + sC + sL;
            System.out.printf("%nrun %d%n", r + 1);
            System.out.printf("  %-16s %8s %10s %10s %14s%n", "stage", "seconds", "GFLOP", "GFLOP/s", "vs matmul");
            row("build H", sH, flopsH, matmulRate);
            row("Cholesky", sC, flopsChol, matmulRate);
            row("column loop", sL, flopsLoop, matmulRate);
            row("total", total, flopsH + flopsChol + flopsLoop, matmulRate);
            System.out.printf("  goal: under 10 s; this run took %.2f s (%.2f x the goal)%n", total, total / 10);
        }
        System.out.println("load average after: " + MachineInfo.loadAverage());
    }

    private static void row(String stage, double seconds, double flops, double matmulRate) {
        double rate = flops / seconds / 1e9;
        System.out.printf("  %-16s %8.2f %10.1f %10.2f %13.2fx%n", stage, seconds, flops / 1e9, rate, rate / matmulRate);
    }

    /** C = A B for n x n floats in the axpy (i-k-j) order the library's loops use; best of three, GFLOP/s. */
    static double matmulGflops(int n) {
        Random rnd = new Random(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat();
            b[i] = rnd.nextFloat();
        }
        double best = 0;
        for (int rep = 0; rep < 4; rep++) {
            float[] c = new float[n * n];
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int rowC = i * n;
                for (int k = 0; k < n; k++) {
                    float f = a[i * n + k];
                    int rowB = k * n;
                    for (int j = 0; j < n; j++) {
                        c[rowC + j] += f * b[rowB + j];
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep > 0) { // the first pass warms C2 up
                best = Math.max(best, 2.0 * n * n * n / s / 1e9);
            }
            if (c[rnd.nextInt(c.length)] < 0) {
                throw new AssertionError("unreachable: keeps the product live");
            }
        }
        return best;
    }
}
