package quantlab.inference;

import quantlab.quantization.Granularity;
import quantlab.quantization.Quantizer;

/**
 * How {@link QuantizedModelWriter} stores the model's embedding tables (the float matrices read by {@code Gather}:
 * MiniLM's word, position and token-type tables, the word table being 30522 x 384, half of the fp32 file). The
 * embeddings are one of the "risky components" a quantization recipe decides on separately from the MatMul
 * weights, so the choice is a value the capstone can measure rather than a fixed rule of the writer.
 */
public enum EmbeddingStorage {
    /** The tables stay float32, as the fp32 model has them. */
    FP32("fp32", 0),
    /** int8 codes with one scale per row (per token), as ONNX Runtime's own quantizer stores them; the default. */
    INT8_PER_ROW("int8 per row", 8),
    /**
     * int4 codes (-7..7) with one scale per row, stored in INT8 bytes through {@code DequantizeLinear} (opset 13 has
     * no 4-bit type): the file shows the accuracy of a 4-bit table, not its size.
     */
    INT4_PER_ROW("int4 per row (int8 bytes)", 4);

    private final String label;
    private final int bits;

    EmbeddingStorage(String label, int bits) {
        this.label = label;
        this.bits = bits;
    }

    /** "fp32", "int8 per row", "int4 per row (int8 bytes)". */
    public String label() {
        return label;
    }

    /** Code width, or 0 for {@link #FP32}. */
    public int bits() {
        return bits;
    }

    /** The symmetric per-row quantizer for a table [rows, width]; {@link #FP32} has none. */
    public Quantizer quantizer() {
        if (this == FP32) {
            throw new IllegalStateException("FP32 embedding storage does not quantize, so it has no quantizer");
        }
        return Quantizer.symmetric(bits).with(Granularity.perRow());
    }

    @Override
    public String toString() {
        return label;
    }
}
