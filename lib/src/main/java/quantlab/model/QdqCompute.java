package quantlab.model;

/**
 * How ONNX Runtime computes a {@code DequantizeLinear -> MatMul} pair of a weight-only quantized model. Its graph
 * optimizer fuses the pair into {@code MatMulNBits}, and by default (accuracy level 4) that kernel also rounds the
 * activations to int8 blocks before multiplying: the file says weight-only, the run is weights and activations.
 * The course measures what the weights alone cost unless it says otherwise.
 */
public enum QdqCompute {

    /** Fused kernels keep float32 activations (accuracy level 1): the numbers the file defines. */
    FLOAT32_ACTIVATIONS("1"),

    /** ONNX Runtime's default: fused kernels may quantize activations to int8 on the fly (accuracy level 4). */
    RUNTIME_DEFAULT(null);

    /** The session option that sets the accuracy level of MatMulNBits nodes made from DequantizeLinear + MatMul. */
    public static final String ACCURACY_LEVEL_KEY = "session.qdq_matmulnbits_accuracy_level";

    private final String accuracyLevel;

    QdqCompute(String accuracyLevel) {
        this.accuracyLevel = accuracyLevel;
    }

    /** The value for {@link #ACCURACY_LEVEL_KEY}, or null to leave ONNX Runtime's default. */
    public String accuracyLevel() {
        return accuracyLevel;
    }
}
