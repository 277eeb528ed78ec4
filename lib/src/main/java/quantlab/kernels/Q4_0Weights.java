package quantlab.kernels;

import quantlab.quantization.BlockFormat;

/**
 * Weights in llama.cpp's Q4_0 byte layout ({@link BlockFormat#Q4_0}): each row is cut into blocks of 32 weights, each
 * stored as 18 bytes, a little-endian fp16 scale d and 16 bytes of nibbles; byte j holds stored code u_j in its low
 * nibble and u_{j+16} in its high one, and the weight is (u - 8) x d. The kernel sums (u - 8) x x in float per block
 * and multiplies by d once. 4.5 bits per weight, against 4.25 for {@link Int4GroupWeights} with groups of 128.
 */
public final class Q4_0Weights implements GemvWeights {

    /** Bytes per block of 32 weights. */
    public static final int BLOCK_BYTES = 18;

    private final byte[] data;
    private final int rows;
    private final int cols;

    private Q4_0Weights(byte[] data, int rows, int cols) {
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Quantizes row-major values block by block with {@link BlockFormat#Q4_0} and lays the blocks out as ggml does.
     *
     * @throws IllegalArgumentException if the length is not rows x cols, cols is not a multiple of 32 or a value is
     *                                  not finite
     */
    public static Q4_0Weights quantize(float[] values, int rows, int cols) {
        return new Q4_0Weights(BlockLayouts.quantize(BlockFormat.Q4_0, values, rows, cols), rows, cols);
    }

    /**
     * Copies bytes already in the Q4_0 layout: rows x cols / 32 blocks of 18 bytes.
     *
     * @throws IllegalArgumentException if cols is not a multiple of 32 or the length does not match the shape
     */
    public static Q4_0Weights of(byte[] data, int rows, int cols) {
        BlockLayouts.checkData(data, rows, cols, BLOCK_BYTES);
        return new Q4_0Weights(data.clone(), rows, cols);
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

    /** rows x cols / 32 blocks of 18 bytes. */
    @Override
    public long weightBytes() {
        return bytesFor(rows, cols);
    }

    /** The bytes Q4_0 weights of rows x cols take: 18 per 32 weights. */
    public static long bytesFor(int rows, int cols) {
        BlockLayouts.checkShape(rows, cols);
        return (long) rows * (cols / BlockFormat.BLOCK_SIZE) * BLOCK_BYTES;
    }

    @Override
    public String label() {
        return "Q4_0";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        int blocks = cols / BlockFormat.BLOCK_SIZE;
        int half = BlockFormat.BLOCK_SIZE / 2;
        for (int r = fromRow; r < toRow; r++) {
            float sum = 0f;
            for (int k = 0; k < blocks; k++) {
                int at = (r * blocks + k) * BLOCK_BYTES + 2;
                float d = BlockLayouts.scale(data, at - 2);
                int c0 = k * BlockFormat.BLOCK_SIZE;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                for (int j = 0; j < half; j += 2) {
                    int b0 = data[at + j];
                    int b1 = data[at + j + 1];
                    s0 += ((b0 & 0x0F) - 8) * x[c0 + j];
                    s1 += (((b0 >> 4) & 0x0F) - 8) * x[c0 + half + j];
                    s2 += ((b1 & 0x0F) - 8) * x[c0 + j + 1];
                    s3 += (((b1 >> 4) & 0x0F) - 8) * x[c0 + half + j + 1];
                }
                sum += ((s0 + s1) + (s2 + s3)) * d;
            }
            y[r] = sum;
        }
    }

    @Override
    public String toString() {
        return "Q4_0Weights[" + rows + " x " + cols + "]";
    }
}
