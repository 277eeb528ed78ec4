package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Code ranges, asymmetric zero points, groups, the all-zero fallback and the error measures. */
class QuantizerTest {

    private static final double TOL = 1e-6;

    @Test
    void codeRanges() {
        assertEquals(-7, QuantScheme.SYMMETRIC.minCode(4));
        assertEquals(7, QuantScheme.SYMMETRIC.maxCode(4));
        assertEquals(-127, QuantScheme.SYMMETRIC.minCode(8));
        assertEquals(-1, QuantScheme.SYMMETRIC.minCode(2));
        assertEquals(1, QuantScheme.SYMMETRIC.maxCode(2));
        assertEquals(0, QuantScheme.ASYMMETRIC.minCode(4));
        assertEquals(15, QuantScheme.ASYMMETRIC.maxCode(4));
        assertEquals(255, QuantScheme.ASYMMETRIC.maxCode(8));
        assertEquals(3, QuantScheme.ASYMMETRIC.maxCode(2));
        assertEquals(15, QuantScheme.SYMMETRIC.levels(4));
        assertEquals(16, QuantScheme.ASYMMETRIC.levels(4));
    }

    @Test
    void asymmetricScaleAndZeroPoint() {
        float[] x = {-0.3f, 0.0f, 0.6f, 1.2f};
        QuantizedTensor q = Quantizer.asymmetric(4).quantize(x);
        assertEquals(0.1, q.scales()[0], TOL, "(1.2 - (-0.3)) / 15");
        assertEquals(3, q.zeroPoints()[0], "0.3 / 0.1");
        assertArrayEquals(new int[] {0, 3, 9, 15}, q.codes());
        assertArrayEquals(x, q.dequantize(), 1e-6f);
    }

    @Test
    void asymmetricBeatsSymmetricOnOneSidedValues() {
        float[] x = {0.04f, 0.33f, 0.72f, 1.5f};
        QuantizedTensor asym = Quantizer.asymmetric(4).quantize(x);
        assertEquals(0.1, asym.scales()[0], TOL, "1.5 / 15");
        assertEquals(0, asym.zeroPoints()[0]);
        assertArrayEquals(new int[] {0, 3, 7, 15}, asym.codes());
        assertEquals((0.0016 + 0.0009 + 0.0004) / 4, QuantError.of(x, asym).mse(), TOL);

        QuantizedTensor sym = Quantizer.symmetric(4).quantize(x);
        assertEquals(1.5 / 7, sym.scales()[0], TOL);
        assertArrayEquals(new int[] {0, 2, 3, 7}, sym.codes()); // 0.187, 1.54, 3.36, 7 rounded
        double s = 1.5 / 7;
        double sq = 0.04 * 0.04 + Math.pow(2 * s - 0.33, 2) + Math.pow(3 * s - 0.72, 2);
        assertEquals(sq / 4, QuantError.of(x, sym).mse(), TOL);
        assertEquals(0.0043168, sq / 4, 1e-7, "the hand figure");
    }

    @Test
    void groupsAlongTheInputAxis() {
        float[] m = {
            0.12f, -0.18f, 0.25f, -0.31f, 1.6f, -2.1f, 2.4f, -2.8f,
            0.18f, -0.91f, 1.62f, 2.94f, 0f, 0f, 0f, 0f,
        };
        QuantizedTensor q = Quantizer.symmetric(4).with(Granularity.perGroup(4)).quantize(m, 2, 8);
        assertArrayEquals(new float[] {0.31f / 7, 0.4f, 0.42f, Quantizer.ZERO_RANGE_SCALE}, q.scales(), 1e-6f);
        assertArrayEquals(new int[] {3, -4, 6, -7, 4, -5, 6, -7}, q.rowCodes(0));
        assertArrayEquals(new int[] {0, -2, 4, 7, 0, 0, 0, 0}, q.rowCodes(1));
        assertEquals(0.42f, q.scale(1, 3), 1e-6f);
        assertEquals(0f, q.dequantize(1, 6));
    }

    @Test
    void allZeroTensorUsesTheFallbackScale() {
        float[] zeros = new float[8];
        for (Quantizer q : new Quantizer[] {Quantizer.symmetric(4), Quantizer.asymmetric(3),
                Quantizer.symmetric(8).with(Granularity.perGroup(4)), Quantizer.asymmetric(2).with(Granularity.perRow())}) {
            QuantizedTensor t = q.quantize(zeros, 2, 4);
            for (float s : t.scales()) {
                assertEquals(1f, s, q.toString());
            }
            for (int z : t.zeroPoints()) {
                assertEquals(0, z, q.toString());
            }
            assertArrayEquals(new int[8], t.codes(), q.toString());
            assertArrayEquals(zeros, t.dequantize(), q.toString());
            QuantError e = QuantError.of(zeros, t);
            assertEquals(0, e.mse());
            assertEquals(0, e.relativeError());
            assertEquals(Double.POSITIVE_INFINITY, e.sqnrDb());
        }
    }

    @Test
    void tablesHaveOneRowPerRecipeAndWidth() {
        float[] x = {0.04f, 0.33f, 0.72f, 1.5f};
        assertEquals(2, QuantizationTables.compare(x, 1, 4,
                java.util.List.of(Quantizer.symmetric(4), Quantizer.asymmetric(4))).rowCount());
        assertEquals(7, QuantizationTables.bitSweep(x, 1, 4, Quantizer.symmetric(4)).rowCount());
        assertEquals(4, QuantizationTables.elementwise(x, Quantizer.symmetric(4).quantize(x)).rowCount());
    }

    @Test
    void errorMeasuresOnAKnownCase() {
        float[] original = {1f, 1f, 1f, 1f};
        float[] noisy = {1.1f, 0.9f, 1.1f, 0.9f};
        QuantError e = QuantError.between(original, noisy);
        // signal 4, noise 4 x 0.01 = 0.04: ratio 100, which is 20 dB
        assertEquals(0.01, e.mse(), 1e-6);
        assertEquals(0.1, e.maxAbsError(), 1e-6);
        assertEquals(0.1, e.relativeError(), 1e-6, "sqrt(0.04 / 4)");
        assertEquals(20.0, e.sqnrDb(), 1e-4);
    }

    @Test
    void moreBitsNeverHurtOnSpreadData() {
        float[] x = new float[256];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37) * (1 + i % 7);
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (int bits = 2; bits <= 8; bits++) {
            double sqnr = QuantError.of(x, Quantizer.symmetric(bits).quantize(x)).sqnrDb();
            assertTrue(sqnr > previous, bits + " bits: " + sqnr + " dB after " + previous);
            previous = sqnr;
        }
        double at4 = QuantError.of(x, Quantizer.symmetric(4).quantize(x)).sqnrDb();
        double at8 = QuantError.of(x, Quantizer.symmetric(8).quantize(x)).sqnrDb();
        // 15 levels against 255: 20 log10(127 / 7) = 25.2 dB apart in theory
        assertEquals(25.2, at8 - at4, 3.0);
    }
}
