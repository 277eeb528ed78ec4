package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/**
 * Rows split over 1 to 4 threads ({@link ThreadedGemv}) and the prefill product ({@link Gemm}) give, bit for bit,
 * what the single-threaded kernel gives one token at a time, for the scalar and the Vector API kernels. The single
 * threaded kernels are checked against their specifications elsewhere (GemvKernelsTest, SimdKernelsTest); equality
 * here is exact ({@code assertArrayEquals} on floats compares bits), since each row is summed by one thread in the
 * same order whichever thread it is.
 */
class SimdThreadedKernelsTest {

    private static final int[][] SHAPES = {{1, 64}, {5, 96}, {17, 128}, {33, 160}, {100, 256}, {131, 64}};
    private static final List<KernelThreads> POOLS = new ArrayList<>();

    @BeforeAll
    static void startPools() {
        for (int t = 1; t <= 4; t++) {
            POOLS.add(KernelThreads.of(t));
        }
    }

    @AfterAll
    static void stopPools() {
        POOLS.forEach(KernelThreads::close);
    }

    private static float[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Every kernel of the package, scalar and SIMD, at one shape (cols a multiple of 32 for the int4 blocks; SIMD W4A8 where it is one of 128). */
    private static List<GemvWeights> kernels(int rows, int cols) {
        float[] w = gaussian(rows * cols, rows * 31L + cols);
        QuantizedTensor q8 = Quantizer.symmetric(8).with(Granularity.perRow()).quantize(w, rows, cols);
        QuantizedTensor q4 = Quantizer.symmetric(4).with(Granularity.perGroup(32)).quantize(w, rows, cols);
        Fp32Weights fp32 = Fp32Weights.of(w, rows, cols);
        Int8RowWeights int8 = Int8RowWeights.from(q8);
        Int4GroupWeights int4 = Int4GroupWeights.from(q4);
        Q8_0Weights q8b = Q8_0Weights.quantize(w, rows, cols);
        Q4_0Weights q4b = Q4_0Weights.quantize(w, rows, cols);
        List<GemvWeights> out = new ArrayList<>(List.of(fp32, int8, int4, Int4GroupA8Weights.of(int4), q8b, q4b,
                SimdFp32Weights.of(fp32), SimdInt8RowWeights.of(int8), SimdInt4GroupWeights.of(int4),
                SimdQ8_0Weights.of(q8b), SimdQ4_0Weights.of(q4b)));
        if (cols % 128 == 0) {
            // The SIMD W4A8 kernel sums spans of 128 codes under one scale: groups of 128 here.
            out.add(SimdInt4GroupA8Weights.from(Quantizer.symmetric(4).with(Granularity.perGroup(128))
                    .quantize(w, rows, cols)));
        }
        return out;
    }

    @Test
    void threadedGemvIsBitForBitOneThread() {
        for (int[] shape : SHAPES) {
            float[] x = gaussian(shape[1], 5);
            for (GemvWeights k : kernels(shape[0], shape[1])) {
                float[] expected = k.multiply(x);
                for (KernelThreads pool : POOLS) {
                    ThreadedGemv t = ThreadedGemv.of(k, pool);
                    float[] y = new float[shape[0]];
                    t.multiply(x, y);
                    assertArrayEquals(expected, y, t.label() + " " + shape[0] + " x " + shape[1]);
                    // Again into the same y: nothing left over from the last product.
                    t.multiply(x, y);
                    assertArrayEquals(expected, y, t.label() + " second product");
                }
            }
        }
    }

    @Test
    void partialRangesLeaveOtherRowsAlone() {
        GemvWeights k = SimdInt8RowWeights.of(Int8RowWeights.from(Quantizer.symmetric(8)
                .with(Granularity.perRow()).quantize(gaussian(37 * 64, 9), 37, 64)));
        float[] x = gaussian(64, 10);
        float[] full = k.multiply(x);
        ThreadedGemv t = ThreadedGemv.of(k, POOLS.get(2));
        float[] y = new float[37];
        java.util.Arrays.fill(y, 99f);
        t.multiplyRows(x, y, 3, 30);
        for (int r = 0; r < 37; r++) {
            assertEquals(r >= 3 && r < 30 ? full[r] : 99f, y[r], "row " + r);
        }
    }

    @Test
    void gemmIsBitForBitOneGemvPerToken() {
        for (int[] shape : SHAPES) {
            int tokens = 5;
            float[][] x = new float[tokens][];
            for (int t = 0; t < tokens; t++) {
                x[t] = gaussian(shape[1], 100 + t);
            }
            for (GemvWeights k : kernels(shape[0], shape[1])) {
                for (KernelThreads pool : POOLS) {
                    Gemm gemm = Gemm.of(k, pool);
                    float[][] y = gemm.multiply(x);
                    for (int t = 0; t < tokens; t++) {
                        assertArrayEquals(k.multiply(x[t]), y[t], k.label() + ", " + pool.threads() + " threads, "
                                + shape[0] + " x " + shape[1] + ", token " + t);
                    }
                }
            }
        }
    }

    @Test
    void chunksCoverTheRangeOnAlignedBounds() {
        // 100 rows in units of 16: 7 units (the last one 4 rows); over 3 threads units 0-1, 2-3, 4-6.
        assertEquals(0, KernelThreads.chunkStart(0, 100, 16, 3));
        assertEquals(32, KernelThreads.chunkStart(1, 100, 16, 3));
        assertEquals(64, KernelThreads.chunkStart(2, 100, 16, 3));
        assertEquals(100, KernelThreads.chunkStart(3, 100, 16, 3));
        // Fewer units than threads: one unit of 5 rows over 4 threads; chunks 0 to 2 are empty, chunk 3 is 0-5.
        assertEquals(0, KernelThreads.chunkStart(1, 5, 16, 4));
        assertEquals(0, KernelThreads.chunkStart(3, 5, 16, 4));
        assertEquals(5, KernelThreads.chunkStart(4, 5, 16, 4));
    }

    @Test
    void rowBlocksHoldAbout128KiBOfWeights() {
        // fp32 8192 cols: 32 KiB per row, 4 rows, rounded up to the minimum of 16; int8 1024 cols: 1028 B per row,
        // 131072 / 1028 = 127.5 rows, down to 112.
        assertEquals(16, Gemm.rowBlockFor(Fp32Weights.of(new float[8192], 1, 8192)));
        assertEquals(112, Gemm.rowBlockFor(Int8RowWeights.of(new byte[1024], new float[] {1}, 1, 1024)));
    }
}
