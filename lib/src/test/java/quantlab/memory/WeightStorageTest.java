package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeightStorageTest {

    @Test
    void groupOverheadPerWeight() {
        assertEquals(0.25, GroupOverhead.fp16ScaleAndZeroPoint(128).extraBitsPerWeight(), 0.0);
        assertEquals(1.0, GroupOverhead.fp16ScaleAndZeroPoint(32).extraBitsPerWeight(), 0.0);
        assertEquals(0.125, GroupOverhead.fp16Scale(128).extraBitsPerWeight(), 0.0);
        assertEquals(0.0, GroupOverhead.NONE.extraBitsPerWeight(), 0.0);
        assertTrue(GroupOverhead.NONE.isNone());
    }

    @Test
    void partialLastGroupStillPaysForItsMetadata() {
        // 129 weights in groups of 128 need 2 groups: 129 x 4 + 2 x 32 = 580 bits = 72.5 -> 73 bytes
        WeightStorage storage = WeightStorage.grouped(129, WeightFormat.INT4, GroupOverhead.fp16ScaleAndZeroPoint(128));
        assertEquals(2, GroupOverhead.fp16ScaleAndZeroPoint(128).groupCount(129));
        assertEquals(516, storage.codeBits());
        assertEquals(64, storage.overheadBits());
        assertEquals(580, storage.totalBits());
        assertEquals(73, storage.size().bytes());
    }

    @Test
    void oddParameterCountInInt4RoundsUpToAByte() {
        // 3 weights x 4 bits = 12 bits -> 2 bytes
        assertEquals(2, WeightStorage.raw(3, WeightFormat.INT4).size().bytes());
    }

    @Test
    void codeAndOverheadSizesAddUpToTheWhole() {
        WeightStorage storage = WeightStorage.grouped(70_000_000_000L, WeightFormat.INT4,
                GroupOverhead.fp16ScaleAndZeroPoint(128));
        // 280e9 bits of codes = 35e9 bytes; 546,875,000 groups x 32 bits = 17.5e9 bits = 2.1875e9 bytes
        assertEquals(35_000_000_000L, storage.codeSize().bytes());
        assertEquals(2_187_500_000L, storage.overheadSize().bytes());
        assertEquals(37_187_500_000L, storage.size().bytes());
        assertEquals(4.25, storage.bitsPerParameter(), 1e-12);
    }

    @Test
    void metadataMattersMoreForInt4ThanForInt8() {
        // int8 group 128 fp16 scale+zero: 8.25 bits; 7e9 x 8.25 / 8 = 7.21875e9 bytes
        assertEquals(7_218_750_000L,
                WeightStorage.grouped(7_000_000_000L, WeightFormat.INT8, GroupOverhead.fp16ScaleAndZeroPoint(128))
                        .size().bytes());
    }
}
