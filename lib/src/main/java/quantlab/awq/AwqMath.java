package quantlab.awq;

import quantlab.model.FloatTensor;
import quantlab.quantization.Quantizer;

/**
 * The arithmetic of activation-aware weight quantization (Lin et al., 2023, arXiv:2306.00978) on one weight matrix
 * in the course's [out, in] layout: per-input-channel statistics, the scale {@code s = s_x^alpha}, quantizing
 * {@code W diag(s)} and undoing the scale, and the output error on calibration inputs that the search minimises.
 *
 * <p>Why scaling helps: a weight multiplied by s &gt; 1 before rounding and divided by s after keeps its rounding
 * error, as long as the group's scale does not grow, but that error is divided by s; channels that meet large
 * activations are the ones whose error matters, so they get the large s.
 */
public final class AwqMath {

    private AwqMath() {
    }

    /** Mean |x| of each input channel over the tokens: {@code inputs} is [tokens, in]. */
    public static float[] meanAbsActivation(FloatTensor inputs) {
        checkMatrix("inputs", inputs);
        int tokens = inputs.rows();
        int in = inputs.cols();
        double[] sum = new double[in];
        float[] x = inputs.data();
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < in; i++) {
                float v = x[t * in + i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("inputs must be finite, got " + v + " at token " + t
                            + ", channel " + i);
                }
                sum[i] += Math.abs(v);
            }
        }
        float[] mean = new float[in];
        for (int i = 0; i < in; i++) {
            mean[i] = (float) (sum[i] / tokens);
        }
        return mean;
    }

    /** Mean |w| of each input channel (column) of a weight in [out, in] layout: the weight-magnitude salience. */
    public static float[] meanAbsWeight(FloatTensor weight) {
        checkMatrix("weight", weight);
        int out = weight.rows();
        int in = weight.cols();
        double[] sum = new double[in];
        float[] w = weight.data();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                sum[i] += Math.abs(w[o * in + i]);
            }
        }
        float[] mean = new float[in];
        for (int i = 0; i < in; i++) {
            mean[i] = (float) (sum[i] / out);
        }
        return mean;
    }

    /**
     * AWQ's per-channel scale for one alpha: {@code s_i = max(activationMean_i, 1e-4)^alpha}, then divided by
     * {@code sqrt(max s * min s)} so the scales sit around 1 (as the authors' code does). alpha = 0 gives all ones
     * (plain round-to-nearest); alpha = 1 makes s proportional to the activation magnitude.
     */
    public static float[] scales(float[] activationMean, double alpha) {
        if (activationMean == null || activationMean.length == 0) {
            throw new IllegalArgumentException("activationMean must hold one value per channel, got "
                    + (activationMean == null ? "null" : "none"));
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        double[] s = new double[activationMean.length];
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            float a = activationMean[i];
            if (!(a >= 0) || Float.isInfinite(a)) {
                throw new IllegalArgumentException("activationMean must be finite and not negative, got " + a
                        + " at channel " + i);
            }
            s[i] = Math.pow(Math.max(a, 1e-4), alpha);
            max = Math.max(max, s[i]);
            min = Math.min(min, s[i]);
        }
        double norm = Math.sqrt(max * min);
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (float) (s[i] / norm);
        }
        return out;
    }

    /** {@code W diag(s)}: input channel i of a [out, in] weight multiplied by s_i. */
    public static FloatTensor scaleInputs(FloatTensor weight, float[] s) {
        checkMatrix("weight", weight);
        checkScales(s, weight.cols());
        int out = weight.rows();
        int in = weight.cols();
        float[] w = weight.data().clone();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] *= s[i];
            }
        }
        return weight.withData(w);
    }

    /**
     * What the model computes with after AWQ: {@code Q(W diag(s)) diag(1/s)}, the scaled weight rounded by the
     * quantizer (round to nearest, with its own group scales) and the channel scale taken off again. With all
     * s = 1 this is plain round-to-nearest.
     */
    public static FloatTensor quantizeScaled(FloatTensor weight, float[] s, Quantizer quantizer) {
        if (quantizer == null) {
            throw new IllegalArgumentException("quantizer must not be null, got null");
        }
        FloatTensor scaled = scaleInputs(weight, s);
        float[] q = quantizer.roundTrip(scaled.data(), weight.rows(), weight.cols());
        int in = weight.cols();
        for (int k = 0; k < q.length; k++) {
            q[k] /= s[k % in];
        }
        return weight.withData(q);
    }

    /**
     * Round-to-nearest of a [out, in] weight with some input channels kept exactly (the paper's mixed-precision
     * experiment): the matrix is quantized as usual, then the kept columns get their original values back.
     */
    public static FloatTensor quantizeKeeping(FloatTensor weight, int[] keptChannels, Quantizer quantizer) {
        checkMatrix("weight", weight);
        if (quantizer == null || keptChannels == null) {
            throw new IllegalArgumentException("keptChannels and quantizer must not be null, got " + keptChannels
                    + " and " + quantizer);
        }
        int out = weight.rows();
        int in = weight.cols();
        float[] q = quantizer.roundTrip(weight.data(), out, in);
        for (int c : keptChannels) {
            if (c < 0 || c >= in) {
                throw new IllegalArgumentException("keptChannels must be in [0, " + in + "), got " + c);
            }
            for (int o = 0; o < out; o++) {
                q[o * in + c] = weight.data()[o * in + c];
            }
        }
        return weight.withData(q);
    }

    /**
     * The squared output error {@code ||X W^T - X V^T||^2} (summed over tokens and outputs) of using weight V
     * instead of W on the inputs X ([tokens, in]); both weights [out, in]. Accumulated in double.
     */
    public static double outputError(FloatTensor inputs, FloatTensor weight, FloatTensor replacement) {
        checkMatrix("inputs", inputs);
        checkMatrix("weight", weight);
        checkMatrix("replacement", replacement);
        int in = weight.cols();
        int out = weight.rows();
        if (inputs.cols() != in || replacement.rows() != out || replacement.cols() != in) {
            throw new IllegalArgumentException("inputs must be [tokens, " + in + "] and replacement [" + out + ", "
                    + in + "], got " + inputs + " and " + replacement);
        }
        // The difference, transposed to [in][out] so the product is a sum of scaled rows (see the transformer).
        float[][] delta = new float[in][out];
        float[] w = weight.data();
        float[] v = replacement.data();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                delta[i][o] = w[o * in + i] - v[o * in + i];
            }
        }
        float[] x = inputs.data();
        double error = 0;
        float[] y = new float[out];
        for (int t = 0; t < inputs.rows(); t++) {
            java.util.Arrays.fill(y, 0f);
            int base = t * in;
            for (int i = 0; i < in; i++) {
                float xi = x[base + i];
                float[] d = delta[i];
                for (int o = 0; o < out; o++) {
                    y[o] += xi * d[o];
                }
            }
            for (int o = 0; o < out; o++) {
                error += (double) y[o] * y[o];
            }
        }
        return error;
    }

    /** Every {@code step}-th token row of [tokens, in] inputs, evenly spaced, at most {@code count} rows. */
    public static FloatTensor sampleTokens(FloatTensor inputs, int count) {
        checkMatrix("inputs", inputs);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        int tokens = inputs.rows();
        int n = Math.min(count, tokens);
        int in = inputs.cols();
        float[] out = new float[n * in];
        for (int k = 0; k < n; k++) {
            int t = (int) ((long) k * tokens / n);
            System.arraycopy(inputs.data(), t * in, out, k * in, in);
        }
        return new FloatTensor(inputs.name(), new int[] {n, in}, out);
    }

    static void checkScales(float[] s, int in) {
        if (s == null || s.length != in) {
            throw new IllegalArgumentException("s must hold one scale per input channel (" + in + "), got "
                    + (s == null ? "null" : s.length));
        }
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 0) || Float.isInfinite(s[i])) {
                throw new IllegalArgumentException("s must be positive and finite, got " + s[i] + " at channel "
                        + i);
            }
        }
    }

    private static void checkMatrix(String what, FloatTensor t) {
        if (t == null || t.shape().length != 2) {
            throw new IllegalArgumentException(what + " must be a [rows, cols] matrix, got " + t);
        }
    }
}
