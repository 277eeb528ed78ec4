package quantlab.kernels;

import quantlab.quantization.BlockFormat;

/** The shared plumbing of the ggml block layouts: quantizing into them, checking them, reading a block's scale. */
final class BlockLayouts {

    private BlockLayouts() {
    }

    static void checkShape(int rows, int cols) {
        GemvWeights.checkShape(rows, cols);
        if (cols % BlockFormat.BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("cols must be a multiple of " + BlockFormat.BLOCK_SIZE
                    + " (the block size of Q8_0 and Q4_0), got " + cols);
        }
    }

    static void checkData(byte[] data, int rows, int cols, int blockBytes) {
        checkShape(rows, cols);
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        long expected = (long) rows * (cols / BlockFormat.BLOCK_SIZE) * blockBytes;
        if (data.length != expected) {
            throw new IllegalArgumentException("data length must be rows x cols / 32 x " + blockBytes + " = "
                    + expected + ", got " + data.length);
        }
    }

    /** Each row's blocks quantized by {@code format} and laid out one after another, as {@code toBytes} gives them. */
    static byte[] quantize(BlockFormat format, float[] values, int rows, int cols) {
        checkShape(rows, cols);
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("values length must be rows x cols = " + (long) rows * cols + ", got "
                    + values.length);
        }
        int blocks = values.length / BlockFormat.BLOCK_SIZE;
        byte[] out = new byte[Math.multiplyExact(blocks, format.bytesPerBlock())];
        float[] block = new float[BlockFormat.BLOCK_SIZE];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(values, b * BlockFormat.BLOCK_SIZE, block, 0, BlockFormat.BLOCK_SIZE);
            byte[] bytes = format.quantize(block).toBytes();
            System.arraycopy(bytes, 0, out, b * format.bytesPerBlock(), bytes.length);
        }
        return out;
    }

    /** The fp16 scale d at byte {@code at} (little-endian), widened to float. */
    static float scale(byte[] data, int at) {
        return Float.float16ToFloat((short) ((data[at] & 0xFF) | data[at + 1] << 8));
    }
}
