package quantlab.precision;

import java.util.Arrays;

/**
 * How many values had each power-of-two magnitude: the count for exponent e holds the values v with
 * 2^e <= |v| < 2^(e+1), measured before rounding. Set beside a format's smallest value it shows what will be lost.
 */
public final class MagnitudeHistogram {

    /** The lowest exponent kept; smaller magnitudes are counted here. */
    public static final int LOWEST_EXPONENT = -160;

    /** The highest exponent kept; larger magnitudes are counted here. */
    public static final int HIGHEST_EXPONENT = 40;

    private final long[] counts;

    MagnitudeHistogram(long[] counts) {
        if (counts.length != HIGHEST_EXPONENT - LOWEST_EXPONENT + 1) {
            throw new IllegalArgumentException("counts must have one slot per exponent, got " + counts.length);
        }
        this.counts = counts.clone();
    }

    /** Values counted at exponent {@code e} (clamped to the kept range at both ends). */
    public long count(int exponent) {
        if (exponent < LOWEST_EXPONENT || exponent > HIGHEST_EXPONENT) {
            throw new IllegalArgumentException("exponent must be in " + LOWEST_EXPONENT + ".." + HIGHEST_EXPONENT
                    + ", got " + exponent);
        }
        return counts[exponent - LOWEST_EXPONENT];
    }

    /** All values counted. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** The share of values whose magnitude is below 2^exponent, 0 to 1 (0 when empty). */
    public double fractionBelow(int exponent) {
        long total = total();
        if (total == 0) {
            return 0;
        }
        long below = 0;
        for (int e = LOWEST_EXPONENT; e < exponent && e <= HIGHEST_EXPONENT; e++) {
            below += counts[e - LOWEST_EXPONENT];
        }
        return (double) below / total;
    }

    /** The smallest and largest exponents with a nonzero count, or an empty array when nothing was counted. */
    public int[] occupiedRange() {
        int low = -1;
        int high = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                high = i;
                if (low < 0) {
                    low = i;
                }
            }
        }
        return low < 0 ? new int[0] : new int[] {low + LOWEST_EXPONENT, high + LOWEST_EXPONENT};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MagnitudeHistogram histogram && Arrays.equals(counts, histogram.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        int[] range = occupiedRange();
        return range.length == 0 ? "no values"
                : total() + " values from 2^" + range[0] + " to 2^" + (range[1] + 1);
    }
}
