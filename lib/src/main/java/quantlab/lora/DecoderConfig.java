package quantlab.lora;

import java.util.Set;

/**
 * The shapes of a Llama-style decoder (from each model's published config.json), enough to count its parameters
 * and the parameters a LoRA plan adds. Grouped-query attention shows in {@code kvHeads}: the key and value
 * projections are {@code hidden x kvHeads * headDim}.
 *
 * @param name         display name
 * @param layers       decoder blocks
 * @param hidden       model width
 * @param intermediate MLP width
 * @param heads        query heads
 * @param kvHeads      key/value heads
 * @param vocabulary   tokenizer vocabulary (embedding rows and LM-head columns)
 */
public record DecoderConfig(String name, int layers, int hidden, int intermediate, int heads, int kvHeads,
                            int vocabulary) {

    /** Llama 2 7B (meta-llama/Llama-2-7b-hf config.json). */
    public static final DecoderConfig LLAMA2_7B = new DecoderConfig("Llama 2 7B", 32, 4096, 11008, 32, 32, 32000);
    /** Llama 2 13B. */
    public static final DecoderConfig LLAMA2_13B = new DecoderConfig("Llama 2 13B", 40, 5120, 13824, 40, 40, 32000);
    /** Llama 2 70B, grouped-query attention with 8 KV heads. */
    public static final DecoderConfig LLAMA2_70B = new DecoderConfig("Llama 2 70B", 80, 8192, 28672, 64, 8, 32000);

    public DecoderConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + name);
        }
        for (int[] p : new int[][] {{layers}, {hidden}, {intermediate}, {heads}, {kvHeads}, {vocabulary}}) {
            if (p[0] <= 0) {
                throw new IllegalArgumentException("every size of " + name + " must be positive, got " + p[0]);
            }
        }
        if (hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("hidden must divide by heads and heads by kvHeads, got hidden "
                    + hidden + ", heads " + heads + ", kvHeads " + kvHeads);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return hidden / heads;
    }

    /** Input width of one block's linear layer. */
    public int inputs(LinearTarget t) {
        return switch (t) {
            case DOWN -> intermediate;
            default -> hidden;
        };
    }

    /** Output width of one block's linear layer. */
    public int outputs(LinearTarget t) {
        return switch (t) {
            case Q, O, DOWN -> hidden;
            case K, V -> kvHeads * headDim();
            case GATE, UP -> intermediate;
        };
    }

    /** Parameters of the linear layers of all blocks. */
    public long linearParameters() {
        long perBlock = 0;
        for (LinearTarget t : LinearTarget.values()) {
            perBlock += (long) inputs(t) * outputs(t);
        }
        return perBlock * layers;
    }

    /** Every parameter: embeddings, LM head (not tied), the blocks' linear layers and RMSNorm weights. */
    public long parameters() {
        return 2L * vocabulary * hidden + linearParameters() + (2L * layers + 1) * hidden;
    }

    /** The embedding table and LM head, which QLoRA keeps in 16 bits. */
    public long embeddingAndHeadParameters() {
        return 2L * vocabulary * hidden;
    }

    /** The trainable parameters LoRA at {@code rank} adds on {@code targets} in every block. */
    public long loraParameters(Set<LinearTarget> targets, int rank) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("targets must name at least one layer, got " + targets);
        }
        long perBlock = 0;
        for (LinearTarget t : targets) {
            perBlock += LoraCount.adapterParameters(inputs(t), outputs(t), rank);
        }
        return perBlock * layers;
    }
}
