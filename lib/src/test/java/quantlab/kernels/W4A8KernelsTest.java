package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static quantlab.kernels.SimdKernelsTest.gamma;
import static quantlab.kernels.SimdKernelsTest.gaussian;

import org.junit.jupiter.api.Test;
import quantlab.quantization.Granularity;
import quantlab.quantization.Int4Packing;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/**
 * The W4A8 product: the activation quantizer by hand, the scalar specification by hand and against a double sum of
 * the dequantized codes, and the Vector API kernel against the same double sum on shapes with one to many spans,
 * group sizes 128 to 512, extreme codes that push its 16-bit accumulators to their largest values, and its lane
 * layout by hand.
 *
 * <p>Tolerance: the integer part of both kernels is exact, so the only rounding is in floats: the product of the two
 * scales, its product with a group's (or, in the SIMD kernel, a lane's) integer sum, and the additions of those, at
 * most spans + 16 rounded operations per term. So |y - ref| &lt;= gamma(spans + 16) x sum_g |d_g| x sum_c |w_c x_c|
 * (codes), with the Higham bound of SimdKernelsTest; a wrong nibble changes y by a whole term.
 */
class W4A8KernelsTest {

    @Test
    void activationCodesByHand() {
        // max 127: the multiplier is 1, so the codes are x rounded half away from zero (Math.round would give 0 for
        // -0.5); the second group's max is 2, its step 2 / 127.
        ActivationCodes a = ActivationCodes.of(new float[] {127f, -0.5f, 0.5f, 2.5f, 2f, -1f, 0f, 0.5f}, 4);
        assertEquals(4, a.groupSize());
        assertEquals(8, a.length());
        int[] expected = {127, -1, 1, 3, 127, -64, 0, 32};
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], a.code(i), "code " + i);
        }
        assertEquals(1f, a.scale(0));
        assertEquals(2f / 127, a.scale(1), 1e-9);
        // -1 x 63.5 = -63.5 rounds away to -64; 0.5 x 63.5 = 31.75 to 32.
        assertEquals(-64 * (2f / 127), a.dequantize()[5], 1e-7);
    }

    @Test
    void zeroGroupsAndTinyValues() {
        ActivationCodes a = ActivationCodes.of(new float[] {0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE}, 2);
        assertEquals(0f, a.scale(0));
        assertEquals(0, a.code(0));
        assertEquals(0, a.code(1));
        // 127 / MIN_VALUE overflows a float; the double path still gives the codes.
        assertEquals(127, a.code(2));
        assertEquals(-127, a.code(3));
    }

    @Test
    void activationRoundingIsAtMostHalfAStep() {
        float[] x = gaussian(1024, 1);
        ActivationCodes a = ActivationCodes.of(x, 128);
        float[] back = a.dequantize();
        for (int i = 0; i < x.length; i++) {
            float max = 0;
            for (int j = i / 128 * 128; j < i / 128 * 128 + 128; j++) {
                max = Math.max(max, Math.abs(x[j]));
            }
            assertTrue(Math.abs(back[i] - x[i]) <= max / 127 / 2 * (1 + 1e-5), "entry " + i);
            assertTrue(Math.abs(a.code(i)) <= 127);
        }
    }

    @Test
    void vectorQuantizerIsBitForBitTheScalarOne() {
        // Gaussian groups; a group of (i - 64) / 2 whose max 32 makes the multiplier 127 / 32 = 3.96875 exactly, so
        // x = -16 and 16 land on -63.5 and 63.5, exact ties that round away from zero to -64 and 64; negative zeros;
        // an all-zero group; and a group whose only non-zero entry is subnormal (the double path).
        float[] x = new float[8 * 128];
        float[] g = gaussian(4 * 128, 21);
        System.arraycopy(g, 0, x, 0, g.length);
        for (int i = 0; i < 128; i++) {
            x[4 * 128 + i] = (i - 64) / 2f; // max 32: multiplier 127 / 32 = 3.96875 exactly, products on quarters
            x[5 * 128 + i] = i % 2 == 0 ? -0f : (i - 64) * 0.5f;
            x[7 * 128 + i] = i == 5 ? Float.MIN_VALUE : 0f;
        }
        x[5 * 128 + 1] = 63.5f;
        short[] scalarCodes = new short[x.length];
        float[] scalarScales = new float[8];
        ActivationCodes.quantizeInto(x, 128, scalarCodes, scalarScales);
        short[] vectorCodes = new short[x.length];
        float[] vectorScales = new float[8];
        VectorKernels.quantizeA8(x, 128, vectorCodes, vectorScales);
        assertArrayEquals(scalarCodes, vectorCodes);
        assertArrayEquals(scalarScales, vectorScales);
        assertEquals(127, vectorCodes[7 * 128 + 5]);
        assertEquals(-64, vectorCodes[4 * 128 + 32]);
        assertEquals(64, vectorCodes[4 * 128 + 96]);
        float[] bad = gaussian(256, 22);
        bad[200] = Float.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorKernels.quantizeA8(bad, 128, new short[256], new float[2]));
        assertTrue(e.getMessage().contains("x[200]"), e.getMessage());
    }

    @Test
    void activationBadInput() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ActivationCodes.of(new float[] {1f, 2f, Float.NaN, 0f}, 2));
        assertTrue(nan.getMessage().contains("x[2]") && nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> ActivationCodes.of(new float[] {Float.NEGATIVE_INFINITY, 2f}, 2));
        assertTrue(inf.getMessage().contains("x[0]") && inf.getMessage().contains("Infinity"), inf.getMessage());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> ActivationCodes.of(new float[6], 4));
        assertTrue(group.getMessage().contains("groupSize") && group.getMessage().contains("4"), group.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActivationCodes.of(null, 4));
    }

    @Test
    void scalarSpecificationByHand() {
        // Codes [[1, -2, 3, -8], [7, 0, -1, 2]], groups of 2 with scales [[0.5, 0.25], [1, 2]]; x = [1, -1, 0.5, 0.25]
        // quantizes to codes [127, -127 | 127, 64] (0.25 x 254 = 63.5 rounds up) with scales 1/127 and 0.5/127.
        // Row 0: 381 x 0.5 / 127 + (3 x 127 - 8 x 64) x 0.25 x 0.5 / 127 = 1.5 - 131 x 0.125 / 127.
        // Row 1: 889 x 1 / 127 + (-127 + 128) x 2 x 0.5 / 127 = 7 + 1 / 127.
        Int4GroupWeights w = Int4GroupWeights.of(Int4Packing.packSigned(new int[] {1, -2, 3, -8, 7, 0, -1, 2}),
                new float[] {0.5f, 0.25f, 1f, 2f}, 2, 4, 2);
        float[] y = Int4GroupA8Weights.of(w).multiply(new float[] {1f, -1f, 0.5f, 0.25f});
        assertEquals(1.5 - 131 * 0.125 / 127, y[0], 1e-6);
        assertEquals(7 + 1.0 / 127, y[1], 1e-6);
    }

    /** sum_c code_w x scale_w x code_x x scale_x in double, checked against y within the class comment's bound. */
    private static void assertExact(QuantizedTensor t, float[] x, int groupSize, float[] y, String what) {
        ActivationCodes a = ActivationCodes.of(x, groupSize);
        int spans = t.cols() / 128;
        for (int r = 0; r < t.rows(); r++) {
            double ref = 0;
            double mag = 0;
            for (int c = 0; c < t.cols(); c++) {
                double d = (double) t.scale(r, c) * a.scale(c / groupSize);
                ref += d * t.code(r, c) * a.code(c);
                mag += Math.abs(d * t.code(r, c) * a.code(c));
            }
            double err = Math.abs(y[r] - ref);
            assertTrue(err <= gamma(spans + 16) * mag, what + ", row " + r + ": got " + y[r] + ", exact " + ref
                    + ", error " + err + " above " + gamma(spans + 16) + " x " + mag);
        }
    }

    @Test
    void bothKernelsMatchTheExactSum() {
        int[][] shapes = {{1, 128, 128}, {3, 256, 128}, {5, 384, 128}, {2, 768, 384}, {4, 512, 256},
            {3, 1024, 128}, {2, 4096, 128}, {1, 1024, 512}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            int g = shape[2];
            QuantizedTensor t = Quantizer.symmetric(4).with(Granularity.perGroup(g))
                    .quantize(gaussian(rows * cols, 900 + cols + g), rows, cols);
            float[] x = gaussian(cols, 1000 + cols);
            String what = rows + " x " + cols + " g" + g;
            assertExact(t, x, g, Int4GroupA8Weights.from(t).multiply(x), "scalar " + what);
            assertExact(t, x, g, SimdInt4GroupA8Weights.from(t).multiply(x), "simd " + what + " ("
                    + VectorApi.vectorShape() + ")");
        }
    }

    @Test
    void extremeCodesStayWithinTheShortAccumulators() {
        // Rows of all 7 (stored 15), all -8 (stored 0) and alternating, against x at the activation code extremes:
        // all +1 (codes 127), all -1 (-127) and alternating, so each 16-bit lane reaches 8 x 15 x 127 = 15 240 on
        // top of its offset of 8 x 8 x 127 = 8 128 in size.
        int cols = 256;
        int group = 128;
        int[] codes = new int[3 * cols];
        for (int c = 0; c < cols; c++) {
            codes[c] = 7;
            codes[cols + c] = -8;
            codes[2 * cols + c] = c % 2 == 0 ? 7 : -8;
        }
        float[] scales = {0.5f, 0.25f, 1f, 2f, 0.125f, 4f};
        Int4GroupWeights w = Int4GroupWeights.of(Int4Packing.packSigned(codes), scales, 3, cols, group);
        float[][] xs = {new float[cols], new float[cols], new float[cols]};
        for (int c = 0; c < cols; c++) {
            xs[0][c] = 1f;
            xs[1][c] = -1f;
            xs[2][c] = c % 2 == 0 ? 1f : -1f;
        }
        for (float[] x : xs) {
            float[] y = SimdInt4GroupA8Weights.of(w).multiply(x);
            for (int r = 0; r < 3; r++) {
                double exact = 0;
                for (int c = 0; c < cols; c++) {
                    exact += codes[r * cols + c] * (double) scales[r * 2 + c / group] * x[c];
                }
                // x = +-1 quantizes to +-127 with scale 1/127: exact, so only float rounding remains.
                assertEquals(exact, y[r], 1e-5 * Math.max(1, Math.abs(exact)), "row " + r + ", x[1] " + x[1]);
            }
        }
    }

    @Test
    void laneLayoutByHand() {
        // 64 codes of -8 (stored 0) except code 0 = 7 (stored 15), code 16 = -7 (1), code 32 = 0 (8), code 48 = 3
        // (11) and code 63 = 7 (15). Byte 0 holds codes 0 and 16 (0x1F), byte 1 codes 32 and 48 (0xB8), byte 31
        // codes 47 and 63 (0xF0); every other byte holds two stored zeros.
        int[] codes = new int[64];
        java.util.Arrays.fill(codes, -8);
        codes[0] = 7;
        codes[16] = -7;
        codes[32] = 0;
        codes[48] = 3;
        codes[63] = 7;
        byte[] expected = new byte[32];
        expected[0] = 0x1F;
        expected[1] = (byte) 0xB8;
        expected[31] = (byte) 0xF0;
        assertArrayEquals(expected, SimdInt4GroupA8Weights.toLanes(Int4Packing.packSigned(codes), 1, 64));
    }

    @Test
    void labelsBytesAndBadInput() {
        Int4GroupWeights int4 = Int4GroupWeights.of(new byte[64], new float[] {1}, 1, 128, 128);
        assertEquals("int4 g128 w4a8", Int4GroupA8Weights.of(int4).label());
        assertEquals("int4 g128 w4a8 simd", SimdInt4GroupA8Weights.of(int4).label());
        assertEquals(int4.weightBytes(), SimdInt4GroupA8Weights.of(int4).weightBytes());
        assertEquals(int4.weightBytes(), Int4GroupA8Weights.of(int4).weightBytes());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> SimdInt4GroupA8Weights.of(Int4GroupWeights.of(new byte[64], new float[] {1, 1}, 1, 128, 64)));
        assertTrue(group.getMessage().contains("groupSize") && group.getMessage().contains("64"), group.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> SimdInt4GroupA8Weights.of(int4).multiply(new float[127]));
        assertTrue(length.getMessage().contains("x length") && length.getMessage().contains("127"),
                length.getMessage());
        float[] x = new float[128];
        x[100] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SimdInt4GroupA8Weights.of(int4).multiply(x));
        assertTrue(nan.getMessage().contains("x[100]"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Int4GroupA8Weights.of((Int4GroupWeights) null));
        assertThrows(IllegalArgumentException.class, () -> SimdInt4GroupA8Weights.of((Int4GroupWeights) null));
    }

    @Test
    void activationRoundingAddsLittleToTheWeightsError() {
        // On Gaussian weights and x, int4 g128 weights cost about 11% relative rms error in y; int8 activations per
        // group of 128 cost about max |x| / 127 / sqrt(12) / rms(x), some 0.7%, and independent errors add in
        // quadrature: the W4A8 error must lie within 2% (relative) of the float-activation int4 error.
        java.util.List<FormatErrors.FormatError> e = FormatErrors.gaussian(64, 1024, 11);
        double int4 = e.stream().filter(f -> f.format().equals("int4 g128")).findFirst().orElseThrow().outputError();
        double w4a8 = e.stream().filter(f -> f.format().equals("int4 g128 w4a8")).findFirst().orElseThrow()
                .outputError();
        assertTrue(Math.abs(w4a8 - int4) <= 0.02 * int4, "int4 " + int4 + ", w4a8 " + w4a8);
    }
}
