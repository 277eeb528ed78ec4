package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Integer formats are grids: a code range, a scale, round half to even and clamping. */
class IntFormatTest {

    @Test
    void codeRanges() {
        assertEquals(-128, IntFormat.INT8.minCode());
        assertEquals(127, IntFormat.INT8.maxCode());
        assertEquals(-8, IntFormat.INT4.minCode());
        assertEquals(7, IntFormat.INT4.maxCode());
        assertEquals(0, IntFormat.UINT4.minCode());
        assertEquals(15, IntFormat.UINT4.maxCode());
        assertEquals(16, IntFormat.UINT4.levels());
    }

    @Test
    void quantizeRoundsHalfToEvenAndClamps() {
        assertEquals(2, IntFormat.INT8.quantize(2.5, 1f));
        assertEquals(4, IntFormat.INT8.quantize(3.5, 1f));
        assertEquals(-2, IntFormat.INT8.quantize(-2.5, 1f));
        assertEquals(3, IntFormat.INT8.quantize(2.51, 1f));
        assertEquals(127, IntFormat.INT8.quantize(1000, 1f));
        assertEquals(-128, IntFormat.INT8.quantize(Double.NEGATIVE_INFINITY, 1f));
        assertEquals(7, IntFormat.INT4.quantize(7.5, 1f));
        assertEquals(0, IntFormat.UINT4.quantize(-3, 1f));
        assertEquals(100, IntFormat.INT8.quantize(1.0, 0.01f));
    }

    @Test
    void gridsAreCodeTimesScale() {
        float[] int4 = IntFormat.INT4.grid(1f / 7);
        assertEquals(16, int4.length);
        assertEquals(-8f / 7, int4[0]);
        assertEquals(1f, int4[15], "with scale 1/7 the int4 grid stops at 7/7 = 1");
        assertEquals(10f / 7, IntFormat.UINT4.grid(1f / 7)[10], 1e-7);
        assertEquals(1.27f, IntFormat.INT8.grid(0.01f)[255]);
        assertEquals(0.5f, IntFormat.INT8.round(0.504, 0.01f) - 0f, 1e-6);
        assertEquals(1f / 7, IntFormat.INT4.absmaxScale(1.0));
        assertEquals(1f / 127, IntFormat.INT8.absmaxScale(1.0));
    }

    @Test
    void aGridAsANumberSet() {
        IntGrid grid = IntFormat.INT4.withScale(1f / 7);
        assertEquals(4, grid.countBetween(0.5, 1.5));
        float s = 1f / 7;
        assertArrayEquals(new float[] {4 * s, 5 * s, 6 * s, 7 * s}, grid.valuesBetween(0.5, 1.5));
        assertEquals(1f, grid.largest());
        assertEquals(1f / 7, grid.ulp(123f));
        StoredValue stored = grid.store(-1);
        assertEquals(-7, stored.code());
        assertEquals("1001", stored.bits());
        assertEquals("int4, scale 0.1429", grid.label());
        assertEquals("10000000", IntFormat.INT8.bitString(-128));
        assertEquals("1111", IntFormat.UINT4.bitString(15));
    }
}
