package quantlab.exercises.ch10;

/**
 * Chapter 10, "PagedAttention and serving": the arithmetic of block tables.
 *
 * <p>A paged KV cache stores each sequence in blocks of {@code blockSize} token slots. A sequence's block table lists
 * its physical blocks in order; only the last block can be partly empty. Blocks have reference counts: a block
 * shared by several sequences (a forked prompt) has a count above 1.
 *
 * <p>Replace each {@code throw new UnsupportedOperationException(...)} with your own code. Where a method lists
 * rules for its arguments, throw an {@link IllegalArgumentException} naming the parameter and showing its value,
 * e.g. {@code "blockSize must be positive, got 0"}.
 */
public final class BlockTables {

    private BlockTables() {
    }

    /**
     * Exercise 1. Blocks a sequence of {@code tokens} tokens needs: tokens / blockSize, rounded up.
     *
     * <p>Example: 33 tokens in blocks of 16 need 3 blocks (16 + 16 + 1); 32 tokens need 2; 0 tokens need 0.
     *
     * @param tokens    must be zero or more
     * @param blockSize must be positive
     */
    public static long blocksNeeded(long tokens, int blockSize) {
        checkTokens(tokens);
        checkBlockSize(blockSize);
        return (tokens + blockSize - 1) / blockSize;
    }

    /**
     * Exercise 2. Empty slots in the sequence's last block: blocks x blockSize - tokens.
     *
     * <p>Example: 33 tokens in blocks of 16 leave 48 - 33 = 15 empty slots; 32 tokens leave 0.
     *
     * @param tokens    must be zero or more
     * @param blockSize must be positive
     */
    public static long lastBlockWaste(long tokens, int blockSize) {
        return blocksNeeded(tokens, blockSize) * blockSize - tokens;
    }

    /**
     * Exercise 3. Blocks a whole batch needs when no blocks are shared: the sum of each sequence's blocks.
     *
     * <p>Example: lengths {400, 401, 6000} in blocks of 16 need 25 + 26 + 375 = 426 blocks.
     *
     * @param lengths   tokens of each sequence; must not be null, each zero or more
     * @param blockSize must be positive
     */
    public static long blocksForBatch(long[] lengths, int blockSize) {
        if (lengths == null) {
            throw new IllegalArgumentException("lengths must not be null, got null");
        }
        checkBlockSize(blockSize);
        long sum = 0;
        for (long n : lengths) {
            sum += blocksNeeded(n, blockSize);
        }
        return sum;
    }

    /**
     * Exercise 4. One append with copy-on-write. The sequence holds {@code length} tokens in the blocks of
     * {@code table}; appending one more token does exactly one of three things:
     *
     * <ol>
     *   <li>the last block is full (or there is none: {@code length % blockSize == 0}): take {@code freeBlock},
     *       set its count to 1 and add it at the end of the table;</li>
     *   <li>the last block has room but is shared (count above 1): copy it into {@code freeBlock}. The new block
     *       replaces the last entry of the table with count 1, and the old block's count drops by one;</li>
     *   <li>the last block has room and is ours alone: nothing changes (the token is written in place).</li>
     * </ol>
     *
     * <p>Update {@code refCounts} in place and return the new table (a new array; leave {@code table} untouched).
     * Example: blocks of 4, table {7, 2}, length 6, counts of 7 and 2 both 2 (the sequence was forked); freeBlock
     * 5: block 2 has room but is shared, so the result is {7, 5} with counts 7 -> 2, 2 -> 1, 5 -> 1.
     *
     * @param refCounts every block's reference count, indexed by block number
     * @param table     the sequence's blocks, in order; must hold exactly blocksNeeded(length, blockSize) entries
     * @param length    tokens stored; must be zero or more
     * @param blockSize must be positive
     * @param freeBlock a block with count 0, used only when a block is needed
     * @throws IllegalArgumentException when {@code table} does not match {@code length} (message names
     *                                  {@code table}) or {@code freeBlock} is in use (message names {@code freeBlock})
     */
    public static int[] append(int[] refCounts, int[] table, int length, int blockSize, int freeBlock) {
        checkBlockSize(blockSize);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        if (table == null || table.length != blocksNeeded(length, blockSize)) {
            throw new IllegalArgumentException("table must hold " + blocksNeeded(length, blockSize) + " blocks for "
                    + length + " tokens, got " + (table == null ? "null" : table.length));
        }
        if (length % blockSize == 0) {
            requireFree(refCounts, freeBlock);
            int[] grown = java.util.Arrays.copyOf(table, table.length + 1);
            grown[table.length] = freeBlock;
            refCounts[freeBlock] = 1;
            return grown;
        }
        int last = table[table.length - 1];
        int[] out = table.clone();
        if (refCounts[last] > 1) {
            requireFree(refCounts, freeBlock);
            refCounts[last]--;
            refCounts[freeBlock] = 1;
            out[out.length - 1] = freeBlock;
        }
        return out;
    }

    private static void requireFree(int[] refCounts, int freeBlock) {
        if (freeBlock < 0 || freeBlock >= refCounts.length || refCounts[freeBlock] != 0) {
            throw new IllegalArgumentException("freeBlock must be a block with count 0, got " + freeBlock);
        }
    }

    private static void checkTokens(long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, got " + tokens);
        }
    }

    private static void checkBlockSize(int blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
    }
}
