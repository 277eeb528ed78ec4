package quantlab.precision;

/**
 * The gradients of one backward pass, one weight matrix and one bias vector per layer, exactly as the simulated
 * format holds them (still multiplied by the loss scale, if one was used).
 */
public final class Gradients {

    final float[][] weights;
    final float[][] biases;

    Gradients(float[][] weights, float[][] biases) {
        this.weights = weights;
        this.biases = biases;
    }

    public int layers() {
        return weights.length;
    }

    /** Layer {@code layer}'s weight gradient, row-major (outputs x inputs), as a copy. */
    public float[] weights(int layer) {
        return weights[checked(layer)].clone();
    }

    /** Layer {@code layer}'s bias gradient, as a copy. */
    public float[] biases(int layer) {
        return biases[checked(layer)].clone();
    }

    /** False when any value is infinite or NaN: such a step must not reach the weights. */
    public boolean allFinite() {
        for (int layer = 0; layer < weights.length; layer++) {
            for (float g : weights[layer]) {
                if (!Float.isFinite(g)) {
                    return false;
                }
            }
            for (float g : biases[layer]) {
                if (!Float.isFinite(g)) {
                    return false;
                }
            }
        }
        return true;
    }

    private int checked(int layer) {
        if (layer < 0 || layer >= weights.length) {
            throw new IllegalArgumentException("layer must be in 0.." + (weights.length - 1) + ", got " + layer);
        }
        return layer;
    }
}
