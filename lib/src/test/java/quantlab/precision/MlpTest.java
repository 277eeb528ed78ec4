package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import quantlab.formats.FloatFormat;

/** One forward and backward pass, checked by hand and against finite differences computed independently here. */
class MlpTest {

    @Test
    void softmaxLayerByHand() {
        // No hidden layer: logits = W x + b with x = 1, W = (0.5, -0.5), b = 0, true class 0.
        Mlp model = Mlp.of(new int[] {1, 2}, new float[][] {{0.5f, -0.5f}}, new float[][] {{0f, 0f}});
        Mlp.Step step = model.step(new float[] {1f}, new int[] {0}, 1.0, new RoundingMeter(FloatFormat.FP32));
        double p0 = Math.exp(0.5) / (Math.exp(0.5) + Math.exp(-0.5));   // 0.7310585786
        assertEquals(-Math.log(p0), step.loss(), 1e-7);                   // 0.3132616875
        // dL/dlogit = p - onehot = (p0 - 1, 1 - p0) = (-0.2689414, 0.2689414); x = 1, so dW and db are the same.
        float expected = (float) (1 - p0);
        assertArrayEquals(new float[] {-expected, expected}, step.gradients().weights(0), 1e-7f);
        assertArrayEquals(new float[] {-expected, expected}, step.gradients().biases(0), 1e-7f);
    }

    @Test
    void gradientsMatchFiniteDifferencesInDouble() {
        int[] sizes = {2, 3, 3, 2};
        float[][] weights = {
            {0.3f, -0.7f, 0.5f, 0.2f, -0.4f, 0.9f},
            {0.6f, -0.2f, 0.1f, -0.5f, 0.8f, 0.3f, 0.2f, 0.4f, -0.9f},
            {0.7f, -0.3f, 0.5f, -0.6f, 0.4f, 0.2f},
        };
        float[][] biases = {{0.1f, -0.2f, 0.05f}, {0f, 0.3f, -0.1f}, {0.2f, -0.2f}};
        float[] x = {0.5f, -1.0f, -0.3f, 0.8f, 1.2f, 0.4f};
        int[] y = {1, 0, 1};
        Mlp model = Mlp.of(sizes, weights, biases);
        Mlp.Step step = model.step(x, y, 1.0 / y.length, new RoundingMeter(FloatFormat.FP32));
        assertEquals(meanLoss(sizes, weights, biases, x, y), step.loss(), 1e-6);

        double h = 1e-4;
        for (int layer = 0; layer < weights.length; layer++) {
            float[] dw = step.gradients().weights(layer);
            for (int i = 0; i < weights[layer].length; i++) {
                double numeric = centralDifference(sizes, weights, biases, x, y, layer, i, false, h);
                assertEquals(numeric, dw[i], 2e-5, "dL/dW" + layer + "[" + i + "]");
            }
            float[] db = step.gradients().biases(layer);
            for (int j = 0; j < biases[layer].length; j++) {
                double numeric = centralDifference(sizes, weights, biases, x, y, layer, j, true, h);
                assertEquals(numeric, db[j], 2e-5, "dL/db" + layer + "[" + j + "]");
            }
        }
    }

    @Test
    void theSameStepLosesItsGradientsInFp16ButNotInBf16() {
        Mlp model = Mlp.initialised(2, 4, 1, 2, 7);
        float[] x = {0.5f, -0.25f, 0.75f, 0.1f};
        int[] y = {0, 1};
        double tiny = 0x1p-40;   // every loss gradient is below 2^-40 < 2^-25
        RoundingMeter fp16 = new RoundingMeter(FloatFormat.FP16);
        Mlp.Step lost = model.step(x, y, tiny, fp16);
        for (int layer = 0; layer < model.layers(); layer++) {
            for (float g : lost.gradients().weights(layer)) {
                assertEquals(0f, g);
            }
        }
        assertEquals(1.0, fp16.backwardCounts().underflowFraction(), "every nonzero exact gradient underflowed");

        RoundingMeter bf16 = new RoundingMeter(FloatFormat.BF16);
        Mlp.Step kept = model.step(x, y, tiny, bf16);
        assertEquals(0, bf16.backwardCounts().underflows());
        assertTrue(kept.gradients().allFinite());
        boolean anyNonzero = false;
        for (float g : kept.gradients().weights(0)) {
            anyNonzero |= g != 0;
        }
        assertTrue(anyNonzero, "bf16 keeps gradients of 2^-40 and smaller");
    }

    @Test
    void evaluationCountsTheLargestLogit() {
        Mlp model = Mlp.of(new int[] {1, 2}, new float[][] {{1f, -1f}}, new float[][] {{0f, 0f}});
        Mlp.Evaluation evaluation = model.evaluate(new float[] {2f, -3f, 1f}, new int[] {0, 1, 1});
        assertEquals(2.0 / 3, evaluation.accuracy(), 1e-12);
        double loss = (Math.log(1 + Math.exp(-4)) + Math.log(1 + Math.exp(-6)) + Math.log(1 + Math.exp(2))) / 3;
        assertEquals(loss, evaluation.loss(), 1e-7);
    }

    // An independent forward pass in double: tanh hidden layers, softmax cross-entropy, mean over rows.
    private static double meanLoss(int[] sizes, double[][] w, double[][] b, float[] x, int[] y) {
        double total = 0;
        for (int n = 0; n < y.length; n++) {
            double[] a = new double[sizes[0]];
            for (int i = 0; i < a.length; i++) {
                a[i] = x[n * sizes[0] + i];
            }
            for (int layer = 0; layer < w.length; layer++) {
                double[] z = new double[sizes[layer + 1]];
                for (int j = 0; j < z.length; j++) {
                    z[j] = b[layer][j];
                    for (int i = 0; i < a.length; i++) {
                        z[j] += w[layer][j * a.length + i] * a[i];
                    }
                    if (layer < w.length - 1) {
                        z[j] = Math.tanh(z[j]);
                    }
                }
                a = z;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : a) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : a) {
                sum += Math.exp(v - max);
            }
            total += Math.log(sum) + max - a[y[n]];
        }
        return total / y.length;
    }

    private static double meanLoss(int[] sizes, float[][] w, float[][] b, float[] x, int[] y) {
        return meanLoss(sizes, toDouble(w), toDouble(b), x, y);
    }

    /** (L(p + h) - L(p - h)) / 2h for one weight or bias, everything in double. */
    private static double centralDifference(int[] sizes, float[][] w, float[][] b, float[] x, int[] y, int layer,
                                            int index, boolean bias, double h) {
        double[][] plusW = toDouble(w);
        double[][] minusW = toDouble(w);
        double[][] plusB = toDouble(b);
        double[][] minusB = toDouble(b);
        (bias ? plusB : plusW)[layer][index] += h;
        (bias ? minusB : minusW)[layer][index] -= h;
        return (meanLoss(sizes, plusW, plusB, x, y) - meanLoss(sizes, minusW, minusB, x, y)) / (2 * h);
    }

    private static double[][] toDouble(float[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = new double[values[i].length];
            for (int j = 0; j < values[i].length; j++) {
                copy[i][j] = values[i][j];
            }
        }
        return copy;
    }
}
