package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * bf16 against a reference written another way: cut x down to the bf16 value toward zero, take the next bf16
 * value away from zero, measure both distances in double arithmetic, keep the nearer one and on a tie the one
 * with an even mantissa.
 */
class ExhaustiveBf16Test {

    private static final FloatFormat BF16 = FloatFormat.BF16;
    private static final double TWO_TO_128 = Math.scalb(1.0, 128);

    /** The expected bf16 code of a non-NaN float. */
    static int reference(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isInfinite(x)) {
            return bits >>> 16;
        }
        int towardZero = bits & 0xFFFF_0000;
        int awayFromZero = towardZero + 0x0001_0000;
        double lower = Float.intBitsToFloat(towardZero);
        // Past the largest bf16 value the next step up is 2^128, where the exponent would be if it did not stop.
        double upper = (awayFromZero & 0x7FFF_FFFF) == 0x7F80_0000
                ? Math.copySign(TWO_TO_128, x)
                : Float.intBitsToFloat(awayFromZero);
        double toLower = Math.abs(x - lower);
        double toUpper = Math.abs(upper - x);
        if (toLower < toUpper || (toLower == toUpper && ((towardZero >>> 16) & 1) == 0)) {
            return towardZero >>> 16;
        }
        return awayFromZero >>> 16;
    }

    private static boolean matches(int floatBits) {
        float x = Float.intBitsToFloat(floatBits);
        int ours = BF16.encode(x);
        if (Float.isNaN(x)) {
            return BF16.isNaN(ours) && (ours >>> 15) == (floatBits >>> 31);
        }
        return ours == reference(x);
    }

    @Test
    void encodeMatchesTheReferenceForAllFloatBitPatterns() {
        long start = System.nanoTime();
        long mismatch = Exhaustive.firstFailure(ExhaustiveBf16Test::matches);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bf16 encode, all 2^32 float bit patterns vs the double-distance reference: %.1f s%n",
                seconds);
        assertEquals(Exhaustive.NONE, mismatch, () -> String.format("float bits 0x%08X: ours 0x%04X, expected 0x%04X",
                mismatch, BF16.encode(Float.intBitsToFloat((int) mismatch)),
                reference(Float.intBitsToFloat((int) mismatch))));
    }

    @Test
    void tiesGoToTheEvenMantissa() {
        // 1 + 2^-8 is halfway between 1 (mantissa 0000000) and 1 + 2^-7 (mantissa 0000001): down to 1.
        assertEquals(0x3F80, BF16.encode(Float.intBitsToFloat(0x3F80_8000)));
        // 1 + 3 x 2^-8 is halfway between mantissas 0000001 and 0000010: up to the even one.
        assertEquals(0x3F82, BF16.encode(Float.intBitsToFloat(0x3F81_8000)));
        // One float step above the halfway point is no longer a tie.
        assertEquals(0x3F81, BF16.encode(Float.intBitsToFloat(0x3F80_8001)));
    }

    @Test
    void overflowAndSpecials() {
        assertEquals(Float.POSITIVE_INFINITY, BF16.round(Float.MAX_VALUE));
        assertEquals(0x7F7F, BF16.encodeSaturating(Float.MAX_VALUE));
        assertEquals(0xFF7F, BF16.encodeSaturating(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(BF16.round(Float.NaN)));
        assertTrue(BF16.isNaN(BF16.encodeSaturating(Float.NaN)));
        assertEquals(0x8000, BF16.encode(-0f));
        assertEquals(0x0001, BF16.encode(Float.intBitsToFloat(0x0001_0000)), "smallest bf16 subnormal");
    }

    @Test
    void everyNonNaNCodeSurvivesARoundTrip() {
        for (int code = 0; code < 1 << 16; code++) {
            if (!BF16.isNaN(code)) {
                assertEquals(code, BF16.encode(BF16.decode(code)), "code " + code);
                assertEquals(code << 16, Float.floatToRawIntBits(BF16.decode(code)), "bf16 is fp32's top half");
            }
        }
    }
}
