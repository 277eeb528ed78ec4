package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import quantlab.formats.FloatFormat;
import quantlab.quantization.BlockFormat;

/**
 * The Q8_0 and Q4_0 kernels, scalar and SIMD, against y computed in double from {@link BlockFormat#roundTrip} (the
 * block format's own dequantization, not the kernels' byte reading), within the rounding bounds of SimdKernelsTest:
 * gamma(cols + 2) x sum |w x| for the scalar kernels and SIMD Q8_0, and for SIMD Q4_0 (which takes its offset off
 * once per block) gamma(cols + 4) x sum (|w| + 16 |d|) |x|. Plus blocks written byte by byte.
 */
class SimdBlockKernelsTest {

    private static final int[][] SHAPES = {{1, 32}, {3, 64}, {5, 96}, {8, 256}, {7, 1024}, {2, 4096}};

    private static float[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static double gamma(int k) {
        double u = Math.ulp(1.0f) / 2;
        return k * u / (1 - k * u);
    }

    /** |d| of each weight's block, from the block's largest |w| over its largest |code| (7 or 8 for Q4_0). */
    private static void check(float[] w, float[] d, int rows, int cols, float[] x, float[] y, int extraOps,
            int offset, String what) {
        double bound = gamma(cols + extraOps);
        for (int r = 0; r < rows; r++) {
            double ref = 0;
            double mag = 0;
            for (int c = 0; c < cols; c++) {
                double p = (double) w[r * cols + c] * x[c];
                ref += p;
                mag += (Math.abs(w[r * cols + c]) + offset * d[(r * cols + c) / 32]) * Math.abs(x[c]);
            }
            double err = Math.abs(y[r] - ref);
            assertTrue(err <= bound * mag, what + " row " + r + ": got " + y[r] + ", reference " + ref + ", error "
                    + err + " above " + bound + " x " + mag);
        }
    }

    /** |d| per block, read back through QuantizedBlock (the format's own decoding). */
    private static float[] scales(BlockFormat f, float[] values) {
        float[] d = new float[values.length / 32];
        float[] block = new float[32];
        for (int b = 0; b < d.length; b++) {
            System.arraycopy(values, 32 * b, block, 0, 32);
            d[b] = Math.abs(f.quantize(block).scale());
        }
        return d;
    }

    @Test
    void q8_0MatchesTheFormatsDequantization() {
        for (int[] s : SHAPES) {
            float[] v = gaussian(s[0] * s[1], 70 + s[1]);
            float[] x = gaussian(s[1], 80 + s[1]);
            float[] w = BlockFormat.Q8_0.roundTrip(v);
            float[] d = scales(BlockFormat.Q8_0, v);
            Q8_0Weights q = Q8_0Weights.quantize(v, s[0], s[1]);
            check(w, d, s[0], s[1], x, q.multiply(x), 2, 0, "Q8_0 " + s[0] + " x " + s[1]);
            check(w, d, s[0], s[1], x, SimdQ8_0Weights.of(q).multiply(x), 2, 0, "Q8_0 simd " + s[0] + " x " + s[1]);
        }
    }

    @Test
    void q4_0MatchesTheFormatsDequantization() {
        for (int[] s : SHAPES) {
            float[] v = gaussian(s[0] * s[1], 90 + s[1]);
            float[] x = gaussian(s[1], 100 + s[1]);
            float[] w = BlockFormat.Q4_0.roundTrip(v);
            float[] d = scales(BlockFormat.Q4_0, v);
            Q4_0Weights q = Q4_0Weights.quantize(v, s[0], s[1]);
            check(w, d, s[0], s[1], x, q.multiply(x), 2, 0, "Q4_0 " + s[0] + " x " + s[1]);
            check(w, d, s[0], s[1], x, SimdQ4_0Weights.of(q).multiply(x), 4, 16, "Q4_0 simd " + s[0] + " x " + s[1]);
        }
    }

    @Test
    void blocksWrittenByHand() {
        // Q8_0: d = 0.5 (fp16 0x3800, little-endian 00 38), codes 1..32; x all ones: 0.5 x 528 = 264.
        byte[] q8 = new byte[34];
        q8[1] = 0x38;
        for (int j = 0; j < 32; j++) {
            q8[2 + j] = (byte) (j + 1);
        }
        // Code -128 is not a Q8_0 code but a byte can hold it; the kernels must read it signed: a second row of
        // d = 1 (0x3C00) with all codes -128 and x all ones gives -4096.
        byte[] two = new byte[68];
        System.arraycopy(q8, 0, two, 0, 34);
        two[35] = 0x3C;
        for (int j = 0; j < 32; j++) {
            two[36 + j] = (byte) -128;
        }
        float[] ones = new float[32];
        java.util.Arrays.fill(ones, 1f);
        Q8_0Weights w8 = Q8_0Weights.of(two, 2, 32);
        assertArrayEquals(new float[] {264f, -4096f}, w8.multiply(ones));
        assertArrayEquals(new float[] {264f, -4096f}, SimdQ8_0Weights.of(w8).multiply(ones));
        // Q4_0: d = 0.5; byte j holds u_j = j low and u_{j+16} = 15 - j high: weights j - 8 and 7 - j.
        byte[] q4 = new byte[18];
        q4[1] = 0x38;
        for (int j = 0; j < 16; j++) {
            q4[2 + j] = (byte) (j | (15 - j) << 4);
        }
        Q4_0Weights w4 = Q4_0Weights.of(q4, 1, 32);
        // All ones: sum over j of (j - 8) + (7 - j) = -16, times 0.5 = -8. x = e_0: (0 - 8) x 0.5 = -4; x = e_16:
        // (15 - 8) x 0.5 = 3.5; x = e_31: u_31 = 15 - 15 = 0, -4.
        float[] e0 = new float[32];
        e0[0] = 1;
        float[] e16 = new float[32];
        e16[16] = 1;
        float[] e31 = new float[32];
        e31[31] = 1;
        for (GemvWeights k : new GemvWeights[] {w4, SimdQ4_0Weights.of(w4)}) {
            assertEquals(-8f, k.multiply(ones)[0], k.label());
            assertEquals(-4f, k.multiply(e0)[0], k.label());
            assertEquals(3.5f, k.multiply(e16)[0], k.label());
            assertEquals(-4f, k.multiply(e31)[0], k.label());
        }
    }

    @Test
    void bytesLabelsAndScales() {
        assertEquals(71_303_168L, Q8_0Weights.bytesFor(8192, 8192)); // 2097152 blocks x 34
        assertEquals(37_748_736L, Q4_0Weights.bytesFor(8192, 8192)); // 2097152 blocks x 18
        assertEquals("Q4_0 simd", SimdQ4_0Weights.of(Q4_0Weights.of(new byte[18], 1, 32)).label());
        // The kernels' fp16 reading agrees with the course's own fp16 decoder.
        for (int bits : new int[] {0x3800, 0x3C00, 0xBC00, 0x0001, 0x7BFF, 0x2E66}) {
            byte[] b = {(byte) bits, (byte) (bits >> 8)};
            assertEquals(FloatFormat.FP16.decode(bits), BlockLayouts.scale(b, 0), "fp16 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Q8_0Weights.quantize(new float[48], 1, 48));
        assertTrue(e.getMessage().contains("cols") && e.getMessage().contains("48"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Q4_0Weights.of(new byte[17], 1, 32));
        assertTrue(e.getMessage().contains("data length") && e.getMessage().contains("17"), e.getMessage());
        Q4_0Weights w = Q4_0Weights.of(new byte[18], 1, 32);
        e = assertThrows(IllegalArgumentException.class, () -> SimdQ4_0Weights.of(w).multiply(new float[31]));
        assertTrue(e.getMessage().contains("x length") && e.getMessage().contains("31"), e.getMessage());
    }
}
