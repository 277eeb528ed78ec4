package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Two codes per byte, and llama.cpp's Q8_0 / Q4_0 blocks checked byte by byte against hand encodings. */
class PackingAndBlocksTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void handPackedBytes() {
        // 3 = 0011 low, -2 = 1110 high
        assertArrayEquals(bytes(0xE3), Int4Packing.packSigned(new int[] {3, -2}));
        // -8 = 1000 low, 7 = 0111 high; 1 alone in the low nibble of a second byte
        assertArrayEquals(bytes(0x78, 0x01), Int4Packing.packSigned(new int[] {-8, 7, 1}));
        assertArrayEquals(bytes(0x0F, 0xA9), Int4Packing.packUnsigned(new int[] {15, 0, 9, 10}));
        assertArrayEquals(new int[] {3, -2}, Int4Packing.unpackSigned(bytes(0xE3), 2));
        assertArrayEquals(new int[] {3, 14}, Int4Packing.unpackUnsigned(bytes(0xE3), 2));
        assertEquals(3, Int4Packing.packedLength(5));
    }

    @Test
    void roundTrips() {
        int[] signed = new int[16];
        int[] unsigned = new int[15];
        for (int i = 0; i < signed.length; i++) {
            signed[i] = i - 8;
        }
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = 14 - i;
        }
        assertArrayEquals(signed, Int4Packing.unpackSigned(Int4Packing.packSigned(signed), signed.length));
        assertArrayEquals(unsigned, Int4Packing.unpackUnsigned(Int4Packing.packUnsigned(unsigned), unsigned.length));
    }

    @Test
    void seedExamplePacksIntoTwoBytes() {
        QuantizedTensor q = Quantizer.symmetric(4).quantize(new float[] {0.18f, -0.91f, 1.62f, 2.94f});
        // codes 0, -2 (1110), 4 (0100), 7 (0111)
        assertArrayEquals(bytes(0xE0, 0x74), q.packInt4());
    }

    @Test
    void blockSizes() {
        assertEquals(34, BlockFormat.Q8_0.bytesPerBlock());
        assertEquals(18, BlockFormat.Q4_0.bytesPerBlock());
        assertEquals(8.5, BlockFormat.Q8_0.bitsPerWeight());
        assertEquals(4.5, BlockFormat.Q4_0.bitsPerWeight());
    }

    @Test
    void q8_0HandBlock() {
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = -63.5f;
        x[2] = 2.5f;
        x[3] = -2.5f;
        x[4] = 0.4f;
        QuantizedBlock b = BlockFormat.Q8_0.quantize(x);
        assertEquals(1f, b.scale(), "127 / 127");
        int[] codes = new int[32];
        codes[0] = 127;
        codes[1] = -64; // halves round away from zero, unlike round-half-to-even
        codes[2] = 3;
        codes[3] = -3;
        assertArrayEquals(codes, b.codes());
        byte[] expected = new byte[34];
        expected[1] = 0x3C; // fp16 1.0 = 0x3C00, little-endian
        expected[2] = 0x7F;
        expected[3] = (byte) 0xC0;
        expected[4] = 0x03;
        expected[5] = (byte) 0xFD;
        assertArrayEquals(expected, b.toBytes());
    }

    @Test
    void q8_0StoresTheScaleInFp16() {
        float[] x = new float[32];
        x[0] = 1f;
        QuantizedBlock b = BlockFormat.Q8_0.quantize(x);
        // 1/127 = 1.00787 x 2^-7; ten mantissa bits keep 8/1024, so fp16 d = 1032 / 131072, bits 0x2008
        assertEquals((short) 0x2008, b.scaleBits());
        assertEquals(127, b.codes()[0]);
        assertEquals(131064.0 / 131072, b.dequantize()[0], 0.0);
    }

    @Test
    void q4_0HandBlock() {
        float[] x = new float[32];
        x[0] = 8f;     // largest magnitude, positive: d = 8 / -8 = -1
        x[1] = -8f;    // -8 / -1 + 8.5 = 16.5 -> clipped to 15 -> reads back as -7
        x[2] = 3.5f;   // -3.5 + 8.5 = 5 -> 5 -> (5 - 8) x -1 = 3
        x[3] = -3.5f;  // 3.5 + 8.5 = 12 -> (12 - 8) x -1 = -4
        x[4] = 2.4f;   // 6.1 -> 6 -> 2
        x[16] = -1f;   // 9.5 -> 9 -> -1
        QuantizedBlock b = BlockFormat.Q4_0.quantize(x);
        assertEquals(-1f, b.scale());
        int[] codes = new int[32];
        java.util.Arrays.fill(codes, 8);
        codes[0] = 0;
        codes[1] = 15;
        codes[2] = 5;
        codes[3] = 12;
        codes[4] = 6;
        codes[16] = 9;
        assertArrayEquals(codes, b.codes());
        float[] back = new float[32];
        back[0] = 8;
        back[1] = -7;
        back[2] = 3;
        back[3] = -4;
        back[4] = 2;
        back[16] = -1;
        assertArrayEquals(back, b.dequantize(), 0f); // zeros come back as -0.0 when d < 0
        byte[] expected = new byte[18];
        expected[1] = (byte) 0xBC; // fp16 -1.0 = 0xBC00
        expected[2] = (byte) 0x90; // code 0 low, code 16 (9) high
        expected[3] = (byte) 0x8F;
        expected[4] = (byte) 0x85;
        expected[5] = (byte) 0x8C;
        expected[6] = (byte) 0x86;
        for (int j = 7; j < 18; j++) {
            expected[j] = (byte) 0x88;
        }
        assertArrayEquals(expected, b.toBytes());
    }

    @Test
    void zeroBlocksReadBackAsZeros() {
        for (BlockFormat f : BlockFormat.values()) {
            assertArrayEquals(new float[64], f.roundTrip(new float[64]), 0f, f.toString());
        }
    }
}
