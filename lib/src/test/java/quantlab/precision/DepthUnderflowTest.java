package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The direction of chapter 3's depth measurement, and the per-layer gradients against a hand example. */
class DepthUnderflowTest {

    @Test
    void gradientsShrinkOnTheWayDownAnUntrainedDeepNetwork() {
        DepthUnderflow d = DepthUnderflow.measure(SpiralDataSet.chapterThree(), 16, 24, 0, 0.01, 1, 0x1p8);
        assertEquals(25, d.layers().size(), "24 hidden layers plus the logits");
        int atLoss = d.layers().get(0).medianExponent();
        int farthest = d.layers().get(24).medianExponent();
        assertTrue(farthest <= atLoss - 3, "median exponent " + farthest + " should sit well below " + atLoss);
        assertTrue(d.fp16ZeroFarthest() > d.fp16ZeroAtTheLoss(), d.toString());
        assertTrue(d.layers().get(24).fp16ZeroScaled() <= d.fp16ZeroFarthest(), "a loss scale only lifts values");
    }

    @Test
    void activationGradientsMatchAHandExample() {
        // 1 input, 1 tanh unit with weight 0 (so h = 0, tanh' = 1), 2 logits with weights {1, -1}, zero biases.
        // Logits are {0, 0}: softmax {1/2, 1/2}; label 0, so the logit gradient is w x {-1/2, 1/2} with w = 1/4.
        // One layer down: (-1/8) x 1 + (1/8) x (-1) = -1/4, times tanh'(0) = 1.
        Mlp m = Mlp.of(new int[] {1, 1, 2}, new float[][] {{0f}, {1f, -1f}}, new float[][] {{0f}, {0f, 0f}});
        float[][] g = m.activationGradients(new float[] {1f}, new int[] {0}, 0.25);
        assertEquals(-0.125f, g[1][0]);
        assertEquals(0.125f, g[1][1]);
        assertEquals(-0.25f, g[0][0]);
        assertThrows(IllegalArgumentException.class,
                () -> DepthUnderflow.measure(SpiralDataSet.chapterThree(), 16, 2, 0, 0.01, 1, 0.5));
    }
}
