package quantlab.bench;

import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import quantlab.kernels.GemvWeights;
import quantlab.kernels.Int4GroupWeights;
import quantlab.kernels.Int8RowWeights;
import quantlab.kernels.SimdInt4GroupWeights;
import quantlab.kernels.SimdInt8RowWeights;

/**
 * Why the int8 loop used to be slow, in one run: the same 48 x 8192 int8 codes (393 KiB, in cache) multiplied by the
 * old loop, which widened L bytes to L floats with {@code convertShape(B2F)} (a cross-lane shuffle on x86, four rows a
 * step), and by the library's lane-layout loop ({@link SimdInt8RowWeights}, one AND or shift per byte, no shuffle),
 * then the library's int4 g128 loop ({@link SimdInt4GroupWeights}, lane layout, one AND per nibble) on as many codes, all in G codes per second, best of a few repetitions, with the load
 * average. A main-method probe, not a JMH benchmark: it compares loops within one run, so other work on the machine
 * moves all of them.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/classes:$(cat bench/target/runtime-classpath.txt) \
 *     quantlab.bench.UnpackProbe</pre>
 */
public final class UnpackProbe {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() >= 8
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(F.vectorBitSize() / 4));

    private UnpackProbe() {
    }

    /** The old int8 loop: L bytes widened to L floats per step, four rows at a time (rows a multiple of 4). */
    static void widening(byte[] w, int rows, int n, float[] x, float[] y) {
        int lanes = F.length();
        for (int r = 0; r < rows; r += 4) {
            int b0 = r * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            for (int c = 0; c + lanes <= n; c += lanes) {
                FloatVector xs = FloatVector.fromArray(F, x, c);
                a0 = widen(w, b0 + c).fma(xs, a0);
                a1 = widen(w, b1 + c).fma(xs, a1);
                a2 = widen(w, b2 + c).fma(xs, a2);
                a3 = widen(w, b3 + c).fma(xs, a3);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
            y[r + 2] = a2.reduceLanes(VectorOperators.ADD);
            y[r + 3] = a3.reduceLanes(VectorOperators.ADD);
        }
    }

    private static FloatVector widen(byte[] w, int offset) {
        return (FloatVector) ByteVector.fromArray(B, w, offset).convertShape(VectorOperators.B2F, F, 0);
    }

    /** Nanoseconds per call, the best of {@code reps} timings of {@code calls} calls each. */
    private static double best(Runnable r, int calls, int reps) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            long t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                r.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / (double) calls);
        }
        return best;
    }

    /** Runs the three loops and prints G codes/s for each. */
    public static void main(String[] args) {
        int rows = 48;
        int n = 8192;
        Random rnd = new Random(1);
        byte[] codes = new byte[rows * n];
        rnd.nextBytes(codes);
        float[] ones = new float[rows];
        Arrays.fill(ones, 1f);
        GemvWeights lanes = SimdInt8RowWeights.of(Int8RowWeights.of(codes, ones, rows, n));
        byte[] packed = new byte[rows * n];
        rnd.nextBytes(packed);
        float[] groupScales = new float[2 * rows * n / 128];
        Arrays.fill(groupScales, 1f);
        GemvWeights int4 = SimdInt4GroupWeights.of(Int4GroupWeights.of(packed, groupScales, 2 * rows, n, 128));
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] y = new float[2 * rows];
        float[] y8 = new float[rows];
        Runnable old = () -> widening(codes, rows, n, x, y8);
        Runnable now = () -> lanes.multiply(x, y8);
        Runnable four = () -> int4.multiply(x, y);
        for (Runnable r : new Runnable[] {old, now, four}) {
            best(r, 4000, 3); // the JIT compiles each loop before any timing
        }
        double tOld = Double.MAX_VALUE;
        double tNow = Double.MAX_VALUE;
        double tFour = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            tOld = Math.min(tOld, best(old, 500, 1));
            tNow = Math.min(tNow, best(now, 500, 1));
            tFour = Math.min(tFour, best(four, 250, 1));
        }
        double codesPerCall = (double) rows * n;
        System.out.printf("in cache, %d x %d int8 codes (%d x %d int4), %s, load average %s%n", rows, n, 2 * rows, n,
                quantlab.kernels.VectorApi.vectorShape(), MachineInfo.loadAverage());
        System.out.printf("int8, bytes widened (convertShape B2F): %6.1f G codes/s%n", codesPerCall / tOld);
        System.out.printf("int8, lane layout and ANDs (library):   %6.1f G codes/s%n", codesPerCall / tNow);
        System.out.printf("int4 g128, lane layout (library):       %6.1f G codes/s%n", 2 * codesPerCall / tFour);
    }
}
