package quantlab.kernels;

import quantlab.quantization.BlockFormat;

/**
 * Weights in llama.cpp's Q8_0 byte layout ({@link BlockFormat#Q8_0}): each row is cut into blocks of 32 weights, each
 * stored as 34 bytes, a little-endian fp16 scale d and 32 int8 codes; blocks follow each other row by row, as in a
 * GGUF tensor. The kernel sums code x x in float per block and multiplies by the block's d once: a scale every 32
 * weights, where {@link Int8RowWeights} has one per row (8.5 bits per weight against 8 and a little).
 */
public final class Q8_0Weights implements GemvWeights {

    /** Bytes per block of 32 weights. */
    public static final int BLOCK_BYTES = 34;

    private final byte[] data;
    private final int rows;
    private final int cols;

    private Q8_0Weights(byte[] data, int rows, int cols) {
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Quantizes row-major values block by block with {@link BlockFormat#Q8_0} and lays the blocks out as ggml does.
     *
     * @throws IllegalArgumentException if the length is not rows x cols, cols is not a multiple of 32 or a value is
     *                                  not finite
     */
    public static Q8_0Weights quantize(float[] values, int rows, int cols) {
        return new Q8_0Weights(BlockLayouts.quantize(BlockFormat.Q8_0, values, rows, cols), rows, cols);
    }

    /**
     * Copies bytes already in the Q8_0 layout: rows x cols / 32 blocks of 34 bytes.
     *
     * @throws IllegalArgumentException if cols is not a multiple of 32 or the length does not match the shape
     */
    public static Q8_0Weights of(byte[] data, int rows, int cols) {
        BlockLayouts.checkData(data, rows, cols, BLOCK_BYTES);
        return new Q8_0Weights(data.clone(), rows, cols);
    }

    /** The bytes themselves, not a copy: for the SIMD kernel of this package, which only reads them. */
    byte[] data() {
        return data;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** rows x cols / 32 blocks of 34 bytes. */
    @Override
    public long weightBytes() {
        return bytesFor(rows, cols);
    }

    /** The bytes Q8_0 weights of rows x cols take: 34 per 32 weights. */
    public static long bytesFor(int rows, int cols) {
        BlockLayouts.checkShape(rows, cols);
        return (long) rows * (cols / BlockFormat.BLOCK_SIZE) * BLOCK_BYTES;
    }

    @Override
    public String label() {
        return "Q8_0";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        int blocks = cols / BlockFormat.BLOCK_SIZE;
        for (int r = fromRow; r < toRow; r++) {
            float sum = 0f;
            for (int k = 0; k < blocks; k++) {
                int at = (r * blocks + k) * BLOCK_BYTES;
                float d = BlockLayouts.scale(data, at);
                int c0 = k * BlockFormat.BLOCK_SIZE;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                for (int j = 0; j < BlockFormat.BLOCK_SIZE; j += 4) {
                    s0 += data[at + 2 + j] * x[c0 + j];
                    s1 += data[at + 3 + j] * x[c0 + j + 1];
                    s2 += data[at + 4 + j] * x[c0 + j + 2];
                    s3 += data[at + 5 + j] * x[c0 + j + 3];
                }
                sum += ((s0 + s1) + (s2 + s3)) * d;
            }
            y[r] = sum;
        }
    }

    @Override
    public String toString() {
        return "Q8_0Weights[" + rows + " x " + cols + "]";
    }
}
