package quantlab.gptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;
import quantlab.quantization.SliceScale;
import quantlab.quantization.WeightMatrix;

/**
 * GPTQ against an independent computation: the same greedy method written the way the OBQ paper states it, in
 * double precision, with an explicit inverse by Gauss-Jordan elimination, one column at a time and no lazy batches
 * and no Cholesky factor: after rounding column c, every later column j moves by -e H⁻¹[c][j] / H⁻¹[c][c], then c
 * is eliminated from H⁻¹ (H⁻¹ -= H⁻¹[:, c] H⁻¹[c, :] / H⁻¹[c][c]).
 */
class GptqTest {

    /**
     * Correlated inputs: tokens x width, each token a random mix of the same few directions (fixed by the width)
     * plus noise, so that two calls draw calibration and held-out tokens from one distribution.
     */
    static float[] inputs(Random rnd, int tokens, int width) {
        int k = 6;
        Random fixed = new Random(width);
        double[][] dirs = new double[k][width];
        for (double[] d : dirs) {
            for (int i = 0; i < width; i++) {
                d[i] = fixed.nextGaussian();
            }
        }
        float[] x = new float[tokens * width];
        for (int t = 0; t < tokens; t++) {
            double[] c = new double[k];
            for (int j = 0; j < k; j++) {
                c[j] = rnd.nextGaussian();
            }
            for (int i = 0; i < width; i++) {
                double v = 0.3 * rnd.nextGaussian() * (1 + (i % 7));
                for (int j = 0; j < k; j++) {
                    v += c[j] * dirs[j][i];
                }
                x[t * width + i] = (float) v;
            }
        }
        return x;
    }

