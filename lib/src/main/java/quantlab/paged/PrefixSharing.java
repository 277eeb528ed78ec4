package quantlab.paged;

/**
 * What sharing a common prefix saves in a real {@link PagedKvCache}: {@code requests} sequences start with the same
 * {@code prefixTokens} (a system prompt, or one prompt sampled {@code requests} times), then each appends
 * {@code ownTokens} of its own. Measured by running the cache, once with forks and once with separate copies.
 *
 * @param requests       sequences
 * @param prefixTokens   the shared prefix
 * @param ownTokens      tokens each sequence adds after the prefix
 * @param blockSize      tokens per block
 * @param blocksShared   blocks in use with one prefix forked to every sequence
 * @param blocksSeparate blocks in use when every sequence stores the prefix itself
 * @param copiedBlocks   blocks copied on write (a shared, partly filled last block of the prefix)
 */
public record PrefixSharing(int requests, int prefixTokens, int ownTokens, int blockSize, int blocksShared,
                            int blocksSeparate, long copiedBlocks) {

    /** Runs both layouts in caches of one head of 4 floats (the block counts do not depend on the width). */
    public static PrefixSharing measure(int requests, int prefixTokens, int ownTokens, int blockSize) {
        if (requests <= 0) {
            throw new IllegalArgumentException("requests must be positive, got " + requests);
        }
        if (prefixTokens <= 0 || ownTokens < 0) {
            throw new IllegalArgumentException("prefixTokens must be positive and ownTokens not negative, got "
                    + prefixTokens + " and " + ownTokens);
        }
        int perSequence = BlockTable.blocksNeeded(prefixTokens + ownTokens, blockSize);
        int pool = requests * perSequence + 1;
        float[] kv = new float[4];
        PagedKvCache shared = new PagedKvCache(pool, blockSize, 1, 4);
        int parent = shared.newSequence();
        for (int t = 0; t < prefixTokens; t++) {
            shared.append(parent, kv, kv);
        }
        int[] children = new int[requests];
        for (int r = 0; r < requests; r++) {
            children[r] = shared.fork(parent);
        }
        shared.free(parent); // the forks keep the prefix blocks alive
        for (int r = 0; r < requests; r++) {
            for (int t = 0; t < ownTokens; t++) {
                shared.append(children[r], kv, kv);
            }
        }
        shared.checkInvariants();
        PagedKvCache separate = new PagedKvCache(pool, blockSize, 1, 4);
        for (int r = 0; r < requests; r++) {
            int s = separate.newSequence();
            for (int t = 0; t < prefixTokens + ownTokens; t++) {
                separate.append(s, kv, kv);
            }
        }
        return new PrefixSharing(requests, prefixTokens, ownTokens, blockSize, shared.allocator().usedBlocks(),
                separate.allocator().usedBlocks(), shared.copiedBlocks());
    }

    /** The fraction of blocks sharing saves. */
    public double saving() {
        return 1 - blocksShared / (double) blocksSeparate;
    }
}
