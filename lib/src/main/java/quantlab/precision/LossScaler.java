package quantlab.precision;

/**
 * Decides the factor S the loss gradient is multiplied by before the backward pass, and whether a step's
 * gradients may be used. Every run has one, so every run follows the same rule: a step whose gradients hold an
 * infinity or NaN is skipped. Only the dynamic scaler also moves S: it halves S after such a step, and doubles it
 * after a set number of good steps in a row.
 */
public final class LossScaler {

    /** The scale never grows past this (2^64). */
    public static final double MAX_SCALE = 0x1p64;

    /** Halving below this (2^-64) means no scale gives finite gradients, which is a bug, not a range problem. */
    public static final double MIN_SCALE = 0x1p-64;

    private final boolean dynamic;
    private final int growthInterval;
    private double scale;
    private int goodSteps;
    private int skippedSteps;

    private LossScaler(boolean dynamic, double scale, int growthInterval) {
        this.dynamic = dynamic;
        this.scale = scale;
        this.growthInterval = growthInterval;
    }

    /** S = 1 for ever: no loss scaling (non-finite steps are still skipped). */
    public static LossScaler none() {
        return new LossScaler(false, 1, Integer.MAX_VALUE);
    }

    /** Dynamic loss scaling starting at {@code initialScale}, doubling after {@code growthInterval} good steps. */
    public static LossScaler dynamic(double initialScale, int growthInterval) {
        if (!(initialScale >= MIN_SCALE && initialScale <= MAX_SCALE)) {
            throw new IllegalArgumentException("initialScale must be in 2^-64..2^64, got " + initialScale);
        }
        if (growthInterval < 1) {
            throw new IllegalArgumentException("growthInterval must be at least 1, got " + growthInterval);
        }
        return new LossScaler(true, initialScale, growthInterval);
    }

    /** The S to use for the next backward pass. */
    public double scale() {
        return scale;
    }

    public boolean isDynamic() {
        return dynamic;
    }

    /** Good steps since the scale last changed (or since the last skipped step). */
    public int goodStepsInARow() {
        return goodSteps;
    }

    /** Steps whose gradients were not finite and were therefore not applied. */
    public int skippedSteps() {
        return skippedSteps;
    }

    /**
     * Records the outcome of the backward pass that used {@link #scale()} and moves to the next state. Returns
     * true when the step's gradients may be applied (after unscaling by the scale they were computed with).
     */
    public boolean update(boolean gradientsFinite) {
        if (!gradientsFinite) {
            skippedSteps++;
            goodSteps = 0;
            if (dynamic) {
                if (scale / 2 < MIN_SCALE) {
                    throw new IllegalStateException("the loss scale fell below 2^-64 after " + skippedSteps
                            + " skipped steps: the gradients are not finite at any scale");
                }
                scale /= 2;
            }
            return false;
        }
        goodSteps++;
        if (dynamic && goodSteps == growthInterval) {
            scale = Math.min(scale * 2, MAX_SCALE);
            goodSteps = 0;
        }
        return true;
    }

    @Override
    public String toString() {
        return dynamic ? "dynamic loss scale " + scale + " (doubles after " + growthInterval + " good steps)"
                : "no loss scaling";
    }
}
