package quantlab.kernels;

/**
 * A kernel over another object's weights: the SIMD, W4A8 and threaded kernels multiply differently, but their shape
 * and weight bytes are those of the weights they were built on, written here once.
 */
abstract sealed class DelegatingWeights<W extends GemvWeights> implements GemvWeights permits Int4GroupA8Weights,
        SimdFp32Weights, SimdInt8RowWeights, SimdInt4GroupWeights, SimdInt4GroupA8Weights, SimdQ8_0Weights,
        SimdQ4_0Weights, ThreadedGemv {

    /** The weights multiplied: shared, not copied (every weights class here is immutable). */
    final W weights;

    // The three methods are not final so that javac writes public bridges for them into each public subclass (javap
    // shows them): this class is package-private, and reflection outside the package cannot call its methods.

    DelegatingWeights(W weights) {
        this.weights = weights;
    }

    @Override
    public int rows() {
        return weights.rows();
    }

    @Override
    public int cols() {
        return weights.cols();
    }

    /** The bytes of the weights; a kernel's own copies and per-product scratch are not counted. */
    @Override
    public long weightBytes() {
        return weights.weightBytes();
    }
}
