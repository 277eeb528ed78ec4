package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The seed's worked examples, number for number; every expected value was worked out by hand. */
class SeedExamplesTest {

    private static final double TOL = 1e-6;

    private static void assertClose(double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "index " + i);
        }
    }

    @Test
    void fourWeightsInSymmetricInt4() {
        float[] w = {0.18f, -0.91f, 1.62f, 2.94f};
        QuantizedTensor q = Quantizer.symmetric(4).quantize(w);

        assertEquals(0.42, q.scales()[0], TOL, "2.94 / 7");
        assertArrayEquals(new int[] {0, -2, 4, 7}, q.codes());
        float[] back = q.dequantize();
        assertClose(new double[] {0, -0.84, 1.68, 2.94}, back, TOL);
        double[] errors = {-0.18, 0.07, 0.06, 0.00}; // dequantized minus original, as the seed prints them
        for (int i = 0; i < w.length; i++) {
            assertEquals(errors[i], (double) back[i] - w[i], TOL, "error " + i);
        }
    }

    private static final float[][] TWO_ROWS = {
        {0.12f, -0.18f, 0.25f, -0.31f},
        {1.6f, -2.1f, 2.4f, -2.8f},
    };

    @Test
    void perTensorCrushesTheSmallRow() {
        QuantizedTensor q = Quantizer.symmetric(4).quantize(TWO_ROWS);
        assertEquals(1, q.scales().length);
        assertEquals(0.40, q.scales()[0], TOL, "2.80 / 7");
        assertArrayEquals(new int[] {0, 0, 1, -1}, q.rowCodes(0)); // 0.30, -0.45, 0.625, -0.775 rounded
        assertArrayEquals(new int[] {4, -5, 6, -7}, q.rowCodes(1)); // 4.00, -5.25, 6.00, -7.00 rounded
        float[][] back = q.dequantizeMatrix();
        assertClose(new double[] {0, 0, 0.4, -0.4}, back[0], TOL);
        // squared errors: row 0 0.0144 + 0.0324 + 0.0225 + 0.0081, row 1 only -2.1 -> -2.0 costs 0.01
        assertEquals(0.0874 / 8, QuantError.of(flat(TWO_ROWS), q).mse(), TOL);
    }

    @Test
    void perChannelGivesTheSmallRowItsOwnScale() {
        QuantizedTensor q = Quantizer.symmetric(4).with(Granularity.perRow()).quantize(TWO_ROWS);
        assertEquals(2, q.scales().length);
        assertEquals(0.31 / 7, q.scales()[0], TOL, "0.044286; the seed prints 0.0443");
        assertEquals(0.40, q.scales()[1], TOL);
        assertArrayEquals(new int[] {3, -4, 6, -7}, q.rowCodes(0)); // 2.71, -4.06, 5.65, -7.00 rounded
        assertArrayEquals(new int[] {4, -5, 6, -7}, q.rowCodes(1));
        double s = 0.31 / 7;
        assertClose(new double[] {3 * s, -4 * s, 6 * s, -7 * s}, q.dequantizeMatrix()[0], TOL);
        // row 0 errors are 0.09/7, 0.02/7, 0.11/7 and 0: (0.0081 + 0.0004 + 0.0121) / 49, plus row 1's 0.01
        assertEquals((0.0206 / 49 + 0.01) / 8, QuantError.of(flat(TWO_ROWS), q).mse(), TOL);
    }

    @Test
    void perColumnScalesFollowTheLargeRow() {
        QuantizedTensor q = Quantizer.symmetric(4).with(Granularity.perChannel(1)).quantize(TWO_ROWS);
        assertArrayEquals(new float[] {1.6f / 7, 2.1f / 7, 2.4f / 7, 2.8f / 7}, q.scales(), 1e-6f);
        assertArrayEquals(new int[] {1, -1, 1, -1}, q.rowCodes(0)); // 0.525, -0.6, 0.729, -0.775 rounded
        assertArrayEquals(new int[] {7, -7, 7, -7}, q.rowCodes(1));
    }

    @Test
    void mediumExerciseRows() {
        float[][] rows = {{0.05f, -0.08f, 0.11f, -0.14f}, {1.4f, -1.7f, 2.1f, -2.8f}};
        float[] values = flat(rows);

        QuantizedTensor tensor = Quantizer.symmetric(4).quantize(rows);
        assertEquals(0.40, tensor.scales()[0], TOL);
        // 0.05 / 0.4 = 0.125 ... -0.14 / 0.4 = -0.35: every small weight rounds to zero
        assertArrayEquals(new int[] {0, 0, 0, 0}, tensor.rowCodes(0));
        QuantError smallRowTensor = QuantError.between(rows[0], tensor.dequantizeMatrix()[0]);
        assertEquals(1.0, smallRowTensor.relativeError(), TOL, "the whole row is lost");

        QuantizedTensor channel = Quantizer.symmetric(4).with(Granularity.perRow()).quantize(rows);
        assertEquals(0.02, channel.scales()[0], TOL, "0.14 / 7");
        assertEquals(-4, channel.code(0, 1));
        assertEquals(-7, channel.code(0, 3));
        // 0.05 / 0.02 = 2.5 and 0.11 / 0.02 = 5.5 are exact ties, so only the half-step bound is certain
        QuantError smallRowChannel = QuantError.between(rows[0], channel.dequantizeMatrix()[0]);
        assertTrue(smallRowChannel.maxAbsError() <= 0.01 + TOL, smallRowChannel.toString());
        assertArrayEquals(tensor.rowCodes(1), channel.rowCodes(1), "row 1 sets the tensor's absmax either way");
        assertTrue(QuantError.of(values, channel).mse() < QuantError.of(values, tensor).mse());
    }

    static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * rows[0].length, rows[0].length);
        }
        return out;
    }
}
