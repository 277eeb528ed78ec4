package quantlab.formats;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * An integer format together with its scale: the evenly spaced values code x scale that a quantized tensor can
 * actually hold. Changing the scale slides and stretches the grid; it never adds points.
 *
 * @param format the code range
 * @param scale  the step between neighbouring values, positive and finite
 */
public record IntGrid(IntFormat format, float scale) implements NumberSet {

    public IntGrid {
        Objects.requireNonNull(format, "format");
        format.checkScale(scale);
    }

    @Override
    public String label() {
        String step = new BigDecimal(String.format(Locale.ROOT, "%.4g", scale)).stripTrailingZeros().toPlainString();
        return format.name() + ", scale " + step;
    }

    @Override
    public int bits() {
        return format.bits();
    }

    /** The code for {@code x}: round half to even, clamped to the code range. */
    public int quantize(double x) {
        return format.quantize(x, scale);
    }

    /** code x scale. */
    public float dequantize(int code) {
        return format.dequantize(code, scale);
    }

    /** Every value of the grid, ascending. */
    public float[] values() {
        return format.grid(scale);
    }

    @Override
    public StoredValue store(double x) {
        int code = quantize(x);
        return new StoredValue(label(), x, code, format.bitString(code), dequantize(code));
    }

    /** The same everywhere: the scale. */
    @Override
    public float ulp(float x) {
        return scale;
    }

    @Override
    public float smallestPositive() {
        return scale;
    }

    @Override
    public float largest() {
        return dequantize(format.maxCode());
    }

    @Override
    public long countBetween(double lo, double hi) {
        Checks.range(lo, hi);
        long count = 0;
        for (int code = format.minCode(); code <= format.maxCode(); code++) {
            float v = dequantize(code);
            if (v >= lo && v <= hi) {
                count++;
            }
        }
        return count;
    }

    @Override
    public float[] valuesBetween(double lo, double hi) {
        float[] values = new float[(int) countBetween(lo, hi)];
        int i = 0;
        for (int code = format.minCode(); code <= format.maxCode(); code++) {
            float v = dequantize(code);
            if (v >= lo && v <= hi) {
                values[i++] = v;
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return label();
    }
}
