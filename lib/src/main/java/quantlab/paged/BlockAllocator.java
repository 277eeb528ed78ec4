package quantlab.paged;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A pool of {@code totalBlocks} KV blocks with reference counts: a block is free (count 0, on the free list) or
 * held by one or more sequences (count = holders). Sharing a prefix retains a block instead of copying it; the
 * block returns to the free list when its last holder releases it. {@link #checkInvariants()} states the rules.
 */
public final class BlockAllocator {

    private final int[] refCounts;
    private final boolean[] onFreeList;
    private final Deque<Integer> freeList = new ArrayDeque<>();

    /** A pool of {@code totalBlocks} free blocks, numbered 0 .. totalBlocks - 1. */
    public BlockAllocator(int totalBlocks) {
        if (totalBlocks <= 0) {
            throw new IllegalArgumentException("totalBlocks must be positive, got " + totalBlocks);
        }
        refCounts = new int[totalBlocks];
        onFreeList = new boolean[totalBlocks];
        for (int b = 0; b < totalBlocks; b++) {
            freeList.addLast(b);
            onFreeList[b] = true;
        }
    }

    /** Blocks in the pool. */
    public int totalBlocks() {
        return refCounts.length;
    }

    /** Blocks on the free list. */
    public int freeBlocks() {
        return freeList.size();
    }

    /** Blocks held by at least one sequence. */
    public int usedBlocks() {
        return totalBlocks() - freeBlocks();
    }

    /** True when {@link #allocate()} would succeed. */
    public boolean canAllocate() {
        return !freeList.isEmpty();
    }

    /**
     * Takes a free block; its count becomes 1.
     *
     * @throws IllegalStateException when no block is free
     */
    public int allocate() {
        Integer b = freeList.pollFirst();
        if (b == null) {
            throw new IllegalStateException("no free block: all " + totalBlocks() + " blocks are in use");
        }
        onFreeList[b] = false;
        refCounts[b] = 1;
        return b;
    }

    /** One more holder of an allocated block (a forked sequence sharing it). */
    public void retain(int block) {
        requireHeld(block, "retain");
        refCounts[block]++;
    }

    /** One holder fewer; the block goes back on the free list when none is left. */
    public void release(int block) {
        requireHeld(block, "release");
        if (--refCounts[block] == 0) {
            onFreeList[block] = true;
            freeList.addLast(block);
        }
    }

    /** Holders of {@code block}: 0 when it is free. */
    public int refCount(int block) {
        checkIndex(block);
        return refCounts[block];
    }

    /** True when {@code block} is on the free list. */
    public boolean isFree(int block) {
        checkIndex(block);
        return refCounts[block] == 0;
    }

    /** Throws naming the block when it is free (a stale block table pointing at memory that was given back). */
    public void requireHeld(int block, String action) {
        checkIndex(block);
        if (refCounts[block] == 0) {
            throw new IllegalStateException("block " + block + " is free; cannot " + action + " it");
        }
    }

    private void checkIndex(int block) {
        if (block < 0 || block >= refCounts.length) {
            throw new IllegalArgumentException("block must be in 0.." + (refCounts.length - 1) + ", got " + block);
        }
    }

    /**
     * The allocator's rules, checked one by one: every count is 0 or more; a block is on the free list exactly
     * when its count is 0; the free list holds no block twice; free + used = total.
     *
     * @throws IllegalStateException naming the first broken rule
     */
    public void checkInvariants() {
        boolean[] seen = new boolean[refCounts.length];
        for (int b : freeList) {
            if (seen[b]) {
                throw new IllegalStateException("block " + b + " is on the free list twice");
            }
            seen[b] = true;
        }
        int free = 0;
        for (int b = 0; b < refCounts.length; b++) {
            if (refCounts[b] < 0) {
                throw new IllegalStateException("block " + b + " has a negative count " + refCounts[b]);
            }
            if ((refCounts[b] == 0) != seen[b] || seen[b] != onFreeList[b]) {
                throw new IllegalStateException("block " + b + " has count " + refCounts[b] + " but is "
                        + (seen[b] ? "" : "not ") + "on the free list");
            }
            if (seen[b]) {
                free++;
            }
        }
        if (free != freeList.size() || free + usedBlocks() != totalBlocks()) {
            throw new IllegalStateException("free " + free + " + used " + usedBlocks() + " != total " + totalBlocks());
        }
    }
}
