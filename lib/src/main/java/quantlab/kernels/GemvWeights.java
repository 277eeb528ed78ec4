package quantlab.kernels;

import quantlab.quantization.QuantScheme;
import quantlab.quantization.QuantizedTensor;

/**
 * A weight matrix W of shape rows x cols (rows = output channels) stored so that one kernel can compute y = W x.
 * Implementations are immutable.
 */
public sealed interface GemvWeights permits Fp32Weights, Int8RowWeights, Int4GroupWeights, Q8_0Weights, Q4_0Weights,
        DelegatingWeights {

    /** Output channels: the length of y. */
    int rows();

    /** Input channels: the length of x. */
    int cols();

    /** The bytes of weights (codes plus scales) one product reads. */
    long weightBytes();

    /** A short name such as "int4 g128". */
    String label();

    /**
     * Computes y = W x into {@code y}.
     *
     * @throws IllegalArgumentException if x is not cols long or y is not rows long
     */
    default void multiply(float[] x, float[] y) {
        multiplyRows(x, y, 0, rows());
    }

    /**
     * Computes rows {@code fromRow} (inclusive) to {@code toRow} (exclusive) of y = W x into the same entries of
     * {@code y}, leaving the others alone: the unit that {@link ThreadedGemv} hands to each worker thread. Every row
     * is computed by the same instructions in the same order whatever the range, so a row's value does not depend on
     * how the rows were split.
     *
     * @throws IllegalArgumentException if x is not cols long, y is not rows long or the range is not within the rows
     */
    void multiplyRows(float[] x, float[] y, int fromRow, int toRow);

    /** Computes and returns y = W x. */
    default float[] multiply(float[] x) {
        float[] y = new float[rows()];
        multiply(x, y);
        return y;
    }

    /** Checks the vectors of one product. */
    static void checkVectors(GemvWeights w, float[] x, float[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        if (x.length != w.cols()) {
            throw new IllegalArgumentException("x length must equal cols " + w.cols() + ", got " + x.length);
        }
        if (y.length != w.rows()) {
            throw new IllegalArgumentException("y length must equal rows " + w.rows() + ", got " + y.length);
        }
    }

    /** Checks the vectors and the row range of one partial product. */
    static void checkRows(GemvWeights w, float[] x, float[] y, int fromRow, int toRow) {
        checkVectors(w, x, y);
        if (fromRow < 0 || fromRow > toRow || toRow > w.rows()) {
            throw new IllegalArgumentException("row range must satisfy 0 <= fromRow <= toRow <= rows " + w.rows()
                    + ", got fromRow " + fromRow + " and toRow " + toRow);
        }
    }

    /** Checks that a quantized tensor is symmetric at the bit width a kernel reads. */
    static void checkSymmetric(QuantizedTensor t, int bits) {
        if (t == null) {
            throw new IllegalArgumentException("tensor must not be null");
        }
        if (t.bits() != bits) {
            throw new IllegalArgumentException("bits must be " + bits + " for int" + bits + " weights, got " + t.bits());
        }
        if (t.scheme() != QuantScheme.SYMMETRIC) {
            throw new IllegalArgumentException("scheme must be symmetric, got " + t.scheme().label());
        }
    }

    /** Checks a shape. */
    static void checkShape(int rows, int cols) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (cols < 1) {
            throw new IllegalArgumentException("cols must be at least 1, got " + cols);
        }
    }

    /** Checks that every scale is positive and finite. */
    static void checkScales(float[] scales, int expected) {
        if (scales == null) {
            throw new IllegalArgumentException("scales must not be null");
        }
        if (scales.length != expected) {
            throw new IllegalArgumentException("scales length must be " + expected + ", got " + scales.length);
        }
        for (int i = 0; i < scales.length; i++) {
            if (!(scales[i] > 0) || Float.isInfinite(scales[i])) {
                throw new IllegalArgumentException("scales[" + i + "] must be positive and finite, got " + scales[i]);
            }
        }
    }
}
