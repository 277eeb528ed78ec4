package quantlab.lora;

/**
 * The frozen weight under a LoRA adapter, as the layer reads it: in fp32, or stored in 4 bits and dequantized on
 * the fly each time the layer runs (QLoRA). Both layouts are row-major float arrays.
 */
public interface BaseWeight {

    /** Input channels. */
    int inputs();

    /** Output channels. */
    int outputs();

    /** The weight as {@code [in][out]} (row i holds input i's weights to every output), for the forward product. */
    float[] inOut();

    /** The weight as {@code [out][in]}, for the backward product {@code dx = dy W^T}. */
    float[] outIn();

    /** Bytes the stored form takes (4 per value in fp32; codes plus scales in 4 bits). */
    long storedBytes();
}
