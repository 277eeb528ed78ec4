package quantlab.paged;

/**
 * A snapshot of one sequence's block table: which physical block holds each run of {@code blockSize} logical
 * positions, and how many positions are filled. Paged attention reads K and V through it; a snapshot taken before
 * the sequence was freed refers to blocks that are free, and reading through it fails with the block named.
 *
 * @param sequence  the sequence id
 * @param blocks    physical block ids, logical block i at index i
 * @param length    tokens stored, at most blocks.length x blockSize
 * @param blockSize tokens per block
 */
public record BlockTable(int sequence, int[] blocks, int length, int blockSize) {

    public BlockTable {
        blocks = blocks.clone();
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        if (length < 0 || length > (long) blocks.length * blockSize) {
            throw new IllegalArgumentException("length must be in 0.." + (long) blocks.length * blockSize
                    + " for " + blocks.length + " blocks, got " + length);
        }
    }

    @Override
    public int[] blocks() {
        return blocks.clone();
    }

    /** Blocks needed for {@code tokens} tokens: tokens / blockSize rounded up. */
    public static int blocksNeeded(long tokens, int blockSize) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, got " + tokens);
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        return Math.toIntExact(Math.ceilDiv(tokens, (long) blockSize));
    }

    /** Slots allocated but empty: all in the last block, fewer than one block. */
    public int lastBlockWaste() {
        return blocks.length * blockSize - length;
    }

    /** The physical block that holds logical position {@code position}. */
    public int blockOf(int position) {
        if (position < 0 || position >= length) {
            throw new IllegalArgumentException("position must be in 0.." + (length - 1) + ", got " + position);
        }
        return blocks[position / blockSize];
    }
}
