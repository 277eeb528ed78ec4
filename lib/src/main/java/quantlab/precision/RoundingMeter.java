package quantlab.precision;

import quantlab.formats.FloatFormat;

/**
 * Rounds each value a training run computes into one format and counts what the format lost. Every operation
 * first computes its result in fp32 (as a GPU's fp32 accumulators do), then passes it here, so the meter sees
 * both the exact result and what the format keeps of it.
 * <p>
 * Not thread-safe: each run owns one meter.
 */
public final class RoundingMeter {

    private final FloatFormat format;
    private final Tally forward = new Tally();
    private final Tally backward = new Tally();
    private final long[] backwardExponents =
            new long[MagnitudeHistogram.HIGHEST_EXPONENT - MagnitudeHistogram.LOWEST_EXPONENT + 1];

    public RoundingMeter(FloatFormat format) {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        this.format = format;
    }

    public FloatFormat format() {
        return format;
    }

    /** A forward-pass result (activation, logit, weight or input cast) rounded into the format, and counted. */
    public float forward(double exact) {
        return forward.round(format, exact);
    }

    /** A backward-pass result (any gradient) rounded into the format, counted, and its magnitude recorded. */
    public float backward(double exact) {
        if (exact != 0 && Double.isFinite(exact)) {
            int exponent = Math.getExponent(exact);
            int slot = Math.clamp(exponent, MagnitudeHistogram.LOWEST_EXPONENT, MagnitudeHistogram.HIGHEST_EXPONENT);
            backwardExponents[slot - MagnitudeHistogram.LOWEST_EXPONENT]++;
        }
        return backward.round(format, exact);
    }

    /** What happened to the forward values so far. */
    public RoundingCounts forwardCounts() {
        return forward.counts();
    }

    /** What happened to the gradients so far. */
    public RoundingCounts backwardCounts() {
        return backward.counts();
    }

    /** The exact magnitudes of every nonzero gradient so far, by power of two. */
    public MagnitudeHistogram backwardMagnitudes() {
        return new MagnitudeHistogram(backwardExponents);
    }

    private static final class Tally {
        long values;
        long nonzero;
        long underflows;
        long overflows;

        float round(FloatFormat format, double exact) {
            float rounded = format.round((float) exact);
            values++;
            if (exact != 0) {
                nonzero++;
                if (rounded == 0) {
                    underflows++;
                }
            }
            if (Double.isFinite(exact) && !Float.isFinite(rounded)) {
                overflows++;
            }
            return rounded;
        }

        RoundingCounts counts() {
            return new RoundingCounts(values, nonzero, underflows, overflows);
        }
    }
}
