package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** fp16 against the JDK's own conversions, for every input there is. */
class ExhaustiveFp16Test {

    private static final FloatFormat FP16 = FloatFormat.FP16;

    private static boolean encodesLikeTheJdk(int floatBits) {
        float x = Float.intBitsToFloat(floatBits);
        int ours = FP16.encode(x);
        int jdk = Float.floatToFloat16(x) & 0xFFFF;
        if (ours == jdk) {
            return true;
        }
        // NaN payloads may differ; a NaN of the same sign is a match.
        return FP16.isNaN(ours) && FP16.isNaN(jdk) && (ours >>> 15) == (jdk >>> 15);
    }

    @Test
    void encodeMatchesFloatToFloat16ForAllFloatBitPatterns() {
        long start = System.nanoTime();
        long mismatch = Exhaustive.firstFailure(ExhaustiveFp16Test::encodesLikeTheJdk);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fp16 encode, all 2^32 float bit patterns vs Float.floatToFloat16: %.1f s%n", seconds);
        assertEquals(Exhaustive.NONE, mismatch, () -> String.format("float bits 0x%08X: ours 0x%04X, JDK 0x%04X",
                mismatch, FP16.encode(Float.intBitsToFloat((int) mismatch)),
                Float.floatToFloat16(Float.intBitsToFloat((int) mismatch)) & 0xFFFF));
    }

    @Test
    void decodeMatchesFloat16ToFloatForAllHalfPatterns() {
        long start = System.nanoTime();
        int[] mismatches = IntStream.range(0, 1 << 16).parallel()
                .filter(code -> {
                    float ours = FP16.decode(code);
                    float jdk = Float.float16ToFloat((short) code);
                    boolean bothNaN = Float.isNaN(ours) && Float.isNaN(jdk);
                    return !bothNaN && Float.floatToRawIntBits(ours) != Float.floatToRawIntBits(jdk);
                })
                .toArray();
        System.out.printf("fp16 decode, all 65,536 half patterns vs Float.float16ToFloat: %.3f s%n",
                (System.nanoTime() - start) / 1e9);
        assertEquals(0, mismatches.length, () -> String.format("first mismatch at code 0x%04X", mismatches[0]));
    }

    @Test
    void everyNonNaNCodeSurvivesARoundTrip() {
        for (int code = 0; code < 1 << 16; code++) {
            if (!FP16.isNaN(code)) {
                assertEquals(code, FP16.encode(FP16.decode(code)), "code " + code);
            }
        }
    }

    @Test
    void roundIsTheJdkRoundTrip() {
        for (int bits = 0; bits < 0x7F80_0000; bits += 0x1FF) {
            float x = Float.intBitsToFloat(bits);
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(x)), FP16.round(x), "x = " + x);
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(-x)), FP16.round(-x), "x = " + -x);
        }
    }
}
