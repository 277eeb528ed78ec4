package quantlab.awq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import quantlab.model.FloatTensor;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.Quantizer;

/** AWQ's arithmetic against hand calculations and a plain double-precision second computation. */
class AwqMathTest {

    private static final Quantizer INT4 = Quantizer.symmetric(4);

    private static FloatTensor row(float... w) {
        return new FloatTensor("w", new int[] {1, w.length}, w);
    }

    @Test
    void theSeedsToyByHand() {
        // Channel A: weight 0.20 meets activation 20 (contributes 4.0); channel B: 1.20 meets 0.5 (0.6).
        FloatTensor w = row(0.20f, 1.20f);
        // int4 symmetric, one scale: 1.2 / 7. A rounds to 1 step = 1.2/7, so it contributes 20 * 1.2 / 7 = 24/7.
        FloatTensor rtn = AwqMath.quantizeScaled(w, new float[] {1, 1}, INT4);
        assertEquals(24.0 / 7, 20 * rtn.data()[0], 1e-5);
        assertEquals(0.6, 0.5 * rtn.data()[1], 1e-6);
        // s_A = 6 makes A's weight 1.2, the group's maximum, so it is a code exactly: 4.0 comes back.
        FloatTensor scaled = AwqMath.quantizeScaled(w, new float[] {6, 1}, INT4);
        assertEquals(4.0, 20 * scaled.data()[0], 1e-5);
        assertEquals(0.6, 0.5 * scaled.data()[1], 1e-6);
        // s_A = 1.5: 0.3 / (1.2/7) = 1.75 rounds to 2, back 2 * 1.2/7 / 1.5, times 20 = 32/7.
        assertEquals(32.0 / 7, 20 * AwqMath.quantizeScaled(w, new float[] {1.5f, 1}, INT4).data()[0], 1e-5);
    }

    @Test
    void scalesFollowTheFormula() {
        // s = a^alpha, divided by sqrt(max * min): a = (4, 1), alpha = 0.5 gives (2, 1) / sqrt 2.
        assertArrayEquals(new float[] {(float) Math.sqrt(2), (float) (1 / Math.sqrt(2))},
                AwqMath.scales(new float[] {4, 1}, 0.5), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 1}, AwqMath.scales(new float[] {9, 2, 0.5f}, 0), 0f);
        // alpha = 1: proportional to a; (8, 2) / sqrt(16) = (2, 0.5).
        assertArrayEquals(new float[] {2, 0.5f}, AwqMath.scales(new float[] {8, 2}, 1), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> AwqMath.scales(new float[] {1}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> AwqMath.scales(new float[] {Float.NaN}, 0.5));
    }

    @Test
    void outputErrorMatchesAPlainDoubleComputation() {
        Random r = new Random(3);
        int tokens = 7, in = 12, out = 5;
        float[] x = new float[tokens * in];
        float[] w = new float[out * in];
        float[] v = new float[out * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
            v[i] = w[i] + (float) (0.1 * r.nextGaussian());
        }
        double expected = 0;
        for (int t = 0; t < tokens; t++) {
            for (int o = 0; o < out; o++) {
                double a = 0, b = 0;
                for (int i = 0; i < in; i++) {
                    a += (double) x[t * in + i] * w[o * in + i];
                    b += (double) x[t * in + i] * v[o * in + i];
                }
                expected += (a - b) * (a - b);
            }
        }
        double got = AwqMath.outputError(new FloatTensor("x", new int[] {tokens, in}, x),
                new FloatTensor("w", new int[] {out, in}, w), new FloatTensor("v", new int[] {out, in}, v));
        assertEquals(expected, got, 1e-4 * expected);
    }

    @Test
    void keepingChannelsRestoresExactlyThoseColumns() {
        Random r = new Random(5);
        float[] w = new float[4 * 8];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        FloatTensor weight = new FloatTensor("w", new int[] {4, 8}, w);
        Quantizer q = new Quantizer(3, QuantScheme.SYMMETRIC, Granularity.perGroup(4));
        float[] rtn = q.roundTrip(w, 4, 8);
        float[] kept = AwqMath.quantizeKeeping(weight, new int[] {2, 7}, q).data();
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 8; i++) {
                assertEquals(i == 2 || i == 7 ? w[o * 8 + i] : rtn[o * 8 + i], kept[o * 8 + i], 0f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> AwqMath.quantizeKeeping(weight, new int[] {8}, q));
    }

    @Test
    void statisticsAndBadInput() {
        FloatTensor x = new FloatTensor("x", new int[] {2, 3}, new float[] {1, -2, 0, -3, 4, 0});
        assertArrayEquals(new float[] {2, 3, 0}, AwqMath.meanAbsActivation(x), 0f);
        FloatTensor w = new FloatTensor("w", new int[] {2, 2}, new float[] {1, -4, 3, 0});
        assertArrayEquals(new float[] {2, 2}, AwqMath.meanAbsWeight(w), 0f);
        FloatTensor nan = new FloatTensor("x", new int[] {1, 2}, new float[] {1, Float.NaN});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AwqMath.meanAbsActivation(nan));
        assertTrue(e.getMessage().contains("inputs must be finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AwqMath.scaleInputs(w, new float[] {1, 0}));
        assertTrue(e.getMessage().contains("s must be positive"), e.getMessage());
    }

    @Test
    void salientChannelsByScoreAndAtRandom() {
        assertArrayEquals(new int[] {1, 3}, SalientChannels.top(new float[] {0.1f, 5, 3, 5}, 2));
        assertEquals(4, SalientChannels.count(384, 0.01));
        assertEquals(15, SalientChannels.count(1536, 0.01));
        int[] a = SalientChannels.random(100, 10, 7);
        assertArrayEquals(a, SalientChannels.random(100, 10, 7));
        assertEquals(10, java.util.Arrays.stream(a).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> SalientChannels.top(new float[] {1, Float.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> SalientChannels.count(10, 0));
    }
}
