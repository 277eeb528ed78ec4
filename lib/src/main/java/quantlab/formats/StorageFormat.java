package quantlab.formats;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A way to store one number in a fixed number of bits: a {@link FloatFormat} or an {@link IntFormat}. The bit
 * count is all that memory math needs, so this is the single source of bits per parameter in the course.
 */
public sealed interface StorageFormat permits FloatFormat, IntFormat {

    /** The short lower-case name used in tables, such as {@code bf16} or {@code int4}. */
    String name();

    /** Storage bits per number. */
    int bits();

    /** Storage bytes per number (bits / 8): 2 for fp16, 0.5 for int4. */
    default double bytesPerParameter() {
        return bits() / 8.0;
    }

    /** Every format the course covers, widest first: fp32, fp16, bf16, both fp8, int8, int4, uint4. */
    static List<StorageFormat> all() {
        return List.of(FloatFormat.FP32, FloatFormat.FP16, FloatFormat.BF16, FloatFormat.FP8_E4M3FN,
                FloatFormat.FP8_E5M2, IntFormat.INT8, IntFormat.INT4, IntFormat.UINT4);
    }

    /**
     * Looks a format up by name or common alias, ignoring case and surrounding spaces: "fp16", "half", "bfloat16",
     * "e4m3fn", "float8_e5m2", "int4".
     *
     * @throws IllegalArgumentException naming the unknown value and the accepted names
     */
    static StorageFormat of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("format must not be null; expected one of " + names());
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (FloatFormat format : FloatFormat.builtIn()) {
            if (format.answersTo(key)) {
                return format;
            }
        }
        for (IntFormat format : IntFormat.builtIn()) {
            if (format.name().equals(key)) {
                return format;
            }
        }
        throw new IllegalArgumentException("format: unknown name '" + name + "'; expected one of " + names());
    }

    private static String names() {
        return all().stream().map(StorageFormat::name).collect(Collectors.joining(", "));
    }
}
