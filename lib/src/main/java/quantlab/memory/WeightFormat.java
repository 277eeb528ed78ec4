package quantlab.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import quantlab.formats.FloatFormat;
import quantlab.formats.IntFormat;
import quantlab.formats.StorageFormat;

/**
 * The storage formats chapter 1 compares, reduced to the one thing that sets memory: bits per parameter.
 * What the bits mean (sign, exponent, mantissa, integer levels) is chapter 2's subject, and the bit counts and
 * labels are read from there ({@link StorageFormat}), so the two chapters cannot disagree.
 */
public enum WeightFormat {
    /** IEEE single precision: 4 bytes per parameter. */
    FP32(FloatFormat.FP32, "float32"),
    /** IEEE half precision: 2 bytes per parameter. */
    FP16(FloatFormat.FP16, "float16", "half"),
    /** bfloat16, fp32's range in 16 bits: 2 bytes per parameter. */
    BF16(FloatFormat.BF16, "bfloat16"),
    /** 8-bit integer codes: 1 byte per parameter, before any scales. */
    INT8(IntFormat.INT8),
    /** 4-bit integer codes: half a byte per parameter, before any scales. */
    INT4(IntFormat.INT4);

    private final int bits;
    private final String label;
    private final String[] aliases;

    WeightFormat(StorageFormat format, String... aliases) {
        this.bits = format.bits();
        this.label = format.name();
        this.aliases = aliases;
    }

    /** Storage bits per parameter. */
    public int bits() {
        return bits;
    }

    /** Storage bytes per parameter (bits / 8), the factor in memory = parameters x bytes per parameter. */
    public double bytesPerParameter() {
        return bits / 8.0;
    }

    /** The short lower-case name used in tables, such as {@code fp16}. */
    public String label() {
        return label;
    }

    /**
     * Looks a format up by name, ignoring case and surrounding spaces: "fp16", "FP16", "bf16", "bfloat16", "int4".
     *
     * @throws IllegalArgumentException naming the unknown value and the accepted names
     */
    public static WeightFormat of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("format must not be null; expected one of " + known());
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (WeightFormat format : values()) {
            if (format.label.equals(key) || Arrays.asList(format.aliases).contains(key)) {
                return format;
            }
        }
        throw new IllegalArgumentException("format: unknown name '" + name + "'; expected one of " + known());
    }

    private static String known() {
        return Arrays.stream(values()).map(WeightFormat::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
