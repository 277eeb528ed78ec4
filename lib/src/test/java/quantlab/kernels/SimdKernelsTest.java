package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import quantlab.quantization.Granularity;
import quantlab.quantization.Int4Packing;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/**
 * Each Vector API kernel against a reference computed in double straight from the codes and scales (never from a
 * kernel), on shapes that leave vector tails, single rows, row counts that are not a multiple of the two or four rows
 * the kernels take at once, group sizes 32, 64 and 128, and the extreme codes.
 *
 * <p>Tolerance: a kernel sums cols products in float, in some order, and multiplies by a scale once or (int4) once
 * per group before adding group sums. Whatever the order, each product passes through at most cols + 2 rounded
 * operations (its multiply or fused multiply-add, at most cols - 1 additions, the scale multiply and the add into
 * the row total), so the standard bound (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section
 * 3.1) gives |y - ref| &lt;= gamma(cols + 2) x sum |w x|, with gamma(k) = k u / (1 - k u) and u = 2^-24. It is a worst
 * case, yet still far below the error of one wrong code: a misplaced nibble or a missed sign changes y by about
 * |w x| of one term, which these sizes make at least a few thousandths of sum |w x|, against a bound of at most
 * 6e-5 (cols = 1000).
 *
 * <p>The int4 kernel sums (code + 8) x x and takes 8 x scale x sum x off per (half) chunk, so its terms are up to
 * (|code| + 8) x scale x |x| in size and the offset sums add 8 x scale x |x| per term, with two more rounded
 * operations (the offset's multiply and subtraction): its bound is gamma(cols + 4) x sum (|code| + 16) x scale x |x|,
 * still at most a few hundredths of one term's size for these shapes at cols 1024 and far less below. The int8 kernel
 * does the same with an offset of 128: gamma(cols + 4) x sum (|code| + 256) x scale x |x|. That bound is loose enough
 * at 1000 columns to let one code off by one pass, so both kernels are also checked exactly: with integer x and
 * power-of-two scales every product and partial sum is an integer below 2^24, so any order of float arithmetic gives
 * the exact sum of code x x, which a long sum computes independently.
 */
class SimdKernelsTest {

    private static final int[] AWKWARD_COLS = {1, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 128, 129, 300, 1000};
    private static final int[] ROWS = {1, 3, 5, 8};

    /** Seeded Gaussian floats (java.util.Random): also W4A8KernelsTest's inputs. */
    static float[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Higham's gamma(k) = k u / (1 - k u), u = 2^-24: also W4A8KernelsTest's bound. */
    static double gamma(int k) {
        double u = Math.ulp(1.0f) / 2;
        return k * u / (1 - k * u);
    }

    /** The weight at (r, c): code x scale, in double. */
    @FunctionalInterface
    interface Weight {
        double at(int r, int c);
    }

    /** Checks y row by row against sum_c w(r, c) x[c] in double, within gamma(cols + 2) x sum |w x|. */
    private static void assertMatches(Weight w, int rows, int cols, float[] x, float[] y, String what) {
        assertEquals(rows, y.length, what);
        double bound = gamma(cols + 2);
        for (int r = 0; r < rows; r++) {
            double ref = 0;
            double mag = 0;
            for (int c = 0; c < cols; c++) {
                double p = w.at(r, c) * x[c];
                ref += p;
                mag += Math.abs(p);
            }
            double err = Math.abs(y[r] - ref);
            assertTrue(err <= bound * mag, what + " (" + VectorApi.vectorShape() + "), row " + r + ": got " + y[r] + ", reference " + ref + ", error "
                    + err + " above " + bound + " x " + mag);
        }
    }

    /** The offset kernels' bound: gamma(cols + 4) x sum_c (|w| + 2 offset scale) |x[c]|, see the class comment. */
    private static void assertMatchesOffset(Weight w, Weight scale, int offset, int rows, int cols, float[] x,
            float[] y, String what) {
        assertEquals(rows, y.length, what);
        double bound = gamma(cols + 4);
        for (int r = 0; r < rows; r++) {
            double ref = 0;
            double mag = 0;
            for (int c = 0; c < cols; c++) {
                double p = w.at(r, c) * x[c];
                ref += p;
                mag += (Math.abs(w.at(r, c)) + 2 * offset * scale.at(r, c)) * Math.abs(x[c]);
            }
            double err = Math.abs(y[r] - ref);
            assertTrue(err <= bound * mag, what + " (" + VectorApi.vectorShape() + "), row " + r + ": got " + y[r]
                    + ", reference " + ref + ", error " + err + " above " + bound + " x " + mag);
        }
    }

    /** A kernel's y where every rounding vanishes: equal, bit for bit, to sum code x x x scale in long arithmetic. */
    private static void assertExact(int[] codes, float[] scales, int rows, int cols, int group, float[] x, float[] y,
            String what) {
        for (int r = 0; r < rows; r++) {
            double expected = 0;
            for (int g = 0; g < cols / group; g++) {
                long dot = 0;
                for (int c = g * group; c < (g + 1) * group; c++) {
                    dot += (long) codes[r * cols + c] * (long) x[c];
                }
                expected += dot * (double) scales[r * (cols / group) + g];
            }
            assertEquals(expected, y[r], 0.0, what + " (" + VectorApi.vectorShape() + "), row " + r);
        }
    }

    /** Integers from -range to range, seeded, as floats. */
    private static float[] integers(int n, int range, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(2 * range + 1) - range;
        }
        return v;
    }

