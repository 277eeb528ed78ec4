package quantlab.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Paged attention against the contiguous specification on random K/V, across block boundaries; block arithmetic. */
class PagedAttentionTest {

    private static final int QUERY_HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HEAD_DIM = 8;

    @ParameterizedTest(name = "block size {0}")
    @ValueSource(ints = {1, 16, 17})
    void pagedEqualsContiguous(int blockSize) {
        SplittableRandom random = new SplittableRandom(7L * blockSize);
        int[] lengths = {1, 2, 15, 16, 17, 18, 33, 34, 35, 50, 51, 64};
        for (int length : lengths) {
            PagedKvCache cache = new PagedKvCache(256, blockSize, KV_HEADS, HEAD_DIM);
            // two sequences interleaved, so the blocks of one are not contiguous in the pool
            int seq = cache.newSequence();
            int other = cache.newSequence();
            float[][] keys = new float[length][];
            float[][] values = new float[length][];
            for (int t = 0; t < length; t++) {
                keys[t] = randomVector(random, KV_HEADS * HEAD_DIM, 3);
                values[t] = randomVector(random, KV_HEADS * HEAD_DIM, 1);
                cache.append(seq, keys[t], values[t]);
                cache.append(other, randomVector(random, KV_HEADS * HEAD_DIM, 1), randomVector(random, KV_HEADS * HEAD_DIM, 1));
            }
            float[] query = randomVector(random, QUERY_HEADS * HEAD_DIM, 2);
            float[] expected = PagedAttention.contiguous(query, QUERY_HEADS, keys, values, KV_HEADS, HEAD_DIM);
            float[] actual = PagedAttention.attend(query, QUERY_HEADS, cache, cache.blockTable(seq));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6f * Math.max(1, Math.abs(expected[i])),
                        "length " + length + ", element " + i);
            }
        }
    }

    @Test
    void contiguousMatchesAHandWorkedCase() {
        // one head, dim 1, q = 1; keys 0 and ln(3) * sqrt(1): weights 1 : 3, values 4 and 8 -> (4 + 24) / 4 = 7
        float[] out = PagedAttention.contiguous(new float[] {1}, 1, new float[][] {{0}, {(float) Math.log(3)}},
                new float[][] {{4}, {8}}, 1, 1);
        assertEquals(7.0f, out[0], 1e-5f);
    }

    @Test
    void blockArithmetic() {
        assertEquals(3, BlockTable.blocksNeeded(33, 16));   // 16 + 16 + 1
        assertEquals(2, BlockTable.blocksNeeded(32, 16));
        assertEquals(0, BlockTable.blocksNeeded(0, 16));
        assertEquals(15, new BlockTable(0, new int[] {4, 9, 2}, 33, 16).lastBlockWaste()); // 48 - 33
        assertEquals(1, new BlockTable(0, new int[] {5, 6}, 33, 17).lastBlockWaste());      // 34 - 33
    }

    @Test
    void staleTableAfterFreeIsRefusedWithTheBlockNamed() {
        PagedKvCache cache = new PagedKvCache(4, 2, 1, 2);
        int seq = cache.newSequence();
        cache.append(seq, new float[] {1, 0}, new float[] {1, 1});
        BlockTable before = cache.blockTable(seq);
        cache.free(seq);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PagedAttention.attend(new float[] {1, 0}, 1, cache, before));
        assertTrue(e.getMessage().contains("block " + before.blocks()[0]) && e.getMessage().contains("freed"),
                e.getMessage());
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> PagedAttention.attend(new float[6], 3, new PagedKvCache(4, 2, 2, 2), before));
        assertTrue(heads.getMessage().contains("kvHeads must divide queryHeads"), heads.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PagedKvCache(4, 0, 1, 2), "blockSize 0");
        assertThrows(IllegalArgumentException.class, () -> new BlockAllocator(0), "totalBlocks 0");
        BlockAllocator a = new BlockAllocator(1);
        int b = a.allocate();
        a.release(b);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> a.release(b));
        assertTrue(twice.getMessage().contains("block 0 is free"), twice.getMessage());
    }

    @Test
    void copyOnWriteOfASharedPrefix() {
        // 4 forks of a 40-token prefix in blocks of 16: blocks 0 and 1 full and shared, block 2 holds 8 tokens.
        // Each fork adds 10 tokens: the first three find block 2 shared and copy it; the last owns it by then.
        // In use: 2 shared + 4 third blocks + 4 new blocks = 10; stored separately: 4 x ceil(50 / 16) = 16.
        PrefixSharing p = PrefixSharing.measure(4, 40, 10, 16);
        assertEquals(10, p.blocksShared());
        assertEquals(16, p.blocksSeparate());
        assertEquals(3, p.copiedBlocks());
        assertEquals(1 - 10 / 16.0, p.saving(), 1e-12);
    }

    private static float[] randomVector(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }
}
