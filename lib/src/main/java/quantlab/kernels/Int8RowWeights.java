package quantlab.kernels;

import quantlab.quantization.Granularity;
import quantlab.quantization.QuantizedTensor;

/**
 * Symmetric int8 weights with one scale per row (per output channel): 1 byte per weight plus 4 bytes per row. The
 * kernel sums code x x in float along a row and multiplies by the row's scale once.
 */
public final class Int8RowWeights implements GemvWeights {

    private final byte[] codes;
    private final float[] scales;
    private final int rows;
    private final int cols;

    private Int8RowWeights(byte[] codes, float[] scales, int rows, int cols) {
        this.codes = codes;
        this.scales = scales;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Takes the codes and scales of a tensor quantized symmetric, 8-bit, per row.
     *
     * @throws IllegalArgumentException if bits is not 8, the scheme is not symmetric or the granularity not per row
     */
    public static Int8RowWeights from(QuantizedTensor t) {
        GemvWeights.checkSymmetric(t, 8);
        if (!t.granularity().equals(Granularity.perRow())) {
            throw new IllegalArgumentException("granularity must be per row, got " + t.granularity().label());
        }
        int[] c = t.codes();
        byte[] b = new byte[c.length];
        for (int i = 0; i < c.length; i++) {
            b[i] = (byte) c[i];
        }
        return new Int8RowWeights(b, t.scales(), t.rows(), t.cols());
    }

    /**
     * Copies raw int8 codes (row-major) and one scale per row.
     *
     * @throws IllegalArgumentException if the lengths do not match the shape or a scale is not positive and finite
     */
    public static Int8RowWeights of(byte[] codes, float[] scales, int rows, int cols) {
        GemvWeights.checkShape(rows, cols);
        if (codes == null) {
            throw new IllegalArgumentException("codes must not be null");
        }
        if ((long) rows * cols != codes.length) {
            throw new IllegalArgumentException("codes length must be rows x cols = " + (long) rows * cols + ", got "
                    + codes.length);
        }
        GemvWeights.checkScales(scales, rows);
        return new Int8RowWeights(codes.clone(), scales.clone(), rows, cols);
    }

    /** The row-major codes themselves, not a copy: for the SIMD kernel of this package, which only reads them. */
    byte[] codes() {
        return codes;
    }

    /** The row scales themselves, not a copy: for the SIMD kernel of this package, which only reads them. */
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

    /** rows x cols code bytes plus 4 x rows scale bytes. */
    @Override
    public long weightBytes() {
        return bytesFor(rows, cols);
    }

    /** The bytes int8 per-row weights of rows x cols take: rows x cols codes plus 4 x rows scale bytes. */
    public static long bytesFor(int rows, int cols) {
        GemvWeights.checkShape(rows, cols);
        return (long) rows * cols + 4L * rows;
    }

    @Override
    public String label() {
        return "int8 per-row";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        byte[] w = codes;
        int n = cols;
        int tail = n & ~3;
        for (int r = fromRow; r < toRow; r++) {
            int base = r * n;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int c = 0;
            for (; c < tail; c += 4) {
                s0 += w[base + c] * x[c];
                s1 += w[base + c + 1] * x[c + 1];
                s2 += w[base + c + 2] * x[c + 2];
                s3 += w[base + c + 3] * x[c + 3];
            }
            for (; c < n; c++) {
                s0 += w[base + c] * x[c];
            }
            y[r] = ((s0 + s1) + (s2 + s3)) * scales[r];
        }
    }

    @Override
    public String toString() {
        return "Int8RowWeights[" + rows + " x " + cols + "]";
    }
}
