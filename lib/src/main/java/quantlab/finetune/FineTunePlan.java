package quantlab.finetune;

import java.util.EnumSet;
import java.util.Set;

import quantlab.model.MiniLmMatrix;

/**
 * What a fine-tuning run trains, as a typed value: only a classifier head; LoRA adapters on chosen matrix kinds;
 * or every weight of the trained blocks (full fine-tuning). The base is fp32 or NF4 with double-quantized scales
 * (QLoRA). {@code trainedBlocks} counts blocks from the top: the blocks below are frozen for every method, so
 * their outputs are computed once per example and reused (exact, because nothing in them changes).
 *
 * @param method        head only, LoRA or full
 * @param targets       the matrix kinds that get adapters (LoRA only)
 * @param rank          adapter rank (LoRA only)
 * @param alpha         adapter scale numerator: the update is multiplied by alpha / rank
 * @param nf4Base       true to store every encoder matrix in NF4 + DQ and dequantize on the fly
 * @param trainedBlocks how many top blocks are adapted (0 for the head alone)
 */
public record FineTunePlan(Method method, Set<MiniLmMatrix.Kind> targets, int rank, double alpha, boolean nf4Base,
                           int trainedBlocks) {

    /** The three ways of training. */
    public enum Method { HEAD_ONLY, LORA, FULL }

    public FineTunePlan {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null, got null");
        }
        targets = targets == null || targets.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(targets));
        if (method == Method.LORA) {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("targets must name at least one matrix kind for LoRA, got none");
            }
            if (rank < 1) {
                throw new IllegalArgumentException("rank must be at least 1, got " + rank);
            }
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
            }
        }
        if (method == Method.HEAD_ONLY ? trainedBlocks != 0 : trainedBlocks < 1) {
            throw new IllegalArgumentException("trainedBlocks must be 0 for the head alone and at least 1 otherwise, "
                    + "got " + trainedBlocks + " for " + method);
        }
    }

    /** A linear head on frozen embeddings. */
    public static FineTunePlan head(boolean nf4Base) {
        return new FineTunePlan(Method.HEAD_ONLY, Set.of(), 0, 0, nf4Base, 0);
    }

    /** LoRA on {@code targets} at {@code rank} with alpha = 2 rank (scaling 2), in the top {@code blocks} blocks. */
    public static FineTunePlan lora(Set<MiniLmMatrix.Kind> targets, int rank, boolean nf4Base, int blocks) {
        return new FineTunePlan(Method.LORA, targets, rank, 2.0 * rank, nf4Base, blocks);
    }

    /** Every weight, bias and LayerNorm of the top {@code blocks} blocks trained. */
    public static FineTunePlan full(int blocks) {
        return new FineTunePlan(Method.FULL, Set.of(), 0, 0, false, blocks);
    }

    /** Query and value. */
    public static Set<MiniLmMatrix.Kind> queryValue() {
        return EnumSet.of(MiniLmMatrix.Kind.QUERY, MiniLmMatrix.Kind.VALUE);
    }

    /** All six linear layers. */
    public static Set<MiniLmMatrix.Kind> allLinear() {
        return EnumSet.allOf(MiniLmMatrix.Kind.class);
    }

    /** A label for tables, e.g. "LoRA q,v r=8" or "QLoRA all r=8". */
    public String label() {
        String base = nf4Base ? "NF4 " : "";
        return switch (method) {
            case HEAD_ONLY -> (nf4Base ? "NF4 base, " : "") + "head only";
            case FULL -> "full FT";
            case LORA -> (nf4Base ? "QLoRA " : "LoRA ") + (targets.size() == 6 ? "all" : targets.equals(queryValue())
                    ? "q,v" : targets.toString()) + " r=" + rank;
        };
    }
}
