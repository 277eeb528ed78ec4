package quantlab.precision;

/**
 * What rounding into a format did to one stream of values: how many there were, how many were nonzero before
 * rounding, how many of those became zero (underflow) and how many finite values became infinite (overflow).
 *
 * @param values     values rounded
 * @param nonzero    values whose exact result was not zero
 * @param underflows nonzero exact results that rounded to zero
 * @param overflows  finite exact results that rounded to an infinity
 */
public record RoundingCounts(long values, long nonzero, long underflows, long overflows) {

    /** Nothing rounded yet. */
    public static final RoundingCounts NONE = new RoundingCounts(0, 0, 0, 0);

    public RoundingCounts {
        if (values < 0 || nonzero < 0 || underflows < 0 || overflows < 0) {
            throw new IllegalArgumentException("counts must not be negative, got values=" + values + ", nonzero="
                    + nonzero + ", underflows=" + underflows + ", overflows=" + overflows);
        }
        if (nonzero > values || underflows > nonzero || overflows > values) {
            throw new IllegalArgumentException("counts must nest (underflows <= nonzero <= values, overflows <="
                    + " values), got values=" + values + ", nonzero=" + nonzero + ", underflows=" + underflows
                    + ", overflows=" + overflows);
        }
    }

    /** Underflows as a share of the nonzero values, 0 to 1; 0 when nothing nonzero was rounded. */
    public double underflowFraction() {
        return nonzero == 0 ? 0 : (double) underflows / nonzero;
    }

    /** Both streams together. */
    public RoundingCounts plus(RoundingCounts other) {
        return new RoundingCounts(values + other.values, nonzero + other.nonzero, underflows + other.underflows,
                overflows + other.overflows);
    }
}
