package quantlab.kernels;

import quantlab.quantization.Granularity;
import quantlab.quantization.QuantizedTensor;

/**
 * Symmetric int4 weights, two codes per byte, with one scale per group of {@code groupSize} weights along each row.
 * Code 2i sits in the low nibble of byte i and code 2i+1 in the high nibble, as two's complement nibbles (the layout
 * of {@link QuantizedTensor#packInt4()}). The kernel unpacks with shifts: {@code (b << 28) >> 28} sign-extends the
 * low nibble and {@code b >> 4} (b already sign-extended from byte) the high one; it sums code x x in float per group
 * and multiplies by the group's scale once.
 */
public final class Int4GroupWeights implements GemvWeights {

    private final byte[] packed;
    private final float[] scales;
    private final int rows;
    private final int cols;
    private final int groupSize;

    private Int4GroupWeights(byte[] packed, float[] scales, int rows, int cols, int groupSize) {
        this.packed = packed;
        this.scales = scales;
        this.rows = rows;
        this.cols = cols;
        this.groupSize = groupSize;
    }

    /**
     * Packs the codes of a tensor quantized symmetric, 4-bit, per group.
     *
     * @throws IllegalArgumentException if bits is not 4, the scheme is not symmetric, the granularity not per group,
     *                                  or the group size odd
     */
    public static Int4GroupWeights from(QuantizedTensor t) {
        GemvWeights.checkSymmetric(t, 4);
        if (t.granularity().kind() != Granularity.Kind.PER_GROUP) {
            throw new IllegalArgumentException("granularity must be per group, got " + t.granularity().label());
        }
        int g = t.granularity().groupSize();
        checkGroup(t.cols(), g);
        return new Int4GroupWeights(t.packInt4(), t.scales(), t.rows(), t.cols(), g);
    }

    /**
     * Copies packed codes (rows x cols / 2 bytes, row-major) and rows x cols / groupSize scales (row-major).
     *
     * @throws IllegalArgumentException if groupSize is odd or does not divide cols, or a length does not match
     */
    public static Int4GroupWeights of(byte[] packed, float[] scales, int rows, int cols, int groupSize) {
        GemvWeights.checkShape(rows, cols);
        checkGroup(cols, groupSize);
        if (packed == null) {
            throw new IllegalArgumentException("packed must not be null");
        }
        if ((long) rows * cols / 2 != packed.length) {
            throw new IllegalArgumentException("packed length must be rows x cols / 2 = " + (long) rows * cols / 2
                    + ", got " + packed.length);
        }
        GemvWeights.checkScales(scales, rows * (cols / groupSize));
        return new Int4GroupWeights(packed.clone(), scales.clone(), rows, cols, groupSize);
    }

    private static void checkGroup(int cols, int groupSize) {
        if (groupSize < 2 || groupSize % 2 != 0) {
            throw new IllegalArgumentException("groupSize must be even and at least 2 (two codes per byte), got "
                    + groupSize);
        }
        if (cols % groupSize != 0) {
            throw new IllegalArgumentException("groupSize must divide cols " + cols + ", got " + groupSize);
        }
    }

    /**
     * Code {@code col} of the row that starts at byte {@code rowByte} of packed pairs: the low nibble of byte
     * rowByte + col / 2 for even columns, the high one for odd, sign-extended as the loop below does it. For the
     * W4A8 kernels, which read codes one by one.
     */
    static int code(byte[] packed, int rowByte, int col) {
        int b = packed[rowByte + col / 2];
        return col % 2 == 0 ? (b << 28) >> 28 : b >> 4;
    }

    /** The packed codes themselves, not a copy: for the SIMD kernel of this package, which only reads them. */
    byte[] packed() {
        return packed;
    }

    /** The group scales themselves, not a copy: for the SIMD kernel of this package, which only reads them. */
    float[] scales() {
        return scales;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** The weights per scale along a row. */
    public int groupSize() {
        return groupSize;
    }

    /** rows x cols / 2 packed bytes plus 4 bytes per group scale. */
    @Override
    public long weightBytes() {
        return bytesFor(rows, cols, groupSize);
    }

    /**
     * The bytes int4 per-group weights of rows x cols take: rows x cols / 2 packed bytes plus 4 bytes per group.
     *
     * @throws IllegalArgumentException if groupSize is odd or does not divide cols
     */
    public static long bytesFor(int rows, int cols, int groupSize) {
        GemvWeights.checkShape(rows, cols);
        checkGroup(cols, groupSize);
        return (long) rows * cols / 2 + 4L * rows * (cols / groupSize);
    }

    @Override
    public String label() {
        return "int4 g" + groupSize;
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        byte[] w = packed;
        int g = groupSize;
        int groups = cols / g;
        int rowBytes = cols / 2;
        for (int r = fromRow; r < toRow; r++) {
            float sum = 0f;
            int byteBase = r * rowBytes;
            int scaleBase = r * groups;
            for (int k = 0; k < groups; k++) {
                int c0 = k * g;
                int b0 = byteBase + c0 / 2;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int j = 0;
                // Four codes (two bytes) per step; g is even, so a leftover is one byte at most.
                for (; j + 4 <= g; j += 4) {
                    int lo = w[b0 + j / 2];
                    int hi = w[b0 + j / 2 + 1];
                    s0 += ((lo << 28) >> 28) * x[c0 + j];
                    s1 += (lo >> 4) * x[c0 + j + 1];
                    s2 += ((hi << 28) >> 28) * x[c0 + j + 2];
                    s3 += (hi >> 4) * x[c0 + j + 3];
                }
                if (j < g) {
                    int b = w[b0 + j / 2];
                    s0 += ((b << 28) >> 28) * x[c0 + j];
                    s1 += (b >> 4) * x[c0 + j + 1];
                }
                sum += ((s0 + s1) + (s2 + s3)) * scales[scaleBase + k];
            }
            y[r] = sum;
        }
    }

    @Override
    public String toString() {
        return "Int4GroupWeights[" + rows + " x " + cols + ", group " + groupSize + "]";
    }
}
