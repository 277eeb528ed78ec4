package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import quantlab.formats.IntFormat;

/**
 * The course's one rounding convention (divide in float32, round half to even) and Q8_0's roundf, each pinned on
 * the case that told the conventions apart.
 */
class RoundingConventionTest {

    @Test
    void theQuotientIsTakenInFloat32SoTheTieGoesToTheEvenCode() {
        // By hand: 0.14f / 7 rounds to the float 0.02f; 0.05f / 0.02f is exactly 2.5f and 0.11f / 0.02f is 5.5f,
        // both ties, going to the even 2 and 6. In double, 0.05f / 0.02f is 2.50000009... and would give 3.
        assertEquals(2.5f, 0.05f / 0.02f);
        assertEquals(3.0, Math.rint((double) 0.05f / (double) 0.02f), "the double quotient the library used before");
        QuantizedTensor q = Quantizer.symmetric(4).quantize(new float[] {0.05f, -0.08f, 0.11f, -0.14f});
        assertEquals(0.02f, q.scales()[0]);
        assertArrayEquals(new int[] {2, -4, 6, -7}, q.codes());
        assertEquals(2, IntFormat.INT4.quantize(0.05f, 0.02f), "chapter 2's IntFormat follows the same convention");
    }

    @Test
    void q8_0RoundsLikeCsRoundfOnTheExactValue() {
        float below = 0.49999997f; // the largest float under one half: 0.5 - 2^-25
        assertEquals(0.5 - 0x1p-25, below, 0.0);
        assertEquals(1.0f, below + 0.5f, "the sum a floor(|x| + 0.5f) rounding relies on rounds up to 1");
        float[] block = new float[BlockFormat.BLOCK_SIZE];
        block[0] = -127f;
        block[1] = below;
        block[2] = -below;
        block[3] = 2.5f;
        block[4] = -2.5f;
        block[5] = 126.5f;
        QuantizedBlock q = BlockFormat.Q8_0.quantize(block);
        assertEquals(1.0f, q.scale(), "d = 127 / 127");
        int[] codes = q.codes();
        assertEquals(-127, codes[0]);
        assertEquals(0, codes[1], "ggml's roundf(0.49999997f) is 0");
        assertEquals(0, codes[2], "and roundf(-0.49999997f) is -0");
        assertEquals(3, codes[3], "halves go away from zero");
        assertEquals(-3, codes[4]);
        assertEquals(127, codes[5]);
    }

    @Test
    void roundfAgreesWithBigDecimalHalfUpOnTheExactValue() {
        // BigDecimal's HALF_UP rounds the exact binary value, halves away from zero: C's roundf, by a second route.
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            float x = (float) ((random.nextDouble() - 0.5) * 300);
            if (i % 4 == 0) {
                x = Math.nextUp((float) Math.floor(x) + 0.5f) - (i % 8 == 0 ? 0 : 2 * Math.ulp(x)); // near a half
            }
            float value = x;
            int expected = new BigDecimal(value).setScale(0, RoundingMode.HALF_UP).intValueExact();
            assertEquals(expected, BlockFormat.roundf(value), () -> "roundf(" + value + ")");
        }
    }
}
