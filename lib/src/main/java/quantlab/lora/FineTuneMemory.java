package quantlab.lora;

import java.util.Set;

import quantlab.memory.ByteSize;
import quantlab.memory.MemoryBudget;
import quantlab.memory.TrainingMemory;
import quantlab.memory.TrainingMemory.Method;

/**
 * The fine-tuning bill of a real decoder config, term by term (see {@link TrainingMemory} for the bytes per
 * parameter and the activation formula): full fine-tuning, LoRA on an fp16 base, QLoRA on an NF4 base whose
 * embeddings and LM head stay in 16 bits, as bitsandbytes leaves them. Every budget also carries the CUDA context
 * and allocator reserve, an assumed {@value #CUDA_CONTEXT_GB} GB (it varies by driver and framework; measure it
 * with nvidia-smi on the real card).
 */
public final class FineTuneMemory {

    /** Assumed memory of the CUDA context and the framework's allocator reserve, in decimal GB. */
    public static final double CUDA_CONTEXT_GB = 1.0;

    private FineTuneMemory() {
    }

    /**
     * The bill of fine-tuning {@code config} with {@code method}; {@code targets} and {@code rank} matter for
     * LoRA and QLoRA only (pass null and 0 for full fine-tuning).
     */
    public static MemoryBudget plan(DecoderConfig config, Method method, Set<LinearTarget> targets, int rank,
                                    int batch, int sequence, boolean checkpointing) {
        if (config == null || method == null) {
            throw new IllegalArgumentException("config and method must not be null, got " + config + ", " + method);
        }
        ByteSize activations = TrainingMemory.activations(config.layers(), config.hidden(), config.heads(), batch,
                sequence, checkpointing);
        long p = config.parameters();
        MemoryBudget b = switch (method) {
            case FULL_FP32, FULL_MIXED -> TrainingMemory.budget(method, p, 0, activations);
            case LORA_FP16 -> TrainingMemory.budget(method, p, config.loraParameters(targets, rank), activations);
            case QLORA -> {
                long adapters = config.loraParameters(targets, rank);
                long quantized = config.linearParameters();
                yield MemoryBudget.named("QLoRA, " + config.name())
                        .add("NF4 codes of the linear layers (0.5 B)", TrainingMemory.bytes(quantized, 0.5))
                        .add("double-quantized scales (0.127 bit)", TrainingMemory.bytes(quantized,
                                TrainingMemory.ABSMAX_DOUBLE_QUANTIZED_BITS / 8))
                        .add("16-bit embeddings, LM head, norms (2 B)", TrainingMemory.bytes(p - quantized, 2))
                        .add("bf16 adapters (2 B)", TrainingMemory.bytes(adapters, 2))
                        .add("adapter gradients (2 B)", TrainingMemory.bytes(adapters, 2))
                        .add("adapter Adam moments (8 B)", TrainingMemory.bytes(adapters, 8))
                        .add("activations", activations);
            }
        };
        return b.addGB("CUDA context + allocator (assumed)", CUDA_CONTEXT_GB);
    }

    /** The seed's raw figure: {@code parameters} at 4 bits, nothing else (7e9 gives 3.5 GB). */
    public static ByteSize rawFourBit(long parameters) {
        return TrainingMemory.bytes(parameters, 0.5);
    }

    /**
     * What a 4-bit model really occupies once loaded for a prompt of {@code contextTokens}: NF4 codes of the
     * linear layers, their double-quantized scales, the 16-bit embeddings and LM head, the CUDA context, and the
     * fp16 KV cache ({@code 2 x layers x kvHeads x headDim x 2 bytes} per token).
     */
    public static MemoryBudget fourBitLoad(DecoderConfig config, int contextTokens) {
        if (contextTokens < 0) {
            throw new IllegalArgumentException("contextTokens must not be negative, got " + contextTokens);
        }
        long quantized = config.linearParameters();
        long kvPerToken = 2L * config.layers() * config.kvHeads() * config.headDim() * 2;
        return MemoryBudget.named(config.name() + " in NF4, " + contextTokens + "-token context")
                .add("NF4 codes of the linear layers (0.5 B)", TrainingMemory.bytes(quantized, 0.5))
                .add("double-quantized scales (0.127 bit)", TrainingMemory.bytes(quantized,
                        TrainingMemory.ABSMAX_DOUBLE_QUANTIZED_BITS / 8))
                .add("16-bit embeddings, LM head, norms (2 B)", TrainingMemory.bytes(config.parameters() - quantized, 2))
                .addGB("CUDA context + allocator (assumed)", CUDA_CONTEXT_GB)
                .add("fp16 KV cache", ByteSize.ofBytes(kvPerToken * contextTokens));
    }
}
