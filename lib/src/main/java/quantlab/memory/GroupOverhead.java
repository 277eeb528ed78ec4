package quantlab.memory;

import java.util.Locale;

/**
 * The metadata that group-wise quantization stores next to the integer codes: one scale and one zero point for
 * every {@code groupSize} consecutive weights. It is the first reason a "4-bit" model needs more than 4 bits.
 *
 * <p>Example: groups of 128 with an fp16 scale and an fp16 zero point add (16 + 16) / 128 = 0.25 bits per weight.
 *
 * @param groupSize     weights that share one scale and zero point, at least 1
 * @param scaleBits     bits stored per group for the scale, 0 or more
 * @param zeroPointBits bits stored per group for the zero point, 0 or more (0 for symmetric schemes)
 */
public record GroupOverhead(int groupSize, int scaleBits, int zeroPointBits) {

    /** No metadata at all: raw codes, as in the seeds' "int4 raw" column. */
    public static final GroupOverhead NONE = new GroupOverhead(1, 0, 0);

    public GroupOverhead {
        if (groupSize <= 0) {
            throw new IllegalArgumentException("groupSize must be positive, got " + groupSize);
        }
        if (scaleBits < 0) {
            throw new IllegalArgumentException("scaleBits must not be negative, got " + scaleBits);
        }
        if (zeroPointBits < 0) {
            throw new IllegalArgumentException("zeroPointBits must not be negative, got " + zeroPointBits);
        }
    }

    /** Asymmetric groups: an fp16 scale and an fp16 zero point per {@code groupSize} weights. */
    public static GroupOverhead fp16ScaleAndZeroPoint(int groupSize) {
        return new GroupOverhead(groupSize, 16, 16);
    }

    /** Symmetric groups: only an fp16 scale per {@code groupSize} weights. */
    public static GroupOverhead fp16Scale(int groupSize) {
        return new GroupOverhead(groupSize, 16, 0);
    }

    /** True when nothing is stored per group. */
    public boolean isNone() {
        return scaleBits + zeroPointBits == 0;
    }

    /** Groups needed for {@code parameters} weights: the count divided by the group size, rounded up. */
    public long groupCount(long parameters) {
        if (parameters < 0) {
            throw new IllegalArgumentException("parameters must not be negative, got " + parameters);
        }
        return Math.ceilDiv(parameters, (long) groupSize);
    }

    /** Exact metadata bits for {@code parameters} weights: groups x (scale bits + zero-point bits). */
    public long overheadBits(long parameters) {
        return Math.multiplyExact(groupCount(parameters), (long) scaleBits + zeroPointBits);
    }

    /** Metadata bits averaged over the weights, for example 0.25 for groups of 128 with fp16 scale and zero. */
    public double extraBitsPerWeight() {
        return (scaleBits + zeroPointBits) / (double) groupSize;
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "no group overhead";
        }
        return String.format(Locale.ROOT, "group %d, %d-bit scale + %d-bit zero point (+%s bits/weight)",
                groupSize, scaleBits, zeroPointBits, trim(extraBitsPerWeight()));
    }

    static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.4f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
