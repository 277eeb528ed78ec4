package quantlab.model;

/**
 * One sentence turned into the three id arrays a BERT-style model takes, plus the word pieces for display: what
 * the tokenizer hands the embedder, and what a notebook shows when it explains tokenization.
 *
 * @param ids           vocabulary ids, {@code [CLS]} (101) first and {@code [SEP]} (102) last
 * @param attentionMask 1 for each real token (0 would mark padding)
 * @param typeIds       segment ids, all 0 for a single sentence
 * @param tokens        the word pieces, e.g. {@code [CLS], the, cat, sat, [SEP]}
 */
public record Tokens(long[] ids, long[] attentionMask, long[] typeIds, String[] tokens) {

    public Tokens {
        ids = ids.clone();
        attentionMask = attentionMask.clone();
        typeIds = typeIds.clone();
        tokens = tokens.clone();
        if (attentionMask.length != ids.length || typeIds.length != ids.length || tokens.length != ids.length) {
            throw new IllegalArgumentException("ids, attentionMask, typeIds and tokens must have one length, got "
                    + ids.length + ", " + attentionMask.length + ", " + typeIds.length + ", " + tokens.length);
        }
    }

    @Override
    public long[] ids() {
        return ids.clone();
    }

    @Override
    public long[] attentionMask() {
        return attentionMask.clone();
    }

    @Override
    public long[] typeIds() {
        return typeIds.clone();
    }

    @Override
    public String[] tokens() {
        return tokens.clone();
    }

    /** Number of tokens, special tokens included. */
    public int length() {
        return ids.length;
    }

    @Override
    public String toString() {
        return String.join(" ", tokens);
    }
}
