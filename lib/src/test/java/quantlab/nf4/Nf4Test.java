package quantlab.nf4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** NF4 against the published table, blockwise quantization and double quantization against hand figures. */
class Nf4Test {

    /**
     * The NF4 table as QLoRA publishes it (the paper's appendix E; the same literals are bitsandbytes'
     * csrc/kernels.cu {@code nf4_data}).
     */
    private static final double[] PUBLISHED = {
        -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
    };

    @Test
    void nf4MatchesThePublishedTable() {
        double[] ours = FourBitGrid.NF4.levels();
        assertEquals(16, ours.length);
        for (int i = 0; i < 16; i++) {
            assertEquals(PUBLISHED[i], ours[i], 1e-6, "level " + i);
        }
        assertEquals(0.0, ours[7], 0); // zero is exact
        assertEquals(0.9677083333333333, FourBitGrid.OFFSET, 1e-15);
    }

    @Test
    void otherGrids() {
        assertEquals(15, FourBitGrid.INT4.size());
        assertEquals(3 / 7.0, FourBitGrid.INT4.level(10), 1e-15);
        assertEquals(0.25, FourBitGrid.FP4.level(7 + 3), 1e-15); // 1.5 / 6
        assertEquals(0, FourBitGrid.NF4.nearest(-1.7));
        assertEquals(15, FourBitGrid.NF4.nearest(3));
        assertEquals(7, FourBitGrid.NF4.nearest(0.03)); // nearer 0 than 0.0796
        assertEquals(8, FourBitGrid.NF4.nearest(0.05));
    }

    @Test
    void blockwiseAbsmaxInBlocksOf64() {
        float[] w = new float[128];
        for (int i = 0; i < 64; i++) {
            w[i] = (float) (2 * PUBLISHED[i % 16]);        // block 0: absmax 2, every value on the grid
            w[64 + i] = (float) (0.5 * PUBLISHED[(i + 3) % 16]); // block 1: absmax 0.5
        }
        BlockQuantized q = BlockQuantized.quantize(w, FourBitGrid.NF4, 64);
        assertEquals(2f, q.absmax()[0]);
        assertEquals(0.5f, q.absmax()[1]);
        float[] back = q.dequantize();
        for (int i = 0; i < 128; i++) {
            assertEquals(w[i], back[i], 1e-6, "value " + i);
        }
        assertEquals(0.5, q.scaleBitsPerValue(), 0); // 32 / 64
        assertEquals(64 + 8, q.storedBytes()); // 128 codes of 4 bits, 2 fp32 scales
    }

    @Test
    void doubleQuantizationBits() {
        float[] w = normal(64 * 256 * 2, 3);
        BlockQuantized q = BlockQuantized.quantize(w, FourBitGrid.NF4, 64).doubleQuantized(256);
        assertEquals(8.0 / 64 + 32.0 / (64 * 256), q.scaleBitsPerValue(), 1e-15);
        assertEquals(0.127, q.scaleBitsPerValue(), 5e-4);
        // 512 blocks: 512 one-byte codes, 2 fp32 constants, 1 fp32 mean; codes 32768 x 4 bits
        assertEquals(16_384 + 512 + 8 + 4, q.storedBytes());
        // the dequantized scales stay within half an int8 step of the true ones
        for (int blk = 0; blk < q.absmax().length; blk++) {
            float step = q.dq().constants()[blk / 256] / 127;
            assertEquals(q.absmax()[blk], q.scale(blk), step / 2 + 1e-6);
        }
    }

    @Test
    void nf4BeatsInt4AndFp4OnNormalData() {
        float[] w = normal(64 * 1024, 11);
        double nf4 = rmse(w, FourBitGrid.NF4);
        double int4 = rmse(w, FourBitGrid.INT4);
        double fp4 = rmse(w, FourBitGrid.FP4);
        assertTrue(nf4 < int4 && nf4 < fp4, "nf4 " + nf4 + " int4 " + int4 + " fp4 " + fp4);
    }

    private static double rmse(float[] w, FourBitGrid grid) {
        float[] back = BlockQuantized.quantize(w, grid, 64).dequantize();
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - back[i]) * (w[i] - back[i]);
        }
        return Math.sqrt(s / w.length);
    }

    static float[] normal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return v;
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> BlockQuantized.quantize(new float[0], FourBitGrid.NF4, 64));
        assertThrows(IllegalArgumentException.class, () -> BlockQuantized.quantize(new float[] {1}, FourBitGrid.NF4, 0));
        assertThrows(IllegalArgumentException.class,
                () -> BlockQuantized.quantize(new float[] {Float.NaN}, FourBitGrid.NF4, 64));
        assertThrows(IllegalArgumentException.class, () -> FourBitGrid.NF4.level(16));
    }
}
