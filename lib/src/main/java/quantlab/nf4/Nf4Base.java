package quantlab.nf4;

import quantlab.lora.BaseWeight;
import quantlab.quantization.WeightMatrix;

/**
 * A frozen weight kept in NF4 with double-quantized scales, the QLoRA base: blocks of 64 run along the course's
 * row-major {@code [out][in]} layout (as bitsandbytes flattens a PyTorch weight), and every call to
 * {@link #inOut} or {@link #outIn} dequantizes afresh, so the fp32 copy lives only while the layer runs.
 */
public final class Nf4Base implements BaseWeight {

    private final int inputs;
    private final int outputs;
    private final BlockQuantized quantized;

    private Nf4Base(int inputs, int outputs, BlockQuantized quantized) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.quantized = quantized;
    }

    /** Quantizes a row-major {@code [out][in]} weight to NF4 in blocks of 64, scales double-quantized in 256s. */
    public static Nf4Base of(float[] outIn, int outputs, int inputs) {
        if (outIn == null || outputs <= 0 || inputs <= 0 || outIn.length != outputs * inputs) {
            throw new IllegalArgumentException("outIn must hold " + outputs + " x " + inputs + " values, got "
                    + (outIn == null ? "null" : outIn.length));
        }
        BlockQuantized q = BlockQuantized.quantize(outIn, FourBitGrid.NF4, BlockQuantized.QLORA_BLOCK)
                .doubleQuantized(DoubleQuantizedScales.QLORA_SCALE_BLOCK);
        return new Nf4Base(inputs, outputs, q);
    }

    /** The stored codes and scales. */
    public BlockQuantized quantized() {
        return quantized;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public float[] inOut() {
        return WeightMatrix.transpose(quantized.dequantize(), outputs, inputs);
    }

    @Override
    public float[] outIn() {
        return quantized.dequantize();
    }

    @Override
    public long storedBytes() {
        return quantized.storedBytes();
    }
}
