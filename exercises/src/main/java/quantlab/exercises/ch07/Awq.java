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
        throw new UnsupportedOperationException("TODO ch07: max(a, 1e-4)^alpha, divided by sqrt(max * min)");
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
        throw new UnsupportedOperationException("TODO ch07: {gamma / s, beta / s}");
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
        throw new UnsupportedOperationException("TODO ch07: ||h - h / s|| / ||h||");
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
        throw new UnsupportedOperationException("TODO ch07: the top round(fraction * n) channels by activation");
    }
}
