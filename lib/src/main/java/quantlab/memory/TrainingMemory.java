package quantlab.memory;

/**
 * The memory bill of fine-tuning, term by term: what each trained or frozen parameter costs in bytes (weights,
 * gradients, Adam's two moments, an fp32 master copy) and the activations kept for the backward pass, which grow
 * with batch and sequence length. Chapter 11 and 12 compare full fine-tuning, LoRA and QLoRA with it; every result
 * is a {@link MemoryBudget}, so {@link MemoryBudget#against(Gpu)} answers whether the plan fits.
 *
 * <p>Bytes per trained parameter, as the methods are usually run:
 * <ul>
 *   <li>full fine-tuning in fp32 with Adam: 4 (weight) + 4 (gradient) + 4 + 4 (two moments) = 16;</li>
 *   <li>full fine-tuning in mixed precision: 2 (fp16/bf16 weight) + 2 (gradient) + 4 (fp32 master copy) +
 *       8 (fp32 moments) = 16, the same total: mixed precision saves activation memory and time, not state;</li>
 *   <li>LoRA adapters (peft's default, fp32 adapters with Adam): 16 per adapter parameter, base frozen in fp16 (2);</li>
 *   <li>QLoRA adapters in bf16 with fp32 moments: 2 + 2 + 8 = 12 per adapter parameter, base in NF4 (0.5) plus its
 *       double-quantized scales (8/64 + 32/(64*256) bits = 0.127 bits per parameter).</li>
 * </ul>
 */
public final class TrainingMemory {

    /** Bytes per parameter of full fine-tuning with Adam in fp32: weight, gradient, two moments. */
    public static final double FULL_FP32_BYTES = 4 + 4 + 4 + 4;
    /** Bytes per parameter of mixed-precision full fine-tuning: 16-bit weight and gradient, fp32 master and moments. */
    public static final double FULL_MIXED_BYTES = 2 + 2 + 4 + 4 + 4;
    /** Bytes per frozen 16-bit base parameter. */
    public static final double FP16_BASE_BYTES = 2;
    /** Bytes per LoRA adapter parameter trained in fp32 with Adam. */
    public static final double LORA_ADAPTER_BYTES = 4 + 4 + 4 + 4;
    /** Bytes per QLoRA adapter parameter: bf16 weight and gradient, fp32 moments. */
    public static final double QLORA_ADAPTER_BYTES = 2 + 2 + 4 + 4;
    /** NF4 codes: 4 bits per parameter. */
    public static final double NF4_BITS = 4;
    /** One fp32 absmax per block of 64: 32 / 64 bits per parameter. */
    public static final double ABSMAX_FP32_BITS = 32.0 / 64;
    /** Double quantization: an 8-bit scale per block of 64 and an fp32 scale per 256 of those. */
    public static final double ABSMAX_DOUBLE_QUANTIZED_BITS = 8.0 / 64 + 32.0 / (64 * 256);

    private TrainingMemory() {
    }

    /** The fine-tuning methods whose state this class counts. */
    public enum Method {
        /** Every parameter trained, fp32 weights, gradients and Adam moments. */
        FULL_FP32("full FT fp32"),
        /** Every parameter trained in mixed precision (16-bit weights and gradients, fp32 master copy and moments). */
        FULL_MIXED("full FT mixed"),
        /** A frozen fp16 base with fp32 LoRA adapters. */
        LORA_FP16("LoRA (fp16 base)"),
        /** A frozen NF4 base with double-quantized scales and bf16 adapters. */
        QLORA("QLoRA (NF4 + DQ base)");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** A short name for tables. */
        public String label() {
            return label;
        }
    }