    private static Weight of(QuantizedTensor t) {
        return (r, c) -> t.code(r, c) * (double) t.scale(r, c);
    }

    @Test
    void fp32MatchesReference() {
        for (int rows : ROWS) {
            for (int cols : AWKWARD_COLS) {
                float[] w = gaussian(rows * cols, 100 + cols);
                float[] x = gaussian(cols, 200 + cols);
                float[] y = SimdFp32Weights.of(w, rows, cols).multiply(x);
                assertMatches((r, c) -> w[r * cols + c], rows, cols, x, y, "fp32 " + rows + " x " + cols);
            }
        }
    }

    @Test
    void int8PerRowMatchesReference() {
        for (int rows : ROWS) {
            for (int cols : AWKWARD_COLS) {
                QuantizedTensor t = Quantizer.symmetric(8).with(Granularity.perRow())
                        .quantize(gaussian(rows * cols, 300 + cols), rows, cols);
                float[] x = gaussian(cols, 400 + cols);
                float[] y = SimdInt8RowWeights.from(t).multiply(x);
                assertMatchesOffset(of(t), t::scale, 128, rows, cols, x, y, "int8 " + rows + " x "
                        + cols);
            }
        }
    }

    @Test
    void int8ExtremeCodes() {
        // Row 0 all 127, row 1 all -127, row 2 all -128 (reachable through of), row 3 alternating 127 and -128:
        // a kernel that read bytes as unsigned would see 129 or 128 for the negative ones.
        int cols = 77;
        byte[] codes = new byte[4 * cols];
        for (int c = 0; c < cols; c++) {
            codes[c] = 127;
            codes[cols + c] = -127;
            codes[2 * cols + c] = -128;
            codes[3 * cols + c] = (byte) (c % 2 == 0 ? 127 : -128);
        }
        float[] scales = {0.5f, 0.25f, 1f, 0.125f};
        float[] x = gaussian(cols, 7);
        float[] y = SimdInt8RowWeights.of(Int8RowWeights.of(codes, scales, 4, cols)).multiply(x);
        assertMatchesOffset((r, c) -> codes[r * cols + c] * (double) scales[r], (r, c) -> scales[r], 128, 4, cols,
                x, y, "int8 extremes");
    }

