package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** max, minNormal, minSubnormal, epsilon and ulp against the published constants, and fp32 against the JDK. */
class FormatLimitsTest {

    private static final FloatFormat FP32 = FloatFormat.FP32;
    private static final FloatFormat FP16 = FloatFormat.FP16;
    private static final FloatFormat BF16 = FloatFormat.BF16;

    @Test
    void fp16Constants() {
        assertEquals(65504f, FP16.max());
        assertEquals(0x1p-14f, FP16.minNormal());
        assertEquals(6.1035156e-5f, FP16.minNormal());
        assertEquals(0x1p-24f, FP16.minSubnormal());
        assertEquals(5.9604645e-8f, FP16.minSubnormal());
        assertEquals(0x1p-10f, FP16.epsilon());
        assertEquals(new FloatLayout(1, 5, 10, 15), FP16.layout());
    }

    @Test
    void bf16Constants() {
        assertEquals(3.3895314e38f, BF16.max());
        assertEquals((2 - 0x1p-7) * 0x1p127, BF16.max(), 0.0);
        assertEquals(Float.MIN_NORMAL, BF16.minNormal());
        assertEquals(0x1p-133f, BF16.minSubnormal());
        assertEquals(0x1p-7f, BF16.epsilon());
        assertEquals(new FloatLayout(1, 8, 7, 127), BF16.layout());
    }

    @Test
    void fp32MatchesTheJdk() {
        assertEquals(Float.MAX_VALUE, FP32.max());
        assertEquals(Float.MIN_NORMAL, FP32.minNormal());
        assertEquals(Float.MIN_VALUE, FP32.minSubnormal());
        assertEquals(Math.ulp(1f), FP32.epsilon());
        for (long bits = 0; bits < 0x7F80_0000L; bits += 9973) {
            float x = Float.intBitsToFloat((int) bits);
            assertEquals(Math.ulp(x), FP32.ulp(x), "ulp at " + x);
            assertEquals(Math.ulp(x), FP32.ulp(-x), "ulp at " + -x);
            assertEquals((int) bits, FP32.encode(x), "fp32 encodes to its own bits");
            assertEquals(x, FP32.decode((int) bits));
            assertEquals(x, FP32.round(x));
        }
        assertEquals(Float.POSITIVE_INFINITY, FP32.ulp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FP32.ulp(Float.NaN)));
    }

    @Test
    void ulpFollowsTheBinades() {
        assertEquals(0x1p-10f, FP16.ulp(1f));
        assertEquals(0x1p-11f, FP16.ulp(0.75f));
        assertEquals(1f, FP16.ulp(1024f));
        assertEquals(32f, FP16.ulp(65504f));
        assertEquals(32f, FP16.ulp(1e9f), "past max: the spacing at max");
        assertEquals(0x1p-24f, FP16.ulp(0f));
        assertEquals(0x1p-24f, FP16.ulp(1e-6f), "subnormal spacing is constant");
        assertEquals(0x1p-7f, BF16.ulp(1f));
        assertEquals(2f, BF16.ulp(256f));
        assertEquals(32f, FloatFormat.FP8_E4M3FN.ulp(448f));
        assertEquals(8192f, FloatFormat.FP8_E5M2.ulp(57344f));
    }

    @Test
    void valuesListsEveryFiniteValueOnce() {
        float[] fp16 = FP16.values();
        assertEquals(2 * 31743 + 1, fp16.length);
        assertEquals(-65504f, fp16[0]);
        assertEquals(65504f, fp16[fp16.length - 1]);
        for (int i = 1; i < fp16.length; i++) {
            assertTrue(fp16[i - 1] < fp16[i], "ascending at " + i);
        }
        assertTrue(Arrays.binarySearch(fp16, 0x1p-24f) >= 0);
        assertEquals(65279, BF16.values().length);
        assertThrows(UnsupportedOperationException.class, FP32::values);
    }

    @Test
    void countingAndListingAWindow() {
        assertEquals((1L << 23) + 1, FP32.countBetween(1, 2));
        assertEquals(1537, FP16.countBetween(0.5, 1.5));
        float[] listed = FP16.valuesBetween(0.5, 1.5);
        float[] filtered = new float[1537];
        int n = 0;
        for (float v : FP16.values()) {
            if (v >= 0.5f && v <= 1.5f) {
                filtered[n++] = v;
            }
        }
        assertArrayEquals(filtered, listed);
        assertEquals(3, FP16.countBetween(-0x1p-24, 0x1p-24), "-min, zero once, +min");
        assertEquals(0, FP16.countBetween(65505, Double.POSITIVE_INFINITY));
        assertEquals(FP16.values().length, FP16.countBetween(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertArrayEquals(new float[] {1f}, FloatFormat.FP8_E5M2.valuesBetween(0.9, 1.1));
    }

    @Test
    void storedValuesCarryBitsAndExactError() {
        StoredValue tenth = FP16.store(0.1);
        assertEquals("0|01011|1001100110", tenth.bits());
        assertEquals("0.0999755859375", tenth.exactValue());
        assertEquals(0.0999755859375 - 0.1, tenth.error(), 1e-18);
        assertEquals(Float.POSITIVE_INFINITY, FloatFormat.FP8_E5M2.store(65504).value());
        assertTrue(Float.isNaN(FloatFormat.FP8_E4M3FN.store(65504).value()));
        assertEquals(0f, FP16.store(1e-8).value());
        assertEquals(1.0, FP16.store(1e-8).relativeError(), 0.0);
        assertEquals("0|0000|000", FloatFormat.FP8_E4M3FN.bitString(0));
    }

    @Test
    void aLayoutOfYourOwn() {
        FloatFormat e3m4 = FloatFormat.define("fp8-e3m4", FloatLayout.of(3, 4), SpecialValues.IEEE);
        assertEquals(8, e3m4.bits());
        assertEquals(15.5f, e3m4.max());
        assertEquals(0x1p-6f, e3m4.minSubnormal());
        assertEquals(1.0625f, e3m4.round(1.07f));
    }
}
