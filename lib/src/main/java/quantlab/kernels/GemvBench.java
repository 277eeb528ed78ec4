package quantlab.kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A rough single-threaded timing of the three GEMV kernels with {@link System#nanoTime}, next to the copy bandwidth
 * of {@link System#arraycopy}. Not a JMH harness: a first look, to be read with care (JIT, other load, one fork).
 *
 * <p>Arguments, all optional, in order: rows (8192), cols (8192), groupSize (128), warm-up runs (5), measured
 * runs (10). The weights are random codes and scales built directly (timing does not depend on their values).
 */
public final class GemvBench {

    private GemvBench() {
    }

    /** Runs the bench and prints one line per kernel. */
    public static void main(String[] args) {
        int rows = arg(args, 0, 8192);
        int cols = arg(args, 1, 8192);
        int groupSize = arg(args, 2, 128);
        int warmup = arg(args, 3, 5);
        int runs = arg(args, 4, 10);
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1 and warm-up at least 0, got " + runs + " and "
                    + warmup);
        }
        Random rnd = new Random(42);
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        GemvWeights[] kernels = {fp32(rows, cols, rnd), int8(rows, cols, rnd), int4(rows, cols, groupSize, rnd)};

        System.out.printf("GEMV %d x %d, single thread, %d warm-up + %d measured runs, JDK %s, %d CPUs, "
                + "load average %.2f%n", rows, cols, warmup, runs, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        double copyGbs = copyBandwidth(warmup, runs);
        System.out.printf("%-14s %12s %10s %12s %10s%n", "kernel", "weight MB", "ms/product", "weight GB/s",
                "speed-up");
        double fp32Ms = 0;
        double checksum = 0;
        for (GemvWeights w : kernels) {
            float[] y = new float[rows];
            for (int i = 0; i < warmup; i++) {
                w.multiply(x, y);
            }
            long[] ns = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                w.multiply(x, y);
                ns[i] = System.nanoTime() - t0;
                checksum += y[i % rows];
            }
            double ms = median(ns) / 1e6;
            if (w instanceof Fp32Weights) {
                fp32Ms = ms;
            }
            System.out.printf("%-14s %12.1f %10.2f %12.2f %9.2fx%n", w.label(), w.weightBytes() / 1e6, ms,
                    w.weightBytes() / (ms * 1e6), fp32Ms / ms);
        }
        System.out.printf("copy bandwidth (System.arraycopy, 256 MiB): %.2f GB/s copied, %.2f GB/s read + written%n",
                copyGbs, 2 * copyGbs);
        System.out.printf("(median times; checksum %.3f; load average after %.2f)%n", checksum, loadAverage());
    }

    private static Fp32Weights fp32(int rows, int cols, Random rnd) {
        float[] v = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() - 0.5f;
        }
        return Fp32Weights.of(v, rows, cols);
    }

    private static Int8RowWeights int8(int rows, int cols, Random rnd) {
        byte[] codes = new byte[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (rnd.nextInt(255) - 127);
        }
        return Int8RowWeights.of(codes, scales(rows, rnd), rows, cols);
    }

    private static Int4GroupWeights int4(int rows, int cols, int groupSize, Random rnd) {
        byte[] packed = new byte[Math.multiplyExact(rows, cols) / 2];
        rnd.nextBytes(packed);
        return Int4GroupWeights.of(packed, scales(rows * (cols / groupSize), rnd), rows, cols, groupSize);
    }

    private static float[] scales(int n, Random rnd) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = 0.001f + rnd.nextFloat() * 0.01f;
        }
        return s;
    }

    /** Bytes copied per second by System.arraycopy over a 256 MiB array, in GB/s (each byte is read and written). */
    private static double copyBandwidth(int warmup, int runs) {
        int n = 256 << 20;
        byte[] src = new byte[n];
        Arrays.fill(src, (byte) 1);
        byte[] dst = new byte[n];
        for (int i = 0; i < warmup; i++) {
            System.arraycopy(src, 0, dst, 0, n);
        }
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, n);
            ns[i] = System.nanoTime() - t0;
        }
        return n / median(ns);
    }

    private static double median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int arg(String[] args, int i, int fallback) {
        if (args.length <= i) {
            return fallback;
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be an integer, got " + args[i], e);
        }
    }
}
