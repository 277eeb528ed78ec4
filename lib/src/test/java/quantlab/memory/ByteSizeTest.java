package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void unitsAreDecimalGbAndBinaryGib() {
        assertEquals(1_000_000_000L, ByteSize.BYTES_PER_GB);
        assertEquals(1_073_741_824L, ByteSize.BYTES_PER_GIB);
        assertEquals(1.0, ByteSize.ofBytes(1_073_741_824L).gib(), 0.0);
        assertEquals(1.073741824, ByteSize.ofBytes(1_073_741_824L).gb(), 1e-15);
    }

    @Test
    void ofGbAndOfGibCountExactBytes() {
        assertEquals(42_000_000_000L, ByteSize.ofGB(42).bytes());
        assertEquals(100_000_000L, ByteSize.ofGB(0.1).bytes());
        assertEquals(37_187_500_000L, ByteSize.ofGB(37.1875).bytes());
        assertEquals(2_147_483_648L, ByteSize.ofGiB(2).bytes());
        assertEquals(536_870_912L, ByteSize.ofGiB(0.5).bytes());
    }

    @Test
    void ofBitsRoundsUpToWholeBytes() {
        assertEquals(0, ByteSize.ofBits(0).bytes());
        assertEquals(1, ByteSize.ofBits(1).bytes());
        assertEquals(1, ByteSize.ofBits(8).bytes());
        assertEquals(2, ByteSize.ofBits(9).bytes());
    }

    @Test
    void arithmeticAndSign() {
        ByteSize headroom = ByteSize.ofGB(80).minus(ByteSize.ofGB(140));
        assertEquals(-60_000_000_000L, headroom.bytes());
        assertTrue(headroom.isNegative());
        assertFalse(ByteSize.ZERO.isNegative());
        assertEquals(47_000_000_000L, ByteSize.ofGB(42).plus(ByteSize.ofGB(5)).bytes());
        assertTrue(ByteSize.ofGB(1).compareTo(ByteSize.ofGiB(1)) < 0);
    }

    @Test
    void toStringShowsBothUnits() {
        assertEquals("140.00 GB (130.39 GiB)", ByteSize.ofGB(140).toString());
        // -60e9 / 2^30 = -55.879...
        assertEquals("-60.00 GB (-55.88 GiB)", ByteSize.ofGB(80).minus(ByteSize.ofGB(140)).toString());
        // 2^30 bytes = 1.073741824 GB
        assertEquals("1.07 GB (1.00 GiB)", ByteSize.ofGiB(1).toString());
    }
}
