package quantlab.exercises.ch07;

/**
 * Chapter 7, "AWQ": activation-aware scaling of salient input channels.
 *
 * <p>A linear layer computes {@code y = W x} with W of shape [out][in]: row o holds output o's weights, column i
 * the weights that meet input channel i. AWQ multiplies column i by a scale s_i before rounding and divides input
 * channel i by s_i, so {@code (W diag(s)) (x / s) = W x} exactly, while the rounding error of a column with
 * s_i &gt; 1 shrinks relative to its weights. The scale comes from calibration activations: s_x,i is the mean
 * |x_i| over the calibration tokens, and {@code s = s_x^alpha} for an exponent alpha in [0, 1].
 *
 * <p><b>Bad input.</b> Throw an {@link IllegalArgumentException} whose message names the offending parameter and
 * shows its value, for example {@code "alpha must be in [0, 1], got 1.5"} or {@code "s[2] must be positive, got
 * 0.0"}. Arrays must not be null or empty; paired arrays must have one length; values must be finite.
 *
 * <p>Fill in each method below by replacing its {@code throw new UnsupportedOperationException(...)} line with
 * your own code. Private helper methods of your own are welcome.
 */
public final class Awq {

    private Awq() {
    }

    /**
     * Exercise 1. AWQ's scale for one alpha: {@code s_i = max(activationMean_i, 1e-4)^alpha}, then every s_i
     * divided by {@code sqrt(max_j s_j * min_j s_j)} so that the scales sit around 1 (the largest and smallest
     * become reciprocals).
     *
     * <p>Example: activationMean {4, 1} and alpha 0.5 give {2, 1} before the division, sqrt(2 * 1) = sqrt 2, so
     * {sqrt 2, 1 / sqrt 2} = {1.414..., 0.707...}. alpha = 0 gives all ones: plain round-to-nearest.
     *
     * @param activationMean mean |x| per input channel, each finite and not negative
     * @param alpha          the exponent, from 0 to 1
     * @return one scale per channel
     */
    public static double[] scales(double[] activationMean, double alpha) {
        checkNonNegative("activationMean", activationMean);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        double[] s = new double[activationMean.length];
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.pow(Math.max(activationMean[i], 1e-4), alpha);
            max = Math.max(max, s[i]);
            min = Math.min(min, s[i]);
        }
        double norm = Math.sqrt(max * min);
        for (int i = 0; i < s.length; i++) {
            s[i] /= norm;
        }
        return s;
    }

    /**
     * Exercise 2. Fold 1/s into the LayerNorm that feeds a layer: a LayerNorm outputs {@code gamma_i * n_i +
     * beta_i} per channel (n is the normalised input), so dividing gamma_i and beta_i by s_i divides its output
     * channel i by s_i, which is what the scaled weights {@code W diag(s)} need. Return {@code {gamma / s, beta /
     * s}} element by element, as a two-row array.
     *
     * <p>Example: gamma {1, 2}, beta {0.5, -1}, s {2, 0.5} give {{0.5, 4}, {0.25, -2}}.
     *
     * <p>(In a post-norm model such as MiniLM the LayerNorm output is also the residual stream, so this fold
     * changes the model; {@link #residualAfterFold} measures by how much.)
     *
     * @param gamma the LayerNorm's scale per channel
     * @param beta  its shift per channel
     * @param s     the AWQ scale per channel, each positive and finite
     * @return {@code {gamma / s, beta / s}}
     */
    public static double[][] foldIntoLayerNorm(double[] gamma, double[] beta, double[] s) {
        checkFinite("gamma", gamma);
        checkFinite("beta", beta);
        checkScales(s);
        if (beta.length != gamma.length || s.length != gamma.length) {
            throw new IllegalArgumentException("gamma, beta and s must have one length, got " + gamma.length + ", "
                    + beta.length + " and " + s.length);
        }
        double[][] out = new double[2][gamma.length];
        for (int i = 0; i < gamma.length; i++) {
            out[0][i] = gamma[i] / s[i];
            out[1][i] = beta[i] / s[i];
        }
        return out;
    }

    /**
     * Exercise 3. The price of that fold in a post-norm block: the residual stream carries the LayerNorm output
     * h, and after the fold it carries h / s instead. Return the relative error of the residual, {@code ||h - h /
     * s|| / ||h||} (Euclidean norms; 0 when h is all zero).
     *
     * <p>Example: h {3, 4} and s {1, 2}: h / s = {3, 2}, the difference {0, 2} has norm 2, ||h|| = 5, so 0.4.
     *
     * @param h the LayerNorm's output for one token
     * @param s the AWQ scale per channel, each positive and finite
     * @return {@code ||h - h / s|| / ||h||}
     */
    public static double residualAfterFold(double[] h, double[] s) {
        checkFinite("h", h);
        checkScales(s);
        if (s.length != h.length) {
            throw new IllegalArgumentException("s must have the length of h (" + h.length + "), got " + s.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < h.length; i++) {
            double d = h[i] - h[i] / s[i];
            diff += d * d;
            norm += h[i] * h[i];
        }
        return norm == 0 ? 0 : Math.sqrt(diff / norm);
    }

    /**
     * Exercise 4. Choose which channels to keep in full precision: the {@code round(fraction * n)} channels (at
     * least 1) with the largest mean |activation|, largest first; equal activations go lower index first. This is
     * AWQ's choice; the paper shows that choosing by weight magnitude protects the wrong channels.
     *
     * <p>Example: activationMean {0.1, 5, 3, 5, 0.2} and fraction 0.4: round(2.0) = 2 channels, {1, 3} (two 5s,
     * lower index first).
     *
     * @param activationMean mean |x| per input channel, each finite and not negative
     * @param fraction       the share to keep, in (0, 1]
     * @return the kept channel indices
     */
    public static int[] protect(double[] activationMean, double fraction) {
        checkNonNegative("activationMean", activationMean);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        int n = activationMean.length;
        int count = (int) Math.max(1, Math.round(fraction * n));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> activationMean[a] != activationMean[b]
                ? Double.compare(activationMean[b], activationMean[a]) : Integer.compare(a, b));
        int[] kept = new int[count];
        for (int k = 0; k < count; k++) {
            kept[k] = order[k];
        }
        return kept;
    }

    private static void checkFinite(String name, double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " must not be null or empty, got "
                    + (values == null ? "null" : "empty"));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
            }
        }
    }

    private static void checkNonNegative(String name, double[] values) {
        checkFinite(name, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be negative, got " + values[i]);
            }
        }
    }

    private static void checkScales(double[] s) {
        checkFinite("s", s);
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 0)) {
                throw new IllegalArgumentException("s[" + i + "] must be positive, got " + s[i]);
            }
        }
    }
}