    @Test
    void int8ExactOnIntegers() {
        // 3 rows of 1000 columns (whole chunks and a tail), codes -128..127, x in -3..3, scales 1, 0.5 and 4: every
        // partial sum is an integer (or a half) far below 2^24, so y must be the exact sum.
        int rows = 3;
        int cols = 1000;
        Random rnd = new Random(21);
        int[] codes = new int[rows * cols];
        byte[] bytes = new byte[rows * cols];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rnd.nextInt(256) - 128;
            bytes[i] = (byte) codes[i];
        }
        float[] scales = {1f, 0.5f, 4f};
        float[] x = integers(cols, 3, 22);
        float[] y = SimdInt8RowWeights.of(Int8RowWeights.of(bytes, scales, rows, cols)).multiply(x);
        assertExact(codes, scales, rows, cols, cols, x, y, "int8 exact");
    }

    @Test
    void int4PerGroupMatchesReference() {
        int[][] shapes = {{1, 32, 32}, {3, 64, 32}, {3, 64, 64}, {5, 96, 32}, {1, 128, 128}, {4, 256, 64},
            {3, 384, 128}, {2, 1024, 128}, {7, 160, 32}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            QuantizedTensor t = Quantizer.symmetric(4).with(Granularity.perGroup(shape[2]))
                    .quantize(gaussian(rows * cols, 500 + cols), rows, cols);
            float[] x = gaussian(cols, 600 + cols);
            SimdInt4GroupWeights w = SimdInt4GroupWeights.from(t);
            assertEquals(shape[2], w.groupSize());
            assertMatchesOffset(of(t), t::scale, 8, rows, cols, x, w.multiply(x), "int4 " + rows + " x " + cols + " g"
                    + shape[2]);
        }
    }

    @Test
    void int4ExtremeCodes() {
        // -8 is reachable only through of (symmetric quantization stops at -7). Row 0 all 7, row 1 all -8, row 2
        // alternating -8 and 7 in steps that put both in low and high nibbles, with a different scale per group.
        int cols = 128;
        int group = 32;
        int[] codes = new int[3 * cols];
        for (int c = 0; c < cols; c++) {
            codes[c] = 7;
            codes[cols + c] = -8;
            codes[2 * cols + c] = (c / 3) % 2 == 0 ? -8 : 7;
        }
        float[] scales = new float[3 * cols / group];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = 0.01f * (i + 1);
        }
        float[] x = gaussian(cols, 8);
        Int4GroupWeights scalar = Int4GroupWeights.of(Int4Packing.packSigned(codes), scales, 3, cols, group);
        float[] y = SimdInt4GroupWeights.of(scalar).multiply(x);
        assertMatchesOffset((r, c) -> codes[r * cols + c] * (double) scales[(r * cols + c) / group],
                (r, c) -> scales[(r * cols + c) / group], 8, 3, cols, x, y, "int4 extremes");
    }

    @Test
    void int4ExactOnIntegers() {
        // Groups of 32 and 96 over 4128 columns (a half chunk of tail for g32), codes -8..7, x in -3..3, scales that
        // are powers of two: exact, as for int8.
        for (int group : new int[] {32, 96, 128}) {
            int rows = 3;
            int cols = group == 32 ? 4128 : group == 96 ? 4128 - 4128 % 96 : 4096;
            Random rnd = new Random(30 + group);
            int[] codes = new int[rows * cols];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = rnd.nextInt(16) - 8;
            }
            float[] scales = new float[rows * cols / group];
            for (int i = 0; i < scales.length; i++) {
                scales[i] = Math.scalb(1f, rnd.nextInt(5) - 2);
            }
            float[] x = integers(cols, 3, 40 + group);
            float[] y = SimdInt4GroupWeights.of(Int4GroupWeights.of(Int4Packing.packSigned(codes), scales, rows, cols,
                    group)).multiply(x);
            assertExact(codes, scales, rows, cols, group, x, y, "int4 exact g" + group);
        }
    }

    @Test
    void tinyActivationsStayExact() {
        // The kernels multiply x by 2^-12 (int4) or 2^-16 (int8) before use; x of 2^-100 x small integers keeps
        // that a normal float, so the results are the exact sums times 2^-100.
        int cols = 256;
        int[] codes = new int[cols];
        byte[] bytes = new byte[cols];
        Random rnd = new Random(50);
        for (int c = 0; c < cols; c++) {
            codes[c] = rnd.nextInt(16) - 8;
            bytes[c] = (byte) (codes[c] * 15);
        }
        float[] ints = integers(cols, 3, 51);
        float[] x = new float[cols];
        for (int c = 0; c < cols; c++) {
            x[c] = Math.scalb(ints[c], -100);
        }
        long dot4 = 0;
        long dot8 = 0;
        for (int c = 0; c < cols; c++) {
            dot4 += (long) codes[c] * (long) ints[c];
            dot8 += (long) bytes[c] * (long) ints[c];
        }
        float y4 = SimdInt4GroupWeights.of(Int4GroupWeights.of(Int4Packing.packSigned(codes), new float[] {1, 1}, 1,
                cols, 128)).multiply(x)[0];
        float y8 = SimdInt8RowWeights.of(Int8RowWeights.of(bytes, new float[] {1}, 1, cols)).multiply(x)[0];
        assertEquals(Math.scalb((double) dot4, -100), y4, 0.0, "int4");
        assertEquals(Math.scalb((double) dot8, -100), y8, 0.0, "int8");
    }

    @Test
    void int4LaneLayoutByHand() {
        // One row of 96 codes: a chunk of 64, then a half chunk of tail. In the chunk, code c is c / 8 - 4 (columns
        // 8k..8k+7 all hold k - 4), so nibble k of every int is k - 4 + 8 = k + 4: each int reads 0xBA987654, bytes
        // 0x54 0x76 0x98 0xBA. The tail keeps the pair bytes.
        int[] codes = new int[96];
        for (int c = 0; c < 96; c++) {
            codes[c] = c < 64 ? c / 8 - 4 : c % 16 - 8;
        }
        byte[] pairs = Int4Packing.packSigned(codes);
        byte[] lanes = SimdInt4GroupWeights.toLanes(pairs, 1, 96);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(new byte[] {0x54, 0x76, (byte) 0x98, (byte) 0xBA},
                    java.util.Arrays.copyOfRange(lanes, 4 * i, 4 * i + 4), "int " + i);
        }
        for (int b = 32; b < 48; b++) {
            assertEquals(pairs[b], lanes[b], "tail byte " + b);
        }
        // Column 8k + i in nibble k of int i: code 8k + i = i - 4 for columns below 8 and 3 elsewhere; int 5 then holds
        // 1 + 8 = 9 in nibble 0 and 11 in nibbles 1..7: 0xBBBBBBB9.
        int[] one = new int[64];
        for (int c = 0; c < 64; c++) {
            one[c] = c < 8 ? c - 4 : 3;
        }
        byte[] l = SimdInt4GroupWeights.toLanes(Int4Packing.packSigned(one), 1, 64);
        assertArrayEquals(new byte[] {(byte) 0xB9, (byte) 0xBB, (byte) 0xBB, (byte) 0xBB},
                java.util.Arrays.copyOfRange(l, 20, 24));
    }

    @Test
    void int8LaneLayoutByHand() {
        // Two rows of one chunk (4 L columns) plus a tail of 3; code of column k L + i is k (row 0) and -1 - k
        // (row 1), stored plus 128: every lane of row 0 holds bytes 128 129 130 131, of row 1 127 126 125 124; the
        // tails stay in place, in two's complement.
        int chunk = VectorKernels.int8Chunk();
        int lanes = chunk / 4;
        int cols = chunk + 3;
        byte[] codes = new byte[2 * cols];
        for (int c = 0; c < cols; c++) {
            codes[c] = (byte) (c < chunk ? c / lanes : 100 + c);
            codes[cols + c] = (byte) (c < chunk ? -1 - c / lanes : -100 - c);
        }
        byte[] out = VectorKernels.int8Lanes(codes, 2, cols);
        for (int b = 0; b < chunk; b++) {
            assertEquals((byte) (128 + b % 4), out[b], "row 0, byte " + b);
            assertEquals((byte) (127 - b % 4), out[cols + b], "row 1, byte " + b);
        }
        for (int c = chunk; c < cols; c++) {
            assertEquals(codes[c], out[c]);
            assertEquals(codes[cols + c], out[cols + c]);
        }
    }

    @Test
    void int4OnWiderRows() {
        // Rows of 4128 columns (many groups of 32 and of 96, two rows a step with an odd row count), against the
        // double reference.
        for (int g : new int[] {32, 96}) {
            int rows = 3;
            int cols = g == 32 ? 4128 : 4128 - 4128 % 96;
            QuantizedTensor t = Quantizer.symmetric(4).with(Granularity.perGroup(g))
                    .quantize(gaussian(rows * cols, 700 + g), rows, cols);
            float[] x = gaussian(cols, 800 + g);
            assertMatchesOffset(of(t), t::scale, 8, rows, cols, x, SimdInt4GroupWeights.from(t).multiply(x),
                    "int4 " + rows + " x " + cols + " g" + g);
        }
    }

    @Test
    void labelsAndBytesFollowTheScalarWeights() {
        Int4GroupWeights int4 = Int4GroupWeights.of(new byte[32], new float[] {1, 1}, 1, 64, 32);
        assertEquals("int4 g32 simd", SimdInt4GroupWeights.of(int4).label());
        assertEquals(int4.weightBytes(), SimdInt4GroupWeights.of(int4).weightBytes());
        Int8RowWeights int8 = Int8RowWeights.of(new byte[6], new float[] {1, 1}, 2, 3);
        assertEquals("int8 per-row simd", SimdInt8RowWeights.of(int8).label());
        assertEquals(int8.weightBytes(), SimdInt8RowWeights.of(int8).weightBytes());
        assertEquals("fp32 simd", SimdFp32Weights.of(new float[6], 2, 3).label());
        assertEquals(24L, SimdFp32Weights.of(new float[6], 2, 3).weightBytes());
    }

    @Test
    void multiplyOverwritesY() {
        float[] y = {99f, 99f};
        SimdFp32Weights.of(new float[] {1, 0, 0, 1}, 2, 2).multiply(new float[] {3, 4}, y);
        assertArrayEquals(new float[] {3f, 4f}, y);
    }
}
