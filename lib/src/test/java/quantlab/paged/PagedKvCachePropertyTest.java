package quantlab.paged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random operations (start, fork, append, free) on a small pool, with the allocator's and the cache's
 * invariants checked after each, and every sequence's contents compared with a plain list kept beside it (every
 * eighth operation): freeing
 * and sharing never lose a block, never count one twice, and copy-on-write never lets one sequence see another's
 * tokens.
 */
class PagedKvCachePropertyTest {

    private static final int HEAD_DIM = 2;

    @Test
    void randomOperationsKeepEveryInvariant() {
        for (int blockSize : new int[] {1, 4, 16}) {
            run(new SplittableRandom(20231023L + blockSize), blockSize, 4000);
        }
    }

    private static void run(SplittableRandom random, int blockSize, int operations) {
        PagedKvCache cache = new PagedKvCache(160 / blockSize, blockSize, 1, HEAD_DIM); // small, so the pool runs dry
        Map<Integer, List<Float>> shadow = new HashMap<>(); // each sequence's tokens, by the value written
        float nextValue = 1;
        int appends = 0;
        int forks = 0;
        int frees = 0;
        int refused = 0;
        for (int op = 0; op < operations; op++) {
            List<Integer> live = cache.sequences();
            int choice = random.nextInt(10);
            if (live.isEmpty() || choice == 0) {
                shadow.put(cache.newSequence(), new ArrayList<>());
            } else {
                int seq = live.get(random.nextInt(live.size()));
                if (choice <= 6) {
                    if (cache.allocator().freeBlocks() == 0 && cache.length(seq) % blockSize == 0
                            || cache.allocator().freeBlocks() == 0 && cache.allocator().refCount(lastBlock(cache, seq)) > 1) {
                        int used = cache.allocator().usedBlocks();
                        assertThrows(IllegalStateException.class, () -> cache.append(seq, new float[HEAD_DIM],
                                new float[HEAD_DIM]));
                        assertEquals(used, cache.allocator().usedBlocks(), "a refused append must change nothing");
                        assertEquals(shadow.get(seq).size(), cache.length(seq));
                        refused++;
                    } else {
                        float v = nextValue++;
                        cache.append(seq, new float[] {v, -v}, new float[] {2 * v, -2 * v});
                        shadow.get(seq).add(v);
                        appends++;
                    }
                } else if (choice == 7) {
                    int child = cache.fork(seq);
                    shadow.put(child, new ArrayList<>(shadow.get(seq)));
                    forks++;
                } else {
                    BlockTable stale = cache.blockTable(seq);
                    cache.free(seq);
                    shadow.remove(seq);
                    frees++;
                    if (stale.length() > 0) {
                        boolean anyFreed = false;
                        for (int b : stale.blocks()) {
                            anyFreed |= cache.allocator().isFree(b);
                        }
                        if (anyFreed) {
                            IllegalStateException e = assertThrows(IllegalStateException.class,
                                    () -> PagedAttention.attend(new float[HEAD_DIM], 1, cache, stale));
                            assertTrue(e.getMessage().contains("freed"), e.getMessage());
                        }
                    }
                }
            }
            cache.checkInvariants();
            assertEquals(sum(cache), cache.allocator().usedBlocks() > 0 ? cache.allocator().usedBlocks() : 0,
                    "used blocks equal the distinct blocks listed by live tables");
            if (op % 8 == 0 || op == operations - 1) { // contents cost O(tokens): every 8th operation
                checkContents(cache, shadow);
            }
        }
        assertTrue(appends > 600 && forks > 100 && frees > 100 && refused > 10,
                "the run must exercise every operation: appends " + appends + ", forks " + forks + ", frees " + frees
                        + ", appends refused for want of a block " + refused);
        assertTrue(cache.copiedBlocks() > 0 || blockSize == 1, "copy-on-write must have happened");
        for (int seq : cache.sequences()) {
            cache.free(seq);
        }
        cache.checkInvariants();
        assertEquals(0, cache.allocator().usedBlocks(), "freeing everything returns every block");
    }

    private static int lastBlock(PagedKvCache cache, int seq) {
        int[] blocks = cache.blockTable(seq).blocks();
        return blocks.length == 0 ? -1 : blocks[blocks.length - 1];
    }

    private static int sum(PagedKvCache cache) {
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (int seq : cache.sequences()) {
            for (int b : cache.blockTable(seq).blocks()) {
                distinct.add(b);
            }
        }
        return distinct.size();
    }

    private static void checkContents(PagedKvCache cache, Map<Integer, List<Float>> shadow) {
        float[] k = new float[HEAD_DIM];
        float[] v = new float[HEAD_DIM];
        assertEquals(shadow.keySet(), new java.util.HashSet<>(cache.sequences()));
        for (int seq : cache.sequences()) {
            BlockTable t = cache.blockTable(seq);
            List<Float> expected = shadow.get(seq);
            assertEquals(expected.size(), t.length());
            for (int pos = 0; pos < t.length(); pos++) {
                cache.readKey(t.blockOf(pos), pos % t.blockSize(), 0, k);
                cache.readValue(t.blockOf(pos), pos % t.blockSize(), 0, v);
                float e = expected.get(pos);
                assertArrayEquals(new float[] {e, -e}, k, "key of sequence " + seq + " at " + pos);
                assertArrayEquals(new float[] {2 * e, -2 * e}, v, "value of sequence " + seq + " at " + pos);
            }
        }
    }
}
