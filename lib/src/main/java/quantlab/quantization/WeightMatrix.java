package quantlab.quantization;

import java.util.Arrays;

/**
 * A linear layer's weight in the course's layout: [out, in], row-major, so a row is one output channel and groups
 * run along a row (the input axis). ONNX stores a MatMul weight as [in, out] (it computes {@code x W}); the one
 * transpose between the two layouts lives here, in {@link #fromInByOut} and {@link #toInByOut}.
 *
 * @param out    output features (rows), at least 1
 * @param in     input features (columns), at least 1
 * @param values row-major [out, in]; copied in and out
 */
public record WeightMatrix(int out, int in, float[] values) {

    public WeightMatrix {
        values = Checks.matrix("values", values, out, in).clone();
    }

    /** A matrix from ONNX's MatMul layout [in, out] (x · W), transposed to [out, in]. */
    public static WeightMatrix fromInByOut(float[] inByOut, int in, int out) {
        return new WeightMatrix(out, in, transpose(Checks.matrix("inByOut", inByOut, in, out), in, out));
    }

    /** A matrix from rows: {@code rows[o]} is output channel o. */
    public static WeightMatrix ofRows(float[][] rows) {
        if (rows == null || rows.length == 0 || rows[0] == null) {
            throw new IllegalArgumentException("rows must hold at least one row, got "
                    + (rows == null ? "null" : rows.length == 0 ? "none" : "a null row 0"));
        }
        int in = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, in)];
        for (int o = 0; o < rows.length; o++) {
            if (rows[o] == null || rows[o].length != in) {
                throw new IllegalArgumentException("rows must be rectangular: row 0 has " + in + " values, row " + o
                        + " has " + (rows[o] == null ? "null" : rows[o].length));
            }
            System.arraycopy(rows[o], 0, flat, o * in, in);
        }
        return new WeightMatrix(rows.length, in, flat);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** How many weights: out x in. */
    public int size() {
        return values.length;
    }

    /** The weight from input {@code i} to output {@code o}. */
    public float get(int o, int i) {
        Checks.index("o", o, out);
        Checks.index("i", i, in);
        return values[o * in + i];
    }

    /** Output channel {@code o}: the {@code in} weights of row o. */
    public float[] row(int o) {
        Checks.index("o", o, out);
        return Arrays.copyOfRange(values, o * in, (o + 1) * in);
    }

    /** Back to ONNX's [in, out] layout, row-major. */
    public float[] toInByOut() {
        return transpose(values, out, in);
    }

    /** The same shape holding other values (e.g. a quantize-dequantize round trip), row-major [out, in]. */
    public WeightMatrix withValues(float[] replacement) {
        return new WeightMatrix(out, in, replacement);
    }

    /** Quantized and read back: the values a quantized kernel multiplies by. */
    public WeightMatrix dequantized(QuantizedTensor q) {
        if (q == null || q.rows() != out || q.cols() != in) {
            throw new IllegalArgumentException("q must be " + out + " x " + in + " like this matrix, got "
                    + (q == null ? "null" : q.rows() + " x " + q.cols()));
        }
        return new WeightMatrix(out, in, q.dequantize());
    }

    /** Row-major [rows, cols] to row-major [cols, rows]. */
    public static float[] transpose(float[] values, int rows, int cols) {
        Checks.matrix("values", values, rows, cols);
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightMatrix m && out == m.out && in == m.in && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return (31 * out + in) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "WeightMatrix[out " + out + ", in " + in + "]";
    }
}