    static WeightMatrix weights(Random rnd, int out, int in) {
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * rnd.nextGaussian());
        }
        w[3] = 0.9f; // an outlier, so group scales differ
        return new WeightMatrix(out, in, w);
    }

    /** The reference: OBQ-style greedy rounding in double, explicit inverse, no batches. */
    static int[] reference(WeightMatrix weight, Hessian hessian, Quantizer q, double lambda, boolean actOrder) {
        int out = weight.out();
        int n = weight.in();
        double[] h = hessian.matrix();
        double[][] w = new double[out][n];
        for (int r = 0; r < out; r++) {
            for (int i = 0; i < n; i++) {
                w[r][i] = weight.get(r, i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (h[i * n + i] == 0) {
                h[i * n + i] = 1;
                for (int r = 0; r < out; r++) {
                    w[r][i] = 0;
                }
            }
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += h[i * n + i] / n;
        }
        for (int i = 0; i < n; i++) {
            h[i * n + i] += lambda * mean;
        }
        int[] order = Gptq.order(h, n, actOrder);
        double[][] inv = gaussJordanInverse(h, n);
        Granularity g = q.granularity();
        int group = g.groupSize();
        SliceScale[] scales = new SliceScale[g.scaleCount(out, n)];
        if (actOrder) {
            float[] flat = new float[out * n];
            for (int r = 0; r < out; r++) {
                for (int i = 0; i < n; i++) {
                    flat[r * n + i] = (float) w[r][i];
                }
            }
            scales = q.findScales(flat, out, n);
        }
        boolean[] done = new boolean[n];
        int[] codes = new int[out * n];
        for (int c : order) {
            for (int r = 0; r < out; r++) {
                if (!actOrder && c % group == 0) {
                    double lo = 0;
                    double hi = 0;
                    for (int j = c; j < c + group; j++) {
                        lo = Math.min(lo, (float) w[r][j]);
                        hi = Math.max(hi, (float) w[r][j]);
                    }
                    scales[g.scaleIndex(r, c, n)] = q.fit(lo, hi);
                }
                SliceScale s = scales[g.scaleIndex(r, c, n)];
                int code = q.code((float) w[r][c], s);
                codes[r * n + c] = code;
                double e = (w[r][c] - q.value(code, s)) / inv[c][c];
                for (int j = 0; j < n; j++) {
                    if (!done[j] && j != c) {
                        w[r][j] -= e * inv[c][j];
                    }
                }
            }
            done[c] = true;
            double pivot = inv[c][c];
            double[] rowC = inv[c].clone();
            for (int i = 0; i < n; i++) {
                double f = inv[i][c] / pivot;
                for (int j = 0; j < n; j++) {
                    inv[i][j] -= f * rowC[j];
                }
            }
        }
        return codes;
    }

    static double[][] gaussJordanInverse(double[] h, int n) {
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = h[i * n + j];
            }
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[p][c])) {
                    p = i;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            double d = a[c][c];
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] /= d;
            }
            for (int i = 0; i < n; i++) {
                if (i != c) {
                    double f = a[i][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[i][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    @Test
    void matchesThePlainDoublePrecisionAlgorithm() {
        Random rnd = new Random(6);
        int out = 12;
        int in = 64;
        Hessian h = Hessian.of(inputs(rnd, 200, in), 200, in);
        WeightMatrix w = weights(rnd, out, in);
        for (QuantScheme scheme : QuantScheme.values()) {
            for (int bits : new int[] {3, 4}) {
                for (boolean actOrder : new boolean[] {false, true}) {
                    for (int block : new int[] {8, 24, 128}) { // smaller than, not aligned with, larger than a group
                        Quantizer q = new Quantizer(bits, scheme, Granularity.perGroup(16));
                        int[] expected = reference(w, h, q, 0.01, actOrder);
                        int[] actual = Gptq.quantize(w, h, new Gptq.Options(q, 0.01, block, actOrder)).codes()
                                .codes();
                        int same = 0;
                        for (int i = 0; i < expected.length; i++) {
                            same += expected[i] == actual[i] ? 1 : 0;
                        }
                        String what = bits + "-bit " + scheme + ", act-order " + actOrder + ", block " + block;
                        // float32 against double may flip a code sitting on a rounding boundary, nothing more
                        assertTrue(same >= expected.length - 2, what + ": " + same + " of " + expected.length);
                    }
                }
            }
        }
    }

    @Test
    void inverseHessianFactorTimesHIsTheIdentity() {
        Random rnd = new Random(2);
        int n = 40;
        Hessian h = Hessian.of(inputs(rnd, 120, n), 120, n);
        double[] u = InverseHessian.upperFactor(h.matrix(), n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j < i) {
                    assertEquals(0.0, u[i * n + j], "U is upper triangular");
                }
                double s = 0; // (H Uᵀ U)[i][j]
                for (int k = 0; k < n; k++) {
                    double utu = 0;
                    for (int m = 0; m < n; m++) {
                        utu += u[m * n + k] * u[m * n + j];
                    }
                    s += h.get(i, k) * utu;
                }
                worst = Math.max(worst, Math.abs(s - (i == j ? 1 : 0)));
            }
        }
        assertTrue(worst < 1e-8, "max |H Uᵀ U - I| = " + worst);
    }

    @Test
    void beatsRoundToNearestOnHeldOutInputs() {
        Random rnd = new Random(9);
        int out = 32;
        int in = 128;
        Hessian calibration = Hessian.of(inputs(rnd, 512, in), 512, in);
        Hessian heldOut = Hessian.of(inputs(new Random(10), 512, in), 512, in);
        WeightMatrix w = weights(rnd, out, in);
        for (Quantizer q : new Quantizer[] {Quantizer.symmetric(4).with(Granularity.perGroup(32)),
                Quantizer.asymmetric(4).with(Granularity.perGroup(32)), Quantizer.symmetric(3).with(
                Granularity.perGroup(32)), Quantizer.symmetric(4).with(Granularity.perRow()),
                Quantizer.symmetric(2).with(Granularity.perGroup(32)), Quantizer.asymmetric(8).with(Granularity.perRow())}) {
            double rtn = LayerObjective.error(w, w.dequantized(q.quantize(w)), heldOut);
            for (boolean actOrder : new boolean[] {false, true}) {
                double gptq = LayerObjective.error(w, Gptq.quantize(w, calibration, Gptq.Options.of(q)
                        .withActOrder(actOrder)).dequantized(), heldOut);
                assertTrue(gptq < rtn, q + " act-order " + actOrder + ": GPTQ " + gptq + " vs RTN " + rtn);
            }
        }
    }

    @Test
    void objectiveIsTheSquaredOutputError() {
        // ||W X - Ŵ X||² computed directly from the inputs, against the Hessian form.
        Random rnd = new Random(4);
        int in = 8;
        int tokens = 20;
        float[] x = inputs(rnd, tokens, in);
        WeightMatrix w = weights(rnd, 3, in);
        WeightMatrix q = w.dequantized(Quantizer.symmetric(3).with(Granularity.perRow()).quantize(w));
        double direct = 0;
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < 3; r++) {
                double d = 0;
                for (int i = 0; i < in; i++) {
                    d += ((double) w.get(r, i) - q.get(r, i)) * x[t * in + i];
                }
                direct += d * d;
            }
        }
        assertEquals(direct, LayerObjective.error(w, q, Hessian.of(x, tokens, in)), 1e-4 * direct);
        assertEquals(direct, LayerObjective.error(w, q, x, tokens), 1e-4 * direct);
    }

    @Test
    void deadInputsGetZeroWeights() {
        Random rnd = new Random(5);
        int in = 16;
        float[] x = inputs(rnd, 40, in);
        for (int t = 0; t < 40; t++) {
            x[t * in + 5] = 0;
        }
        WeightMatrix w = weights(rnd, 4, in);
        Gptq.Result r = Gptq.quantize(w, Hessian.of(x, 40, in), Gptq.Options.of(Quantizer.symmetric(4)
                .with(Granularity.perGroup(8))));
        assertEquals(1, r.deadInputs());
        for (int o = 0; o < 4; o++) {
            assertEquals(0, r.codes().code(o, 5));
        }
    }

    @Test
    void badInputIsNamed() {
        Random rnd = new Random(1);
        int in = 16;
        WeightMatrix w = weights(rnd, 4, in);
        Gptq.Options g8 = Gptq.Options.of(Quantizer.symmetric(4).with(Granularity.perGroup(8)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gptq.quantize(w, Hessian.of(inputs(rnd, 10, in), 10, in), g8));
        assertTrue(e.getMessage().contains("tokens") && e.getMessage().contains("10")
                && e.getMessage().contains("16"), e.getMessage());
        Gptq.quantize(w, Hessian.of(inputs(rnd, 10, in), 10, in), g8.withFewTokensAllowed(true)); // said outright
        float[] x = inputs(rnd, 20, in);
        x[37] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Hessian.of(x, 20, in));
        assertTrue(e.getMessage().contains("activations") && e.getMessage().contains("NaN")
                && e.getMessage().contains("token 2"), e.getMessage());
        // Rank 1: every token is a multiple of the same vector, so H is singular.
        float[] rank1 = new float[20 * in];
        for (int t = 0; t < 20; t++) {
            for (int i = 0; i < in; i++) {
                rank1[t * in + i] = (t + 1) * (i + 1) * 0.1f;
            }
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> Gptq.quantize(w, Hessian.of(rank1, 20, in), g8.withDampening(0)));
        assertTrue(e.getMessage().contains("positive definite") && e.getMessage().contains("dampening"),
                e.getMessage());
        Gptq.quantize(w, Hessian.of(rank1, 20, in), g8); // dampened, the same H is fine
        e = assertThrows(IllegalArgumentException.class, () -> Gptq.quantize(w, Hessian.of(inputs(rnd, 20, in), 20,
                in), Gptq.Options.of(Quantizer.symmetric(4).with(Granularity.perGroup(6)))));
        assertTrue(e.getMessage().contains("groupSize") && e.getMessage().contains("6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g8.withDampening(-0.1));
        assertTrue(e.getMessage().contains("dampening") && e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gptq.quantize(w, Hessian.empty(8), g8));
        assertTrue(e.getMessage().contains("hessian") && e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void resultKeepsTheFormat() {
        Random rnd = new Random(3);
        WeightMatrix w = weights(rnd, 4, 32);
        Quantizer q = Quantizer.asymmetric(3).with(Granularity.perGroup(16));
        QuantizedTensor t = Gptq.quantize(w, Hessian.of(inputs(rnd, 64, 32), 64, 32), Gptq.Options.of(q)).codes();
        assertEquals(3, t.bits());
        assertEquals(QuantScheme.ASYMMETRIC, t.scheme());
        assertEquals(Granularity.perGroup(16), t.granularity());
        assertEquals(8, t.scales().length);
    }
}
