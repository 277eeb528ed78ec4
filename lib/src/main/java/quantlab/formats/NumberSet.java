package quantlab.formats;

/**
 * The set of real numbers something can store exactly: a float format on its own, or an integer format together
 * with its scale (an {@link IntGrid}). Tables and charts that compare "what can be represented" take these.
 */
public sealed interface NumberSet permits FloatFormat, IntGrid {

    /** A name for tables and legends, such as {@code fp16} or {@code int4, scale 0.1429}. */
    String label();

    /** Bits per stored number. */
    int bits();

    /** {@code x} stored in this set: the nearest representable value (ties to even), its code, bits and error. */
    StoredValue store(double x);

    /** The gap between neighbouring representable values at {@code x}. */
    float ulp(float x);

    /** The smallest representable value above zero. */
    float smallestPositive();

    /** The largest finite representable value. */
    float largest();

    /** How many distinct finite values lie in [lo, hi]; zero counts once. */
    long countBetween(double lo, double hi);

    /**
     * Every distinct finite value in [lo, hi], ascending, zero once.
     *
     * @throws IllegalArgumentException when lo or hi is NaN, lo &gt; hi, or the range holds over 2^20 values
     */
    float[] valuesBetween(double lo, double hi);

    /** Most values {@link #valuesBetween} will list; fp32 near 1.0 holds millions. */
    int MAX_LISTED = 1 << 20;

}
