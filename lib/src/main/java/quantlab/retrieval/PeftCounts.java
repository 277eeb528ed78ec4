package quantlab.retrieval;

import java.util.List;

/**
 * Trainable-parameter counts of the PEFT family, in the conventions of Hugging Face's {@code peft} library (one
 * transformer submodule, as for a decoder-only model; biases off where peft leaves them off):
 * <ul>
 * <li>prompt tuning: an embedding of {@code numVirtualTokens × tokenDim};</li>
 * <li>prefix tuning without projection: an embedding of {@code numVirtualTokens × (layers × 2 × tokenDim)}, a key
 * and a value vector per layer and virtual token; with {@code prefix_projection} a two-layer MLP with biases;</li>
 * <li>LoRA: {@code r × (in + out)} per adapted linear layer (A is r × in, B is out × r, no bias);</li>
 * <li>IA3: one learnt vector per target module, of the module's output width, or of its input width for feed-forward
 * modules (peft's default for Llama: k_proj, v_proj and the feed-forward down_proj);</li>
 * <li>bottleneck adapters (Houlsby et al. 2019; peft has none, so this follows the paper): a down projection
 * {@code hidden → m} and an up projection {@code m → hidden}, both with bias, two per layer.</li>
 * </ul>
 */
public final class PeftCounts {

    private PeftCounts() {
    }

    public static long promptTuning(int numVirtualTokens, int tokenDim) {
        return product(arg("numVirtualTokens", numVirtualTokens), arg("tokenDim", tokenDim));
    }

    public static long prefixTuning(int numVirtualTokens, int layers, int tokenDim) {
        // a key and a value vector per virtual token and layer
        return product(arg("numVirtualTokens", numVirtualTokens), arg("layers", layers), 2, arg("tokenDim", tokenDim));
    }

    /** With {@code prefix_projection=True}: embedding, Linear(tokenDim, encoderHidden), Linear(encoderHidden, 2·L·d). */
    public static long prefixTuningProjected(int numVirtualTokens, int layers, int tokenDim, int encoderHidden) {
        positive("encoderHidden", encoderHidden);
        long out = 2L * layers * tokenDim;
        return promptTuning(numVirtualTokens, tokenDim) + ((long) tokenDim * encoderHidden + encoderHidden)
                + ((long) encoderHidden * out + out);
    }

    /** LoRA of rank r on linear layers given as {in, out} pairs, in every one of {@code layers} layers. */
    public static long lora(int rank, int layers, List<int[]> modules) {
        positive("rank", rank);
        positive("layers", layers);
        long perLayer = 0;
        for (int[] m : modules) {
            if (m.length != 2 || m[0] < 1 || m[1] < 1) {
                throw new IllegalArgumentException("modules must be {in, out} pairs of positive widths, got "
                        + java.util.Arrays.toString(m));
            }
            perLayer += (long) rank * (m[0] + m[1]);
        }
        return perLayer * layers;
    }

    /** LoRA on the query and value projections, peft's default targets for Llama. */
    public static long loraQueryValue(ModelShape s, int rank) {
        return lora(rank, s.layers(), List.of(new int[] {s.hidden(), s.hidden()}, new int[] {s.hidden(), s.kvDim()}));
    }

    /** IA3 on k_proj and v_proj (output widths) and down_proj (its input width, the intermediate size). */
    public static long ia3(ModelShape s) {
        return (long) s.layers() * (s.kvDim() + s.kvDim() + s.intermediate());
    }

    /** Houlsby bottleneck adapters of width m, {@code perLayer} of them in each layer. */
    public static long bottleneckAdapters(int layers, int hidden, int bottleneck, int perLayer) {
        long d = arg("hidden", hidden);
        long m = arg("bottleneck", bottleneck);
        long down = d * m + m;   // hidden -> m, with bias
        long up = m * d + d;     // m -> hidden, with bias
        return product(arg("layers", layers), arg("perLayer", perLayer), down + up);
    }

    /** One method's count on a model. */
    public record Row(String model, String method, String config, long trainable, double percentOfModel) {
    }

    /** The chapter's table: each method in a common configuration on {@code s}. */
    public static List<Row> table(ModelShape s) {
        return List.of(
                row(s, "prompt tuning", "20 virtual tokens", promptTuning(20, s.hidden())),
                row(s, "prefix tuning", "20 virtual tokens, no projection", prefixTuning(20, s.layers(), s.hidden())),
                row(s, "prefix tuning", "20 tokens, projection MLP of 512", prefixTuningProjected(20, s.layers(),
                        s.hidden(), 512)),
                row(s, "IA3", "k_proj, v_proj, down_proj", ia3(s)),
                row(s, "LoRA", "r = 8 on q_proj, v_proj", loraQueryValue(s, 8)),
                row(s, "bottleneck adapters", "m = 64, two per layer", bottleneckAdapters(s.layers(), s.hidden(), 64, 2)));
    }

    private static Row row(ModelShape s, String method, String config, long n) {
        return new Row(s.name(), method, config, n, 100.0 * n / s.parameters());
    }

    private static long arg(String name, int v) {
        positive(name, v);
        return v;
    }

    private static long product(long... factors) {
        long p = 1;
        for (long f : factors) {
            p = Math.multiplyExact(p, f);
        }
        return p;
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
    }
}
