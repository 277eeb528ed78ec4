package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Adam's first two updates on one weight, worked out by hand. */
class AdamTest {

    @Test
    void firstUpdateMovesEachWeightByTheLearningRateAgainstItsGradient() {
        Mlp model = Mlp.of(new int[] {1, 2}, new float[][] {{1f, -2f}}, new float[][] {{0f, 0f}});
        Gradients gradients = new Gradients(new float[][] {{4f, -0.001f}}, new float[][] {{0f, 0f}});
        Adam adam = new Adam(model, 0.1);
        // multiplier 0.125: g = (0.5, -0.000125). m = 0.1 g, v = 0.001 g^2; bias-corrected m/sqrt(v) = sign(g).
        adam.update(model, gradients, 0.125);
        assertEquals(1 - 0.1, model.weights(0)[0], 1e-6);
        assertEquals(-2 + 0.1, model.weights(0)[1], 1e-5);
        assertEquals(0f, model.biases(0)[0], "a zero gradient leaves its weight alone");
        assertEquals(1, adam.updates());
    }

    @Test
    void secondUpdateByHand() {
        Mlp model = Mlp.of(new int[] {1, 2}, new float[][] {{0f, 0f}}, new float[][] {{0f, 0f}});
        Adam adam = new Adam(model, 0.01);
        adam.update(model, new Gradients(new float[][] {{1f, 0f}}, new float[][] {{0f, 0f}}), 1);
        adam.update(model, new Gradients(new float[][] {{-1f, 0f}}, new float[][] {{0f, 0f}}), 1);
        // Step 1: m = 0.1, v = 0.001 -> move -0.01. Step 2: m = 0.09 - 0.1 = -0.01, v = 0.000999 + 0.001 = 0.001999;
        // m_hat = -0.01 / 0.19, v_hat = 0.001999 / 0.001999 = 1 -> move +0.01 x 0.0526316 = +0.000526316.
        double mHat = -0.01 / (1 - 0.9 * 0.9);
        double vHat = 0.001999 / (1 - 0.999 * 0.999);
        double expected = -0.01 - 0.01 * mHat / (Math.sqrt(vHat) + Adam.EPSILON);
        assertEquals(expected, model.weights(0)[0], 1e-7);
        assertEquals(-0.01 + 0.01 / 19, model.weights(0)[0], 1e-7);
    }
}
