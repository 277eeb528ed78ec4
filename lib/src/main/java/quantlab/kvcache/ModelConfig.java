package quantlab.kvcache;

import java.util.Locale;
import quantlab.memory.ByteSize;
import quantlab.memory.ModelPreset;

/**
 * The part of a transformer's published configuration that sets its serving bill: how many layers cache keys and
 * values, how many key/value heads each layer keeps (fewer than query heads under GQA, one under MQA), and how long
 * each head vector is. Every preset in {@link ModelConfigs} names the file it was read from.
 *
 * @param name          a display name
 * @param layers        transformer layers, each with its own cache
 * @param queryHeads    attention (query) heads per layer
 * @param kvHeads       key/value heads per layer; must divide {@code queryHeads}
 * @param headDim       elements per head vector
 * @param hidden        the model width (often, not always, {@code queryHeads x headDim})
 * @param vocabulary    tokens in the vocabulary
 * @param contextLength the longest sequence the model was configured for, in tokens
 * @param parameters    the parameter count
 * @param source        where these figures come from
 */
public record ModelConfig(String name, int layers, int queryHeads, int kvHeads, int headDim, int hidden,
                          int vocabulary, int contextLength, long parameters, String source) {

    public ModelConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        positive("layers", layers, name);
        positive("queryHeads", queryHeads, name);
        positive("kvHeads", kvHeads, name);
        positive("headDim", headDim, name);
        positive("hidden", hidden, name);
        positive("vocabulary", vocabulary, name);
        positive("contextLength", contextLength, name);
        if (parameters <= 0) {
            throw new IllegalArgumentException("parameters of " + name + " must be positive, got " + parameters);
        }
        if (kvHeads > queryHeads || queryHeads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads must divide queryHeads, got kvHeads " + kvHeads
                    + " for queryHeads " + queryHeads + " in " + name);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source of " + name + " must not be blank, got " + source);
        }
    }

    private static void positive(String parameter, int value, String model) {
        if (value <= 0) {
            throw new IllegalArgumentException(parameter + " of " + model + " must be positive, got " + value);
        }
    }

    /** The attention kind the head counts describe: MHA (as many KV heads as query heads), MQA (one) or GQA-n. */
    public String attentionKind() {
        if (kvHeads == queryHeads) {
            return "MHA";
        }
        return kvHeads == 1 ? "MQA" : "GQA-" + kvHeads;
    }

    /** Query heads that share one key/value head: 1 for MHA, {@code queryHeads} for MQA. */
    public int queriesPerKvHead() {
        return queryHeads / kvHeads;
    }

    /** This model's KV cache relative to the same model with one KV head per query head: kvHeads / queryHeads. */
    public double kvFractionOfMha() {
        return kvHeads / (double) queryHeads;
    }

    /** The same model with a different number of KV heads (for "what if it were MHA / MQA" tables). */
    public ModelConfig withKvHeads(int newKvHeads) {
        String kind = newKvHeads == queryHeads ? "MHA" : newKvHeads == 1 ? "MQA" : "GQA-" + newKvHeads;
        return new ModelConfig(name + " as " + kind, layers, queryHeads, newKvHeads, headDim, hidden, vocabulary,
                contextLength, parameters, source + " (kvHeads changed to " + newKvHeads + ")");
    }

    /** KV cache bytes of one token in {@code format}: layers x kvHeads x 2 (K and V) x bytes per head vector. */
    public ByteSize kvPerToken(KvFormat format) {
        return kv(1, 1, format).total();
    }

    /**
     * The KV cache of {@code requests} sequences of {@code tokens} tokens each, every factor named.
     *
     * @throws IllegalArgumentException when {@code tokens} is negative or longer than {@link #contextLength()}, or
     *                                  {@code requests} is negative
     */
    public KvCacheSize kv(long tokens, long requests, KvFormat format) {
        if (tokens > contextLength) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "tokens %,d is longer than %s's context length of %,d", tokens, name, contextLength));
        }
        return new KvCacheSize(requests, tokens, layers, kvHeads, headDim, format);
    }

    /** The same parameter count as chapter 1's {@link ModelPreset}, for weight memory and the fit check. */
    public ModelPreset preset() {
        return new ModelPreset(name, parameters, 0, source);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d layers, %d query heads, %d KV heads, head dim %d, %s)",
                name, layers, queryHeads, kvHeads, headDim, attentionKind());
    }
}
