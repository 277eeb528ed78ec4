package quantlab.formats;

import java.math.BigDecimal;

/**
 * One number after storage: what was asked for, the code that was kept, its bits, and the value the code means.
 * The difference is the rounding error that every later chapter fights.
 *
 * @param format the format or grid it was stored in
 * @param input  the number asked for
 * @param code   the stored code (for a float format the raw bits, for an integer grid the signed integer)
 * @param bits   the code written out in binary, float fields separated as sign|exponent|mantissa
 * @param value  what the code decodes to
 */
public record StoredValue(String format, double input, int code, String bits, float value) {

    /** value - input; infinite when the input overflowed to infinity, NaN when the code is NaN. */
    public double error() {
        return value - input;
    }

    /** |error| / |input|; 0 for an exact zero, infinite when a nonzero input became zero. */
    public double relativeError() {
        if (input == 0) {
            return value == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(error()) / Math.abs(input);
    }

    /** The stored value written out exactly, every digit, for example 0.0999755859375 for 0.1 in fp16. */
    public String exactValue() {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return Float.toString(value);
        }
        return new BigDecimal(value).toString();
    }

    @Override
    public String toString() {
        return format + ": " + input + " -> " + bits + " = " + exactValue();
    }
}
