package quantlab.formats;

import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Chapter 2's tables as tablesaw {@link Table}s, built from the formats themselves so no figure is typed in twice:
 * the bit layouts, bytes per parameter (which chapter 1's memory math multiplies by), and one number stored in
 * several formats.
 */
public final class FormatTables {

    private FormatTables() {
    }

    /** One row per format: total bits, the sign | exponent | mantissa split and bias, and what the codes mean. */
    public static Table layouts(List<? extends StorageFormat> formats) {
        checkNotEmpty("formats", formats);
        StringColumn names = StringColumn.create("format");
        IntColumn bits = IntColumn.create("bits");
        StringColumn sign = StringColumn.create("sign");
        StringColumn exponent = StringColumn.create("exponent");
        StringColumn mantissa = StringColumn.create("mantissa");
        StringColumn bias = StringColumn.create("bias");
        StringColumn meaning = StringColumn.create("what a code means");
        for (StorageFormat format : formats) {
            names.append(format.name());
            bits.append(format.bits());
            if (format instanceof FloatFormat f) {
                FloatLayout layout = f.layout();
                sign.append(String.valueOf(layout.signBits()));
                exponent.append(String.valueOf(layout.exponentBits()));
                mantissa.append(String.valueOf(layout.mantissaBits()));
                bias.append(String.valueOf(layout.bias()));
                meaning.append(f.specials().hasInfinity()
                        ? "±2^(e-bias) × 1.m; top exponent = inf or NaN"
                        : "±2^(e-bias) × 1.m; no inf, NaN only at S.1111.111");
            } else if (format instanceof IntFormat i) {
                sign.append(i.isSigned() ? "two's complement" : "none");
                exponent.append("-");
                mantissa.append("-");
                bias.append("-");
                meaning.append(String.format(Locale.ROOT, "integer %d..%d, value = code × scale",
                        i.minCode(), i.maxCode()));
            }
        }
        return Table.create("Bit layouts", names, bits, sign, exponent, mantissa, bias, meaning);
    }

    /** One row per format: bits and bytes per parameter, and the share of fp32's memory it needs. */
    public static Table bytesPerParameter(List<? extends StorageFormat> formats) {
        checkNotEmpty("formats", formats);
        StringColumn names = StringColumn.create("format");
        IntColumn bits = IntColumn.create("bits per parameter");
        DoubleColumn bytes = DoubleColumn.create("bytes per parameter");
        StringColumn share = StringColumn.create("memory vs fp32");
        for (StorageFormat format : formats) {
            names.append(format.name());
            bits.append(format.bits());
            bytes.append(format.bytesPerParameter());
            int fraction = FloatFormat.FP32.bits() / format.bits();
            share.append(fraction == 1 ? "1" : "1/" + fraction);
        }
        bytes.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("Bytes per parameter (raw codes, no scales)", names, bits, bytes, share);
    }

    /** {@code x} stored in each set: the bits kept, the exact stored value, the error and the relative error. */
    public static Table stored(double x, List<? extends NumberSet> sets) {
        checkNotEmpty("sets", sets);
        StringColumn names = StringColumn.create("format");
        StringColumn bits = StringColumn.create("bits (float: sign|exponent|mantissa)");
        StringColumn value = StringColumn.create("stored value (exact)");
        StringColumn error = StringColumn.create("error");
        StringColumn relative = StringColumn.create("relative error");
        for (NumberSet set : sets) {
            StoredValue s = set.store(x);
            names.append(s.format());
            bits.append(s.bits());
            value.append(s.exactValue());
            error.append(threeDigits(s.error()));
            relative.append(threeDigits(s.relativeError()));
        }
        return Table.create("Storing " + x, names, bits, value, error, relative);
    }

    private static String threeDigits(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }

    static void checkNotEmpty(String parameter, List<?> list) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(parameter + " must not be empty, got " + list);
        }
    }
}
