package quantlab.quantization;

import java.util.Arrays;

/**
 * The field notes: integer codes plus the scales and zero points needed to read them back, with the shape, bit
 * width and granularity they were written at. Row-major [rows, cols]; scale i belongs to the slice that
 * {@link Granularity#scaleIndex} maps to i. Symmetric tensors hold zero points of 0.
 *
 * @param codes       one code per value, row-major, inside the scheme's code range at {@code bits}
 * @param scales      one positive finite scale per slice
 * @param zeroPoints  one integer zero point per slice, all 0 for symmetric
 * @param rows        rows of the matrix, at least 1 (1 for a vector)
 * @param cols        columns of the matrix, at least 1
 * @param bits        code width, 2 to 8
 * @param scheme      symmetric or asymmetric
 * @param granularity which values share a scale
 */
public record QuantizedTensor(int[] codes, float[] scales, int[] zeroPoints, int rows, int cols, int bits,
        QuantScheme scheme, Granularity granularity) {

    public QuantizedTensor {
        if (codes == null || scales == null || zeroPoints == null || scheme == null || granularity == null) {
            throw new IllegalArgumentException("codes, scales, zeroPoints, scheme and granularity must not be null");
        }
        QuantScheme.checkBits(bits);
        if (rows < 1 || cols < 1 || (long) rows * cols != codes.length) {
            throw new IllegalArgumentException("codes: shape " + rows + " x " + cols + " does not match "
                    + codes.length + " codes");
        }
        int slots = granularity.scaleCount(rows, cols);
        if (scales.length != slots) {
            throw new IllegalArgumentException("scales: " + granularity.label() + " on " + rows + " x " + cols
                    + " needs " + slots + " scales, got " + scales.length);
        }
        if (zeroPoints.length != slots) {
            throw new IllegalArgumentException("zeroPoints: need " + slots + ", got " + zeroPoints.length);
        }
        int min = scheme.minCode(bits);
        int max = scheme.maxCode(bits);
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < min || codes[i] > max) {
                throw new IllegalArgumentException("codes[" + i + "] must be from " + min + " to " + max + ", got "
                        + codes[i]);
            }
        }
        for (int i = 0; i < slots; i++) {
            if (!(scales[i] > 0) || Float.isInfinite(scales[i])) {
                throw new IllegalArgumentException("scales[" + i + "] must be positive and finite, got "
                        + scales[i]);
            }
            if (scheme == QuantScheme.SYMMETRIC ? zeroPoints[i] != 0 : zeroPoints[i] < min || zeroPoints[i] > max) {
                throw new IllegalArgumentException("zeroPoints[" + i + "] must be 0 for symmetric or a code for "
                        + "asymmetric, got " + zeroPoints[i]);
            }
        }
        codes = codes.clone();
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    /** Number of values. */
    public int size() {
        return codes.length;
    }

    /** The code at (row, col). */
    public int code(int row, int col) {
        return codes[index(row, col)];
    }

    /** The scale used at (row, col). */
    public float scale(int row, int col) {
        index(row, col);
        return scales[granularity.scaleIndex(row, col, cols)];
    }

    /** The zero point used at (row, col). */
    public int zeroPoint(int row, int col) {
        index(row, col);
        return zeroPoints[granularity.scaleIndex(row, col, cols)];
    }

    /** The value the model computes with at (row, col): (code - zeroPoint) x scale. */
    public float dequantize(int row, int col) {
        int s = granularity.scaleIndex(row, col, cols);
        return (float) ((codes[index(row, col)] - zeroPoints[s]) * (double) scales[s]);
    }

    /** Every value read back, row-major. */
    public float[] dequantize() {
        float[] out = new float[codes.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = dequantize(r, c);
            }
        }
        return out;
    }

    /** Every value read back, as rows. */
    public float[][] dequantizeMatrix() {
        float[] flat = dequantize();
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** One row of codes. */
    public int[] rowCodes(int row) {
        index(row, 0);
        return Arrays.copyOfRange(codes, row * cols, (row + 1) * cols);
    }

    /**
     * The 4-bit codes packed two per byte as {@link Int4Packing} lays them out: two's complement nibbles for
     * symmetric, offset (unsigned) nibbles for asymmetric.
     *
     * @throws IllegalArgumentException if this tensor is not 4-bit
     */
    public byte[] packInt4() {
        if (bits != 4) {
            throw new IllegalArgumentException("bits must be 4 to pack two codes per byte, got " + bits);
        }
        return scheme == QuantScheme.SYMMETRIC ? Int4Packing.packSigned(codes) : Int4Packing.packUnsigned(codes);
    }

    private int index(int row, int col) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row must be from 0 to " + (rows - 1) + ", got " + row);
        }
        if (col < 0 || col >= cols) {
            throw new IllegalArgumentException("col must be from 0 to " + (cols - 1) + ", got " + col);
        }
        return row * cols + col;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedTensor t && rows == t.rows && cols == t.cols && bits == t.bits
                && scheme == t.scheme && granularity.equals(t.granularity) && Arrays.equals(codes, t.codes)
                && Arrays.equals(scales, t.scales) && Arrays.equals(zeroPoints, t.zeroPoints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(codes) + Arrays.hashCode(scales);
    }

    @Override
    public String toString() {
        return "QuantizedTensor[" + rows + " x " + cols + ", " + bits + "-bit " + scheme.label() + ", "
                + granularity.label() + ", codes " + (codes.length <= 16 ? Arrays.toString(codes) : "(" + codes.length
                + ")") + ", scales " + (scales.length <= 8 ? Arrays.toString(scales) : "(" + scales.length + ")")
                + "]";
    }
}