    /**
     * The activations a decoder keeps for its backward pass, after Korthikanti et al., "Reducing Activation
     * Recomputation in Large Transformer Models" (2022), equation for one layer without tensor parallelism:
     * {@code s b h (34 + 5 a s / h)} bytes with 16-bit activations (attention scores, softmax output, dropout
     * masks, the inputs of every matrix product, the MLP's 4h-wide hidden state). Assumptions: 16-bit activations,
     * dropout on, no FlashAttention (which removes the {@code 5 a s / h} part); with gradient checkpointing only
     * each layer's 16-bit input, {@code 2 s b h} bytes, stays (the rest is recomputed).
     *
     * @param layers        transformer blocks
     * @param hidden        model width h
     * @param heads         attention heads a
     * @param batch         sequences per step b
     * @param sequence      tokens per sequence s
     * @param checkpointing true to keep only each layer's input
     */
    public static ByteSize activations(int layers, int hidden, int heads, int batch, int sequence,
                                       boolean checkpointing) {
        positive("layers", layers);
        positive("hidden", hidden);
        positive("heads", heads);
        positive("batch", batch);
        positive("sequence", sequence);
        double perLayer = checkpointing ? 2.0 * sequence * batch * hidden
                : (double) sequence * batch * hidden * (34.0 + 5.0 * heads * sequence / hidden);
        return ByteSize.ofBytes(Math.round(perLayer * layers));
    }

    /**
     * The bill of fine-tuning a model of {@code parameters} parameters with {@code method}; {@code adapterParameters}
     * is ignored by the full methods. Activations are a separate term (see {@link #activations}).
     */
    public static MemoryBudget budget(Method method, long parameters, long adapterParameters, ByteSize activations) {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null, got null");
        }
        if (parameters <= 0) {
            throw new IllegalArgumentException("parameters must be positive, got " + parameters);
        }
        if (adapterParameters < 0 || adapterParameters > parameters) {
            throw new IllegalArgumentException("adapterParameters must be in [0, parameters = " + parameters
                    + "], got " + adapterParameters);
        }
        if (activations == null || activations.isNegative()) {
            throw new IllegalArgumentException("activations must be a non-negative size, got " + activations);
        }
        MemoryBudget b = MemoryBudget.named(method.label() + ", " + String.format("%,d", parameters) + " parameters");
        switch (method) {
            case FULL_FP32 -> b = b.add("fp32 weights (4 B)", bytes(parameters, 4))
                    .add("fp32 gradients (4 B)", bytes(parameters, 4))
                    .add("Adam moments, fp32 (8 B)", bytes(parameters, 8));
            case FULL_MIXED -> b = b.add("16-bit weights (2 B)", bytes(parameters, 2))
                    .add("16-bit gradients (2 B)", bytes(parameters, 2))
                    .add("fp32 master copy (4 B)", bytes(parameters, 4))
                    .add("Adam moments, fp32 (8 B)", bytes(parameters, 8));
            case LORA_FP16 -> b = b.add("frozen fp16 base (2 B)", bytes(parameters, FP16_BASE_BYTES))
                    .add("fp32 adapters (4 B)", bytes(adapterParameters, 4))
                    .add("adapter gradients (4 B)", bytes(adapterParameters, 4))
                    .add("adapter Adam moments (8 B)", bytes(adapterParameters, 8));
            case QLORA -> b = b.add("NF4 base codes (0.5 B)", bytes(parameters, NF4_BITS / 8))
                    .add("double-quantized scales (0.127 bit)", bytes(parameters, ABSMAX_DOUBLE_QUANTIZED_BITS / 8))
                    .add("bf16 adapters (2 B)", bytes(adapterParameters, 2))
                    .add("adapter gradients (2 B)", bytes(adapterParameters, 2))
                    .add("adapter Adam moments (8 B)", bytes(adapterParameters, 8));
        }
        return b.add("activations", activations);
    }

    /** Bytes per trained parameter of a full method, or per adapter parameter of LoRA and QLoRA. */
    public static double bytesPerTrainedParameter(Method method) {
        return switch (method) {
            case FULL_FP32 -> FULL_FP32_BYTES;
            case FULL_MIXED -> FULL_MIXED_BYTES;
            case LORA_FP16 -> LORA_ADAPTER_BYTES;
            case QLORA -> QLORA_ADAPTER_BYTES;
        };
    }

    /** {@code count} parameters at {@code bytesEach} bytes each, rounded to the nearest byte. */
    public static ByteSize bytes(long count, double bytesEach) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return ByteSize.ofBytes(Math.round(count * bytesEach));
    }

    /** A shape factor must be at least 1 (a layer, a head, a token). */
    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
