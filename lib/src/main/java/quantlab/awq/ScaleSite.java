package quantlab.awq;

import java.util.List;

import quantlab.model.MiniLmMatrix;

/**
 * The four places in a MiniLM block where AWQ puts one per-input-channel scale: matrices that read the same input
 * share it (query, key and value all read the block's input). Each site says what comes before it, which decides
 * whether 1/s can be folded into earlier weights for free.
 */
public enum ScaleSite {
    /**
     * Query, key and value, reading the previous LayerNorm's output. In this post-norm model that output is also
     * the residual stream, so 1/s cannot be folded into the LayerNorm exactly; the writer inserts a Mul.
     */
    ATTENTION_INPUT(MiniLmMatrix.Kind.QUERY, MiniLmMatrix.Kind.KEY, MiniLmMatrix.Kind.VALUE),
    /** The attention output matrix, reading the heads' context, which is linear in the value matrix: exact fold. */
    ATTENTION_OUTPUT(MiniLmMatrix.Kind.ATTENTION_OUTPUT),
    /** ffn up, reading the attention LayerNorm's output (also the residual stream): a Mul. */
    FFN_UP(MiniLmMatrix.Kind.FFN_UP),
    /** ffn down, reading GELU's output; GELU is not linear, so no fold: a Mul. */
    FFN_DOWN(MiniLmMatrix.Kind.FFN_DOWN);

    private final List<MiniLmMatrix.Kind> kinds;

    ScaleSite(MiniLmMatrix.Kind... kinds) {
        this.kinds = List.of(kinds);
    }

    /** The matrices of a layer that read this site's input. */
    public List<MiniLmMatrix> matrices(int layer) {
        return kinds.stream().map(k -> new MiniLmMatrix(layer, k)).toList();
    }

    /** Width of the shared input. */
    public int width() {
        return kinds.get(0).inputs();
    }

    /** A short name for tables. */
    public String label() {
        return switch (this) {
            case ATTENTION_INPUT -> "q/k/v";
            case ATTENTION_OUTPUT -> "attn out";
            case FFN_UP -> "ffn up";
            case FFN_DOWN -> "ffn down";
        };
    }

    /** Whether 1/s can be moved into the weights before this site with no change to the model's output. */
    public boolean foldsExactly() {
        return this == ATTENTION_OUTPUT;
    }
}
