package quantlab.quantization;

/**
 * Two 4-bit codes per byte, because Java (like the hardware) has no 4-bit type. Layout: code 2i sits in the low
 * nibble (bits 0-3) of byte i, code 2i+1 in the high nibble (bits 4-7); an odd count leaves the last high nibble
 * 0. Signed codes -8..7 are stored as two's complement nibbles (-1 is 1111), unsigned codes 0..15 as they are.
 *
 * <p>Example: signed codes [3, -2] pack to the single byte 0xE3 (low nibble 0011, high nibble 1110).
 */
public final class Int4Packing {

    private Int4Packing() {
    }

    /** Bytes needed for {@code count} codes: count / 2 rounded up. */
    public static int packedLength(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return (count + 1) / 2;
    }

    /** Packs signed codes in [-8, 7] as two's complement nibbles. */
    public static byte[] packSigned(int[] codes) {
        return pack(codes, -8, 7);
    }

    /** Packs unsigned (offset) codes in [0, 15]. */
    public static byte[] packUnsigned(int[] codes) {
        return pack(codes, 0, 15);
    }

    /** The first {@code count} codes of {@code packed}, each nibble read as two's complement: -8..7. */
    public static int[] unpackSigned(byte[] packed, int count) {
        int[] codes = unpackUnsigned(packed, count);
        for (int i = 0; i < count; i++) {
            codes[i] = codes[i] >= 8 ? codes[i] - 16 : codes[i];
        }
        return codes;
    }

    /** The first {@code count} codes of {@code packed}, each nibble read as 0..15. */
    public static int[] unpackUnsigned(byte[] packed, int count) {
        if (packed == null) {
            throw new IllegalArgumentException("packed must not be null");
        }
        if (count < 0 || packedLength(count) > packed.length) {
            throw new IllegalArgumentException("count must be from 0 to " + 2 * packed.length + " for "
                    + packed.length + " bytes, got " + count);
        }
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            int b = packed[i / 2] & 0xFF;
            codes[i] = (i % 2 == 0) ? b & 0x0F : b >>> 4;
        }
        return codes;
    }

    private static byte[] pack(int[] codes, int min, int max) {
        if (codes == null) {
            throw new IllegalArgumentException("codes must not be null");
        }
        byte[] packed = new byte[packedLength(codes.length)];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < min || codes[i] > max) {
                throw new IllegalArgumentException("codes[" + i + "] must be from " + min + " to " + max
                        + " to fit a nibble, got " + codes[i]);
            }
            int nibble = codes[i] & 0x0F;
            packed[i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
        }
        return packed;
    }
}
