package quantlab.quantization;

/**
 * How real values map onto integer codes: around zero with a scale alone, or shifted by a zero point as well.
 * The choice decides the code range, and with it how many codes a lopsided tensor actually uses.
 */
public enum QuantScheme {

    /**
     * value = code x scale, codes in [-(2^(b-1) - 1), 2^(b-1) - 1]: [-7, 7] at 4 bits, [-127, 127] at 8. The most
     * negative two's complement code (-8, -128) is left unused on purpose, so the grid is a mirror image around
     * zero and +absmax and -absmax both land exactly on a code.
     */
    SYMMETRIC,

    /**
     * value = (code - zeroPoint) x scale, codes in [0, 2^b - 1]: [0, 15] at 4 bits. The integer zero point slides
     * the grid so that all codes cover [min, max] of the data, which pays off when the data is one-sided.
     */
    ASYMMETRIC;

    /** The smallest code at {@code bits} bits: -(2^(bits-1) - 1) for symmetric, 0 for asymmetric. */
    public int minCode(int bits) {
        checkBits(bits);
        return this == SYMMETRIC ? -maxCode(bits) : 0;
    }

    /** The largest code at {@code bits} bits: 2^(bits-1) - 1 for symmetric, 2^bits - 1 for asymmetric. */
    public int maxCode(int bits) {
        checkBits(bits);
        return this == SYMMETRIC ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** Number of distinct codes used: 2^bits - 1 for symmetric, 2^bits for asymmetric. */
    public int levels(int bits) {
        return maxCode(bits) - minCode(bits) + 1;
    }

    /** Lowercase name for tables: "symmetric" or "asymmetric". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static void checkBits(int bits) {
        if (bits < Quantizer.MIN_BITS || bits > Quantizer.MAX_BITS) {
            throw new IllegalArgumentException("bits must be from " + Quantizer.MIN_BITS + " to "
                    + Quantizer.MAX_BITS + ", got " + bits);
        }
    }
}
