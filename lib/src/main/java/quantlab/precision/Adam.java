package quantlab.precision;

/**
 * The Adam optimizer with its two moment estimates held in fp32, as mixed-precision training keeps them: only the
 * forward and backward passes run in the simulated format, never the update.
 */
public final class Adam {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final double learningRate;
    private final float[][] firstMoment;
    private final float[][] secondMoment;
    private final int layers;
    private int updates;

    /** An optimizer sized for {@code model}, which it will update in place. */
    public Adam(Mlp model, double learningRate) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.layers = model.layers();
        firstMoment = new float[2 * layers][];
        secondMoment = new float[2 * layers][];
        for (int layer = 0; layer < layers; layer++) {
            firstMoment[2 * layer] = new float[model.weights[layer].length];
            secondMoment[2 * layer] = new float[model.weights[layer].length];
            firstMoment[2 * layer + 1] = new float[model.biases[layer].length];
            secondMoment[2 * layer + 1] = new float[model.biases[layer].length];
        }
    }

    /**
     * One update of {@code model} from {@code gradients}, each gradient first multiplied in fp32 by
     * {@code gradientMultiplier} (for example 1/S to undo a loss scale S).
     */
    public void update(Mlp model, Gradients gradients, double gradientMultiplier) {
        if (model.layers() != layers || gradients.layers() != layers) {
            throw new IllegalArgumentException("model and gradients must have " + layers + " layers, got "
                    + model.layers() + " and " + gradients.layers());
        }
        if (!(gradientMultiplier > 0) || Double.isInfinite(gradientMultiplier)) {
            throw new IllegalArgumentException("gradientMultiplier must be positive and finite, got "
                    + gradientMultiplier);
        }
        updates++;
        double correction1 = 1 - Math.pow(BETA1, updates);
        double correction2 = 1 - Math.pow(BETA2, updates);
        for (int layer = 0; layer < layers; layer++) {
            apply(model.weights[layer], gradients.weights[layer], 2 * layer, gradientMultiplier, correction1,
                    correction2);
            apply(model.biases[layer], gradients.biases[layer], 2 * layer + 1, gradientMultiplier, correction1,
                    correction2);
        }
    }

    /** Updates applied so far. */
    public int updates() {
        return updates;
    }

    private void apply(float[] parameters, float[] gradients, int slot, double multiplier, double correction1,
                       double correction2) {
        if (parameters.length != gradients.length) {
            throw new IllegalArgumentException("gradients must match the parameters, got " + gradients.length
                    + " for " + parameters.length);
        }
        float[] m = firstMoment[slot];
        float[] v = secondMoment[slot];
        for (int i = 0; i < parameters.length; i++) {
            float g = (float) (gradients[i] * multiplier);
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
            double step = learningRate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
            parameters[i] = (float) (parameters[i] - step);
        }
    }
}
