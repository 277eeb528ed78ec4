package quantlab.transformer;

/**
 * Layer normalisation as the exported graph computes it: subtract the row's mean, divide by the square root of
 * its (biased) variance plus {@code epsilon}, then scale by {@code gamma} and shift by {@code beta} per channel.
 *
 * @param gamma   per-channel scale
 * @param beta    per-channel shift
 * @param epsilon added to the variance; 1e-12 in MiniLM (the graph's constant)
 */
record LayerNorm(float[] gamma, float[] beta, float epsilon) {

    /** The epsilon of every LayerNorm in all-MiniLM-L6-v2's graph. */
    static final float MINILM_EPSILON = 1e-12f;

    LayerNorm {
        if (gamma.length != beta.length) {
            throw new IllegalArgumentException("beta must have gamma's length " + gamma.length + ", got "
                    + beta.length);
        }
    }

    /** Normalises each row of x in place and returns x. */
    float[][] apply(float[][] x) {
        for (float[] row : x) {
            applyRow(row);
        }
        return x;
    }

    private void applyRow(float[] x) {
        int n = x.length;
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        double variance = 0;
        for (float v : x) {
            variance += (v - mean) * (v - mean);
        }
        variance /= n;
        double inverseStd = 1.0 / Math.sqrt(variance + epsilon);
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((x[i] - mean) * inverseStd) * gamma[i] + beta[i];
        }
    }
}
