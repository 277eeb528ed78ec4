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
 * <p>The int4 kernel sums code + 8 for half of the codes and takes 8 x scale x sum x off once per group, so its terms
 * are up to (|code| + 8) x scale x |x| in size and the offset sums add 8 x scale x |x| per term, with two more rounded
 * operations (the offset's multiply and subtraction): its bound is gamma(cols + 4) x sum (|code| + 16) x scale x |x|,
 * still at most a few hundredths of one term's size for these shapes at cols 1024 and far less below.
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

    /** The int4 kernel's bound: gamma(cols + 4) x sum_c (|w| + 16 scale) |x[c]|, see the class comment. */
    private static void assertMatchesOffset(Weight w, Weight scale, int rows, int cols, float[] x, float[] y,
            String what) {
        assertEquals(rows, y.length, what);
        double bound = gamma(cols + 4);
        for (int r = 0; r < rows; r++) {
            double ref = 0;
            double mag = 0;
            for (int c = 0; c < cols; c++) {
                double p = w.at(r, c) * x[c];
                ref += p;
                mag += (Math.abs(w.at(r, c)) + 16 * scale.at(r, c)) * Math.abs(x[c]);
            }
            double err = Math.abs(y[r] - ref);
            assertTrue(err <= bound * mag, what + " (" + VectorApi.vectorShape() + "), row " + r + ": got " + y[r]
                    + ", reference " + ref + ", error " + err + " above " + bound + " x " + mag);
        }
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
                assertMatches(of(t), rows, cols, x, y, "int8 " + rows + " x " + cols);
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
        assertMatches((r, c) -> codes[r * cols + c] * (double) scales[r], 4, cols, x, y, "int8 extremes");
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
            assertMatchesOffset(of(t), t::scale, rows, cols, x, w.multiply(x), "int4 " + rows + " x " + cols + " g"
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
                (r, c) -> scales[(r * cols + c) / group], 3, cols, x, y, "int4 extremes");
    }

    @Test
    void int4BlockLayoutByHand() {
        // Codes k = 0..31 of one block are (k mod 16) - 8: code j and code j + 16 are both j - 8, so block byte j
        // holds the nibble of j - 8 twice: 0x88, 0x99, ..., 0xFF, 0x00, ..., 0x77.
        int[] codes = new int[32];
        for (int k = 0; k < 32; k++) {
            codes[k] = k % 16 - 8;
        }
        byte[] expected = {(byte) 0x88, (byte) 0x99, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD,
            (byte) 0xEE, (byte) 0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
        assertArrayEquals(expected, SimdInt4GroupWeights.toBlocks(Int4Packing.packSigned(codes)));
        // Codes 0..15 are 1 and 16..31 are -1: low nibbles 0x1, high nibbles 0xF.
        int[] halves = new int[64];
        for (int k = 0; k < 64; k++) {
            halves[k] = k % 32 < 16 ? 1 : -1;
        }
        byte[] blocks = SimdInt4GroupWeights.toBlocks(Int4Packing.packSigned(halves));
        for (byte b : blocks) {
            assertEquals((byte) 0xF1, b);
        }
    }

    @Test
    void offsetBlocksByHand() {
        // Byte 0x88 holds -8 twice (two's complement); the low nibble plus 8 is 0, the high stays -8: 0x80.
        // 0x07: low 7 -> 15 (0xF), high 0: 0x0F. 0xF1: low 1 -> 9, high -1 (0xF): 0xF9.
        assertArrayEquals(new byte[] {(byte) 0x80, 0x0F, (byte) 0xF9},
                SimdInt4GroupWeights.toOffsetBlocks(new byte[] {(byte) 0x88, 0x07, (byte) 0xF1}));
    }

    @Test
    void int8LaneLayoutByHand() {
        // Two rows of one chunk (4 L columns) plus a tail of 3; code of column k L + i is k (row 0) and -1 - k
        // (row 1): every lane of row 0 holds bytes 0 1 2 3, of row 1 bytes -1 -2 -3 -4; the tails stay in place.
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
            assertEquals((byte) (b % 4), out[b], "row 0, byte " + b);
            assertEquals((byte) (-1 - b % 4), out[cols + b], "row 1, byte " + b);
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
            assertMatchesOffset(of(t), t::scale, rows, cols, x, SimdInt4GroupWeights.from(t).multiply(x),
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
