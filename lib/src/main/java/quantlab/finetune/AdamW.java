package quantlab.finetune;

import java.util.List;

import quantlab.lora.Parameter;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code w -= lr (m_hat / (sqrt(v_hat) + eps) + decay w)}. Both moments are fp32,
 * 8 bytes per trained value: {@link #stateBytes()} is the optimizer-state figure in chapter 11's table.
 */
public final class AdamW {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final double[] learningRates;
    private final double weightDecay;
    private final float[][] m;
    private final float[][] v;
    private int steps;

    public AdamW(List<Parameter> parameters, double learningRate, double weightDecay) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters must hold at least one parameter, got "
                    + (parameters == null ? "null" : "none"));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be non-negative and finite, got " + weightDecay);
        }
        this.parameters = List.copyOf(parameters);
        this.learningRates = new double[this.parameters.size()];
        java.util.Arrays.fill(learningRates, learningRate);
        this.weightDecay = weightDecay;
        m = new float[this.parameters.size()][];
        v = new float[this.parameters.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.parameters.get(i).size()];
            v[i] = new float[this.parameters.get(i).size()];
        }
    }

    /** Gives {@code parameter} its own learning rate (a parameter group, e.g. a freshly initialised head). */
    public void setLearningRate(Parameter parameter, double learningRate) {
        int i = parameters.indexOf(parameter);
        if (i < 0) {
            throw new IllegalArgumentException("parameter must be one this optimizer updates, got " + parameter);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        learningRates[i] = learningRate;
    }

    /** One update from the accumulated gradients, at {@code learningRate} times {@code factor} (a schedule). */
    public void step(double factor) {
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        for (int p = 0; p < parameters.size(); p++) {
            double lr = learningRates[p] * factor;
            float[] w = parameters.get(p).value();
            float[] g = parameters.get(p).grad();
            float[] mp = m[p];
            float[] vp = v[p];
            boolean decay = parameters.get(p).rows() > 1; // matrices decay; biases and LayerNorms do not
            for (int i = 0; i < w.length; i++) {
                mp[i] = (float) (BETA1 * mp[i] + (1 - BETA1) * g[i]);
                vp[i] = (float) (BETA2 * vp[i] + (1 - BETA2) * g[i] * g[i]);
                double update = (mp[i] / c1) / (Math.sqrt(vp[i] / c2) + EPSILON);
                if (decay) {
                    update += weightDecay * w[i];
                }
                w[i] -= (float) (lr * update);
            }
        }
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** Bytes of optimizer state: two fp32 moments per trained value. */
    public long stateBytes() {
        long n = 0;
        for (float[] mp : m) {
            n += mp.length;
        }
        return 8 * n;
    }

    /** Updates done so far. */
    public int steps() {
        return steps;
    }
}
