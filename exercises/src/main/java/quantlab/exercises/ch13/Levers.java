package quantlab.exercises.ch13;

import java.util.List;

/**
 * Chapter 13, "Prompt vs PEFT vs RAG": choosing the lever, counting what the PEFT family trains, and scoring a
 * retriever.
 *
 * <p><b>Exercise 1, the decision.</b> {@link #decide(Situation)} returns the best first move for a situation
 * and the reason for it. Apply these rules in this order; the first that applies decides:
 * <ol>
 *   <li>the answers need knowledge that is private or changes often: {@link Lever#RAG}, because
 *       {@link Reason#KNOWLEDGE_IS_FRESH_OR_PRIVATE} (fresh facts belong in an index, not in weights);</li>
 *   <li>the model already has the knowledge and a better prompt has not been tried: {@link Lever#PROMPT},
 *       {@link Reason#CHEAPEST_LEVER_FIRST};</li>
 *   <li>a deep capability shift is needed and there is plenty of good data and budget, on hardware that is not
 *       limited: {@link Lever#FULL_FINE_TUNE}, {@link Reason#DEEP_SHIFT_WITH_DATA_AND_BUDGET};</li>
 *   <li>training is needed but the hardware is limited: {@link Lever#QLORA}, {@link Reason#LIMITED_HARDWARE};</li>
 *   <li>otherwise (a stable behaviour, format or tone to learn from examples): {@link Lever#PEFT},
 *       {@link Reason#STABLE_BEHAVIOUR_WITH_DATA}.</li>
 * </ol>
 * A null situation is an {@link IllegalArgumentException} naming {@code situation}.
 *
 * <p><b>Exercise 2, trainable parameters</b>, in the conventions of Hugging Face's peft library (one transformer
 * submodule, as in a decoder-only model): prompt tuning learns {@code numVirtualTokens} vectors of width
 * {@code tokenDim}; prefix tuning (no projection) learns, for every virtual token and every layer, a key and a
 * value vector of width {@code tokenDim}; IA3 learns one vector per target module: k_proj and v_proj (of their
 * output width {@code kvDim}) and down_proj (of its input width {@code intermediate}) in every layer; a
 * bottleneck adapter (Houlsby et al.) is a down projection hidden → m and an up projection m → hidden, both with a
 * bias, {@code perLayer} adapters in each layer. Every argument must be at least 1, else an
 * {@link IllegalArgumentException} naming the parameter and its value. Return a {@code long}: real counts pass
 * two billion.
 *
 * <p><b>Exercise 3, recall@k.</b> {@code ranked.get(i)} lists query i's retrieved document ids, best first;
 * {@code relevant.get(i)} is its one relevant id. Recall@k is the share of queries whose relevant id is among the
 * first k retrieved (a list shorter than k counts as far as it goes). The lists must be non-empty and of equal
 * length and k at least 1, else an {@link IllegalArgumentException}.
 *
 * <p>Fill in each method by replacing its {@code throw new UnsupportedOperationException(...)} line.
 */
public final class Levers {

    /** The levers of the chapter's decision table. */
    public enum Lever { PROMPT, RAG, PEFT, FULL_FINE_TUNE, QLORA }

    /** Why a lever is the best first move. */
    public enum Reason {
        CHEAPEST_LEVER_FIRST, KNOWLEDGE_IS_FRESH_OR_PRIVATE, STABLE_BEHAVIOUR_WITH_DATA,
        DEEP_SHIFT_WITH_DATA_AND_BUDGET, LIMITED_HARDWARE
    }

    /**
     * A product situation.
     *
     * @param freshOrPrivateKnowledge the answers need facts that are private or change often
     * @param knowledgeInModel the model already knows what it needs; the framing of the output is the problem
     * @param promptTried a better prompt has already been tried and was not enough
     * @param deepShift a deep change of capability is needed, not only format or tone
     * @param dataAndBudget there is plenty of high-quality data and budget for a large training run
     * @param limitedHardware the training hardware is limited (say one 24 GB GPU for a 7B model)
     */
    public record Situation(boolean freshOrPrivateKnowledge, boolean knowledgeInModel, boolean promptTried,
            boolean deepShift, boolean dataAndBudget, boolean limitedHardware) {
    }

    /** A lever and the reason for it. */
    public record Decision(Lever lever, Reason reason) {
    }

    private Levers() {
    }

    /** Exercise 1: the best first move and why. */
    public static Decision decide(Situation situation) {
        throw new UnsupportedOperationException("TODO exercise 1: apply the five rules in order");
    }

    /** Exercise 2a: prompt tuning's trainable parameters. */
    public static long promptTuning(int numVirtualTokens, int tokenDim) {
        throw new UnsupportedOperationException("TODO exercise 2a");
    }

    /** Exercise 2b: prefix tuning's trainable parameters (no projection MLP). */
    public static long prefixTuning(int numVirtualTokens, int layers, int tokenDim) {
        throw new UnsupportedOperationException("TODO exercise 2b");
    }

    /** Exercise 2c: IA3's trainable parameters on k_proj, v_proj and down_proj. */
    public static long ia3(int layers, int kvDim, int intermediate) {
        throw new UnsupportedOperationException("TODO exercise 2c");
    }

    /** Exercise 2d: bottleneck adapters' trainable parameters. */
    public static long bottleneckAdapters(int layers, int hidden, int bottleneck, int perLayer) {
        throw new UnsupportedOperationException("TODO exercise 2d");
    }

    /** Exercise 3: recall@k of a ranked list. */
    public static double recallAtK(List<List<String>> ranked, List<String> relevant, int k) {
        throw new UnsupportedOperationException("TODO exercise 3");
    }

    /** A check you may use: throws when {@code value} is below 1, naming the parameter. */
    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
