package quantlab.kernels;

import quantlab.quantization.QuantizedTensor;

/**
 * The W4A8 product over int4 per-group weights, in plain Java: x is first quantized to int8 with the weights' own
 * groups ({@link ActivationCodes}), each group's dot product of codes is summed exactly as an int, and
 * y_r = sum over groups g of (weight scale x activation scale) x that int, in float, group by group. The scalar
 * specification of {@link SimdInt4GroupA8Weights}, which gets its speed from multiplying integers instead of
 * converting every code to a float; its error against fp32 is the int4 weights' plus the activations' rounding.
 */
public final class Int4GroupA8Weights extends DelegatingWeights<Int4GroupWeights> {

    private Int4GroupA8Weights(Int4GroupWeights weights) {
        super(weights);
    }

    /**
     * The W4A8 product over the given weights (shared, not copied: both are immutable).
     *
     * @throws IllegalArgumentException if weights is null
     */
    public static Int4GroupA8Weights of(Int4GroupWeights weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return new Int4GroupA8Weights(weights);
    }

    /**
     * Takes the codes and scales of a tensor quantized symmetric, 4-bit, per group, as {@link Int4GroupWeights#from}.
     *
     * @throws IllegalArgumentException if bits is not 4, the scheme is not symmetric or the granularity not per group
     */
    public static Int4GroupA8Weights from(QuantizedTensor t) {
        return of(Int4GroupWeights.from(t));
    }

    /** The int4 weights themselves: for the SIMD kernel of this package. */
    Int4GroupWeights weights() {
        return weights;
    }

    /** The weights per scale along a row, and the activations per scale. */
    public int groupSize() {
        return weights.groupSize();
    }

    @Override
    public String label() {
        return weights.label() + " w4a8";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        ActivationCodes a = ActivationCodes.of(x, groupSize());
        byte[] packed = weights.packed();
        float[] scales = weights.scales();
        int cols = cols();
        int g = groupSize();
        int groups = cols / g;
        for (int r = fromRow; r < toRow; r++) {
            float sum = 0f;
            int rowByte = r * (cols / 2);
            for (int k = 0; k < groups; k++) {
                int dot = 0;
                for (int c = k * g; c < (k + 1) * g; c++) {
                    dot += Int4GroupWeights.code(packed, rowByte, c) * a.code(c);
                }
                sum += (scales[r * groups + k] * a.scale(k)) * dot;
            }
            y[r] = sum;
        }
    }

    @Override
    public String toString() {
        return "Int4GroupA8Weights[" + rows() + " x " + cols() + ", group " + groupSize() + "]";
    }
}
