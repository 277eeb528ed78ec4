package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/** Each kernel against a dequantize-then-multiply reference in double, and against hand-computed 2 x 4 products. */
class GemvKernelsTest {

    private static final double REL_TOL = 1e-5;

    private static float[] randomValues(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** y = W x in double from row-major dequantized weights, with the sum of |w x| per row as the error scale. */
    private static void assertMatches(float[] w, int rows, int cols, float[] x, float[] y) {
        assertEquals(rows, y.length);
        for (int r = 0; r < rows; r++) {
            double ref = 0;
            double mag = 0;
            for (int c = 0; c < cols; c++) {
                double p = (double) w[r * cols + c] * x[c];
                ref += p;
                mag += Math.abs(p);
            }
            double err = Math.abs(y[r] - ref);
            assertTrue(err <= REL_TOL * mag + 1e-30, "row " + r + ": got " + y[r] + ", reference " + ref
                    + ", error " + err + " above " + REL_TOL + " x " + mag);
        }
    }

    /** Dequantized in double, code x scale, without going through float. */
    private static float[] dequantize(QuantizedTensor t) {
        float[] out = new float[t.size()];
        for (int r = 0; r < t.rows(); r++) {
            for (int c = 0; c < t.cols(); c++) {
                out[r * t.cols() + c] = (float) (t.code(r, c) * (double) t.scale(r, c));
            }
        }
        return out;
    }

    @Test
    void fp32MatchesReference() {
        for (int[] shape : new int[][] {{64, 256}, {33, 96}, {7, 13}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[] w = randomValues(rows * cols, 11);
            float[] x = randomValues(cols, 12);
            assertMatches(w, rows, cols, x, Fp32Weights.of(w, rows, cols).multiply(x));
        }
    }

    @Test
    void int8PerRowMatchesReference() {
        for (int[] shape : new int[][] {{64, 256}, {33, 96}, {7, 13}}) {
            int rows = shape[0];
            int cols = shape[1];
            QuantizedTensor t = Quantizer.symmetric(8).with(Granularity.perRow())
                    .quantize(randomValues(rows * cols, 21), rows, cols);
            float[] x = randomValues(cols, 22);
            assertMatches(dequantize(t), rows, cols, x, Int8RowWeights.from(t).multiply(x));
        }
    }

    @Test
    void int4PerGroupMatchesReference() {
        for (int[] shape : new int[][] {{64, 256, 128}, {64, 256, 32}, {33, 96, 32}, {33, 96, 96}, {5, 18, 6},
            {3, 8, 2}}) {
            int rows = shape[0];
            int cols = shape[1];
            QuantizedTensor t = Quantizer.symmetric(4).with(Granularity.perGroup(shape[2]))
                    .quantize(randomValues(rows * cols, 31), rows, cols);
            float[] x = randomValues(cols, 32);
            Int4GroupWeights w = Int4GroupWeights.from(t);
            assertEquals(shape[2], w.groupSize());
            assertMatches(dequantize(t), rows, cols, x, w.multiply(x));
        }
    }

    @Test
    void fp32ByHand() {
        float[] w = {1, 2, 3, 4, -1, 0.5f, 0, 2};
        float[] x = {1, 1, 2, 0.5f};
        // 1 + 2 + 6 + 2 = 11; -1 + 0.5 + 0 + 1 = 0.5
        assertArrayEquals(new float[] {11f, 0.5f}, Fp32Weights.of(w, 2, 4).multiply(x));
    }

    @Test
    void int8ByHand() {
        QuantizedTensor t = new QuantizedTensor(new int[] {1, -2, 3, 4, 127, -127, 0, 10}, new float[] {0.5f, 0.25f},
                new int[2], 2, 4, 8, QuantScheme.SYMMETRIC, Granularity.perRow());
        float[] x = {1, 2, 3, 4};
        // row 0: (1 - 4 + 9 + 16) x 0.5 = 11; row 1: (127 - 254 + 0 + 40) x 0.25 = -21.75
        float[] expected = {11f, -21.75f};
        assertArrayEquals(expected, Int8RowWeights.from(t).multiply(x));
        byte[] codes = {1, -2, 3, 4, 127, -127, 0, 10};
        assertArrayEquals(expected, Int8RowWeights.of(codes, new float[] {0.5f, 0.25f}, 2, 4).multiply(x));
    }

    @Test
    void int4ByHand() {
        float[] scales = {0.5f, 2f, 1f, 0.25f};
        QuantizedTensor t = new QuantizedTensor(new int[] {1, -2, 3, -7, 7, 0, -1, 5}, scales, new int[4], 2, 4, 4,
                QuantScheme.SYMMETRIC, Granularity.perGroup(2));
        float[] x = {1, 2, 3, 4};
        // row 0: (1 - 4) x 0.5 + (9 - 28) x 2 = -39.5; row 1: (7 + 0) x 1 + (-3 + 20) x 0.25 = 11.25
        float[] expected = {-39.5f, 11.25f};
        assertArrayEquals(expected, Int4GroupWeights.from(t).multiply(x));
        // The same codes packed by hand: low nibble first, two's complement: (1, -2) -> 0xE1, (3, -7) -> 0x93,
        // (7, 0) -> 0x07, (-1, 5) -> 0x5F.
        byte[] packed = {(byte) 0xE1, (byte) 0x93, 0x07, 0x5F};
        assertArrayEquals(packed, t.packInt4());
        assertArrayEquals(expected, Int4GroupWeights.of(packed, scales, 2, 4, 2).multiply(x));
    }

    @Test
    void multiplyIntoGivenVector() {
        float[] y = {99f, 99f};
        Fp32Weights.of(new float[] {1, 0, 0, 1}, 2, 2).multiply(new float[] {3, 4}, y);
        assertArrayEquals(new float[] {3f, 4f}, y);
    }

    @Test
    void weightBytesAt8192() {
        assertEquals(268_435_456L, Fp32Weights.bytesFor(8192, 8192));
        assertEquals(67_108_864L + 32_768L, Int8RowWeights.bytesFor(8192, 8192));
        assertEquals(67_141_632L, Int8RowWeights.bytesFor(8192, 8192));
        assertEquals(33_554_432L + 2_097_152L, Int4GroupWeights.bytesFor(8192, 8192, 128));
        assertEquals(35_651_584L, Int4GroupWeights.bytesFor(8192, 8192, 128));
    }

    @Test
    void weightBytesOfSmallMatrices() {
        assertEquals(4L * 2 * 4, Fp32Weights.of(new float[8], 2, 4).weightBytes());
        assertEquals(8L + 4 * 2, Int8RowWeights.of(new byte[8], new float[] {1, 1}, 2, 4).weightBytes());
        // 8 codes in 4 bytes, 4 groups of 2 with 4 bytes each
        assertEquals(4L + 16, Int4GroupWeights.of(new byte[4], new float[] {1, 1, 1, 1}, 2, 4, 2).weightBytes());
        assertEquals(4L + 8, Int4GroupWeights.of(new byte[4], new float[] {1, 1}, 2, 4, 4).weightBytes());
    }

    @Test
    void labels() {
        assertEquals("fp32", Fp32Weights.of(new float[1], 1, 1).label());
        assertEquals("int8 per-row", Int8RowWeights.of(new byte[1], new float[] {1}, 1, 1).label());
        assertEquals("int4 g2", Int4GroupWeights.of(new byte[1], new float[] {1}, 1, 2, 2).label());
    }
}
