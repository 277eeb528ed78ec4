package quantlab.paged;

/**
 * One request of a serving trace.
 *
 * @param id           its number in the trace
 * @param arrival      the decode step at which it arrives
 * @param promptTokens tokens of the prompt, cached at admission (prefill)
 * @param outputTokens tokens it will generate, one per decode step
 */
public record Request(int id, long arrival, int promptTokens, int outputTokens) {

    public Request {
        if (arrival < 0) {
            throw new IllegalArgumentException("arrival must not be negative, got " + arrival);
        }
        if (promptTokens <= 0) {
            throw new IllegalArgumentException("promptTokens must be positive, got " + promptTokens);
        }
        if (outputTokens <= 0) {
            throw new IllegalArgumentException("outputTokens must be positive, got " + outputTokens);
        }
    }

    /** Prompt plus output: the cache the request holds when it finishes. */
    public int finalLength() {
        return promptTokens + outputTokens;
    }
}
