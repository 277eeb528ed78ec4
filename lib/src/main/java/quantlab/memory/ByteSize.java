package quantlab.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * An exact number of bytes that always says both units: decimal GB (10^9 bytes) and binary GiB (2^30 bytes).
 * Mixing the two is the most common slip in memory math, so no result in this package is a bare double.
 *
 * <p>The value is signed so that a headroom can be negative; memory terms themselves are never negative.
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

    /** One decimal gigabyte, the unit of GPU spec sheets and of the course's tables. */
    public static final long BYTES_PER_GB = 1_000_000_000L;

    /** One binary gibibyte, the unit that nvidia-smi style tools and most allocators report. */
    public static final long BYTES_PER_GIB = 1L << 30;

    /** Nothing at all. */
    public static final ByteSize ZERO = new ByteSize(0);

    private static final BigDecimal GB = BigDecimal.valueOf(BYTES_PER_GB);
    private static final BigDecimal GIB = BigDecimal.valueOf(BYTES_PER_GIB);

    /** A size of exactly {@code bytes} bytes. */
    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    /** The bytes needed to hold {@code bits} bits: the bit count divided by 8, rounded up. */
    public static ByteSize ofBits(long bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("bits must not be negative, got " + bits);
        }
        return new ByteSize(Math.ceilDiv(bits, 8L));
    }

    /** A size given in decimal GB, rounded to the nearest byte: {@code ofGB(42)} is 42,000,000,000 bytes. */
    public static ByteSize ofGB(double gb) {
        return fromUnits("gb", gb, GB);
    }

    /** A size given in binary GiB, rounded to the nearest byte: {@code ofGiB(1)} is 1,073,741,824 bytes. */
    public static ByteSize ofGiB(double gib) {
        return fromUnits("gib", gib, GIB);
    }

    private static ByteSize fromUnits(String parameter, double amount, BigDecimal unit) {
        if (Double.isNaN(amount) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException(parameter + " must be a finite number, got " + amount);
        }
        if (amount < 0) {
            throw new IllegalArgumentException(parameter + " must not be negative, got " + amount);
        }
        try {
            // BigDecimal.valueOf reads the double's shortest decimal form, so 0.1 GB is exactly 100,000,000 bytes.
            return new ByteSize(BigDecimal.valueOf(amount).multiply(unit)
                    .setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException(parameter + " is too large to count in bytes, got " + amount);
        }
    }

    /** The size in decimal gigabytes (bytes / 10^9). */
    public double gb() {
        return bytes / (double) BYTES_PER_GB;
    }

    /** The size in binary gibibytes (bytes / 2^30). */
    public double gib() {
        return bytes / (double) BYTES_PER_GIB;
    }

    /** This size and {@code other} together. */
    public ByteSize plus(ByteSize other) {
        return new ByteSize(Math.addExact(bytes, other.bytes));
    }

    /** This size less {@code other}; negative when {@code other} is larger. */
    public ByteSize minus(ByteSize other) {
        return new ByteSize(Math.subtractExact(bytes, other.bytes));
    }

    /** True for a shortfall, such as the headroom of a budget that does not fit. */
    public boolean isNegative() {
        return bytes < 0;
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** Both units, two decimals each, for example {@code 140.00 GB (130.39 GiB)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f GB (%.2f GiB)", gb(), gib());
    }
}
