package quantlab.paged;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A paged KV cache for one layer: K and V vectors of {@code kvHeads x headDim} floats live in blocks of
 * {@code blockSize} token slots drawn from a {@link BlockAllocator}; each sequence owns a block table. Appending
 * takes a new block only when the last one is full. {@link #fork} shares every block of a sequence (a common system
 * prompt, parallel samples) and the first append into a shared last block copies it first (copy-on-write).
 */
public final class PagedKvCache {

    private final BlockAllocator allocator;
    private final int blockSize;
    private final int kvHeads;
    private final int headDim;
    private final float[] keys;
    private final float[] values;
    private final Map<Integer, List<Integer>> tables = new LinkedHashMap<>();
    private final Map<Integer, Integer> lengths = new LinkedHashMap<>();
    private int nextSequence;
    private long copiedBlocks;

    /**
     * @param totalBlocks blocks in the pool
     * @param blockSize   token slots per block, e.g. 16 as in vLLM
     * @param kvHeads     key/value heads per token
     * @param headDim     floats per head vector
     */
    public PagedKvCache(int totalBlocks, int blockSize, int kvHeads, int headDim) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        if (kvHeads <= 0) {
            throw new IllegalArgumentException("kvHeads must be positive, got " + kvHeads);
        }
        if (headDim <= 0) {
            throw new IllegalArgumentException("headDim must be positive, got " + headDim);
        }
        this.allocator = new BlockAllocator(totalBlocks);
        this.blockSize = blockSize;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        long floats = Math.multiplyExact(Math.multiplyExact((long) totalBlocks, blockSize), (long) kvHeads * headDim);
        this.keys = new float[Math.toIntExact(floats)];
        this.values = new float[Math.toIntExact(floats)];
    }

    public BlockAllocator allocator() {
        return allocator;
    }

    public int blockSize() {
        return blockSize;
    }

    public int kvHeads() {
        return kvHeads;
    }

    public int headDim() {
        return headDim;
    }

    /** Blocks copied so far by copy-on-write. */
    public long copiedBlocks() {
        return copiedBlocks;
    }

    /** Starts an empty sequence and returns its id. */
    public int newSequence() {
        int id = nextSequence++;
        tables.put(id, new ArrayList<>());
        lengths.put(id, 0);
        return id;
    }

    /** A new sequence that shares every block of {@code parent} (no copy); returns its id. */
    public int fork(int parent) {
        List<Integer> shared = table(parent);
        int id = newSequence();
        for (int b : shared) {
            allocator.retain(b);
        }
        tables.get(id).addAll(shared);
        lengths.put(id, lengths.get(parent));
        return id;
    }

    /** Live sequence ids, in the order they were started. */
    public List<Integer> sequences() {
        return List.copyOf(tables.keySet());
    }

    /** Tokens stored for {@code sequence}. */
    public int length(int sequence) {
        table(sequence);
        return lengths.get(sequence);
    }

    /** A snapshot of the sequence's block table. */
    public BlockTable blockTable(int sequence) {
        List<Integer> t = table(sequence);
        return new BlockTable(sequence, t.stream().mapToInt(Integer::intValue).toArray(), lengths.get(sequence),
                blockSize);
    }

    /**
     * Stores one token's key and value ({@code kvHeads x headDim} floats each) at the end of the sequence.
     *
     * @throws IllegalStateException when a block is needed and none is free (nothing is changed then)
     */
    public void append(int sequence, float[] key, float[] value) {
        List<Integer> t = table(sequence);
        int width = kvHeads * headDim;
        if (key == null || key.length != width) {
            throw new IllegalArgumentException("key must hold kvHeads x headDim = " + width + " floats, got "
                    + (key == null ? "null" : key.length));
        }
        if (value == null || value.length != width) {
            throw new IllegalArgumentException("value must hold kvHeads x headDim = " + width + " floats, got "
                    + (value == null ? "null" : value.length));
        }
        int length = lengths.get(sequence);
        int slot = length % blockSize;
        if (slot == 0) {
            t.add(allocator.allocate());
        } else {
            int last = t.get(t.size() - 1);
            if (allocator.refCount(last) > 1) { // shared: copy the filled slots into a block of our own
                int copy = allocator.allocate();
                System.arraycopy(keys, offset(last, 0), keys, offset(copy, 0), slot * width);
                System.arraycopy(values, offset(last, 0), values, offset(copy, 0), slot * width);
                allocator.release(last);
                t.set(t.size() - 1, copy);
                copiedBlocks++;
            }
        }
        int block = t.get(t.size() - 1);
        System.arraycopy(key, 0, keys, offset(block, slot), width);
        System.arraycopy(value, 0, values, offset(block, slot), width);
        lengths.put(sequence, length + 1);
    }

    /** Ends a sequence: releases each of its blocks once. */
    public void free(int sequence) {
        for (int b : table(sequence)) {
            allocator.release(b);
        }
        tables.remove(sequence);
        lengths.remove(sequence);
    }

    /** Copies the key of {@code head} at slot {@code slot} of {@code block} into {@code out} (headDim floats). */
    public void readKey(int block, int slot, int head, float[] out) {
        read(keys, block, slot, head, out);
    }

    /** Copies the value of {@code head} at slot {@code slot} of {@code block} into {@code out}. */
    public void readValue(int block, int slot, int head, float[] out) {
        read(values, block, slot, head, out);
    }

    private void read(float[] store, int block, int slot, int head, float[] out) {
        allocator.requireHeld(block, "read");
        if (slot < 0 || slot >= blockSize) {
            throw new IllegalArgumentException("slot must be in 0.." + (blockSize - 1) + ", got " + slot);
        }
        if (head < 0 || head >= kvHeads) {
            throw new IllegalArgumentException("head must be in 0.." + (kvHeads - 1) + ", got " + head);
        }
        System.arraycopy(store, offset(block, slot) + head * headDim, out, 0, headDim);
    }

    private int offset(int block, int slot) {
        return (block * blockSize + slot) * kvHeads * headDim;
    }

    private List<Integer> table(int sequence) {
        List<Integer> t = tables.get(sequence);
        if (t == null) {
            throw new IllegalArgumentException("sequence " + sequence + " does not exist (never started or freed)");
        }
        return t;
    }

    /**
     * The cache's rules on top of the allocator's: every block a table lists is held, and each block's count equals
     * the number of table entries that list it (so no block is lost or counted twice).
     */
    public void checkInvariants() {
        allocator.checkInvariants();
        int[] listed = new int[allocator.totalBlocks()];
        for (Map.Entry<Integer, List<Integer>> e : tables.entrySet()) {
            int length = lengths.get(e.getKey());
            if (BlockTable.blocksNeeded(length, blockSize) != e.getValue().size()) {
                throw new IllegalStateException("sequence " + e.getKey() + " holds " + e.getValue().size()
                        + " blocks for " + length + " tokens");
            }
            for (int b : e.getValue()) {
                listed[b]++;
            }
        }
        for (int b = 0; b < listed.length; b++) {
            if (listed[b] != allocator.refCount(b)) {
                throw new IllegalStateException("block " + b + " is listed " + listed[b] + " times but has count "
                        + allocator.refCount(b));
            }
        }
    }
}
