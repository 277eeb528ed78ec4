package quantlab.memory;

import java.util.Objects;

/**
 * The exact storage of a block of weights in one format, with optional group metadata: the chapter's rule
 * memory = parameters x bits per parameter / 8, done in whole bits so nothing is lost to rounding.
 *
 * <p>Total bits = parameters x format bits + ceil(parameters / groupSize) x (scale bits + zero-point bits), and
 * the size is those bits divided by 8, rounded up.
 *
 * @param parameters how many weights, at least 1
 * @param format     the storage format of each weight
 * @param groups     per-group metadata, {@link GroupOverhead#NONE} for raw storage
 */
public record WeightStorage(long parameters, WeightFormat format, GroupOverhead groups) {

    public WeightStorage {
        if (parameters <= 0) {
            throw new IllegalArgumentException("parameters must be positive, got " + parameters);
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(groups, "groups");
        // Fail at construction rather than on first use if the bit count cannot be held in a long.
        try {
            Math.addExact(Math.multiplyExact(parameters, (long) format.bits()), groups.overheadBits(parameters));
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("parameters is too large to count in bits, got " + parameters);
        }
    }

    /** Raw codes only, no metadata: the seeds' weight table. */
    public static WeightStorage raw(long parameters, WeightFormat format) {
        return new WeightStorage(parameters, format, GroupOverhead.NONE);
    }

    /** Codes plus one scale (and zero point) per group. */
    public static WeightStorage grouped(long parameters, WeightFormat format, GroupOverhead groups) {
        return new WeightStorage(parameters, format, groups);
    }

    /** Bits taken by the codes themselves: parameters x format bits. */
    public long codeBits() {
        return parameters * format.bits();
    }

    /** Bits taken by the group scales and zero points. */
    public long overheadBits() {
        return groups.overheadBits(parameters);
    }

    /** Code bits plus metadata bits. */
    public long totalBits() {
        return codeBits() + overheadBits();
    }

    /** Bytes for everything: total bits / 8, rounded up. */
    public ByteSize size() {
        return ByteSize.ofBits(totalBits());
    }

    /** Bytes for the codes alone, as if there were no metadata. */
    public ByteSize codeSize() {
        return ByteSize.ofBits(codeBits());
    }

    /** The part of {@link #size()} that the metadata adds; codeSize() + overheadSize() == size(). */
    public ByteSize overheadSize() {
        return size().minus(codeSize());
    }

    /** Average stored bits per weight, metadata included, for example 4.25 for int4 in groups of 128. */
    public double bitsPerParameter() {
        return totalBits() / (double) parameters;
    }

    @Override
    public String toString() {
        String what = parameters + " params in " + format.label();
        return (groups.isNone() ? what : what + " with " + groups) + " = " + size();
    }
}
