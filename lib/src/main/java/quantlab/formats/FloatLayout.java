package quantlab.formats;

/**
 * Where the bits of a floating-point code go: one sign bit, then the exponent field, then the mantissa (fraction)
 * field, with the bias that turns the stored exponent into a power of two. The layout is what makes fp16 and bf16
 * different numbers although both are 16 bits.
 *
 * @param signBits     bits for the sign; every float format here has exactly 1
 * @param exponentBits width of the exponent field, 2 to 8
 * @param mantissaBits width of the stored fraction (the leading 1 of a normal number is implicit), 1 to 23
 * @param bias         subtracted from the stored exponent: a normal code means 2^(exponent - bias) x 1.fraction
 */
public record FloatLayout(int signBits, int exponentBits, int mantissaBits, int bias) {

    public FloatLayout {
        if (signBits != 1) {
            throw new IllegalArgumentException("signBits must be 1, got " + signBits);
        }
        if (exponentBits < 2 || exponentBits > 8) {
            throw new IllegalArgumentException("exponentBits must be between 2 and 8, got " + exponentBits);
        }
        if (mantissaBits < 1 || mantissaBits > 23) {
            throw new IllegalArgumentException("mantissaBits must be between 1 and 23, got " + mantissaBits);
        }
        if (bias < 0) {
            throw new IllegalArgumentException("bias must not be negative, got " + bias);
        }
    }

    /** The usual layout: one sign bit and the IEEE bias 2^(exponentBits - 1) - 1 (15 for 5 bits, 127 for 8). */
    public static FloatLayout of(int exponentBits, int mantissaBits) {
        return new FloatLayout(1, exponentBits, mantissaBits, (1 << (exponentBits - 1)) - 1);
    }

    /** Bits in one code: sign + exponent + mantissa. */
    public int bits() {
        return signBits + exponentBits + mantissaBits;
    }

    /** The exponent of the smallest normal number, 1 - bias: -14 for fp16, -126 for fp32 and bf16. */
    public int minNormalExponent() {
        return 1 - bias;
    }

    /** The sign bit of {@code code}: 0 or 1. */
    public int signOf(int code) {
        return (code >>> (exponentBits + mantissaBits)) & 1;
    }

    /** The stored (biased) exponent field of {@code code}. */
    public int exponentFieldOf(int code) {
        return (code >>> mantissaBits) & ((1 << exponentBits) - 1);
    }

    /** The stored fraction field of {@code code}. */
    public int mantissaFieldOf(int code) {
        return code & ((1 << mantissaBits) - 1);
    }

    /** The code's bits grouped as sign|exponent|mantissa, for example {@code 0|01111|0000000000} for fp16 1.0. */
    public String group(int code) {
        return signOf(code) + "|" + binary(exponentFieldOf(code), exponentBits) + "|"
                + binary(mantissaFieldOf(code), mantissaBits);
    }

    /** One line for a table, such as {@code 1 sign | 5 exponent | 10 mantissa, bias 15}. */
    @Override
    public String toString() {
        return signBits + " sign | " + exponentBits + " exponent | " + mantissaBits + " mantissa, bias " + bias;
    }

    static String binary(int value, int width) {
        String digits = Integer.toBinaryString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
