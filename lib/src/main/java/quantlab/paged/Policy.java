package quantlab.paged;

/** How a serving system sets KV memory aside for a request: the three policies of chapter 10's simulator. */
public enum Policy {
    /** A contiguous run of the model's maximum length per request, as systems before vLLM did. */
    RESERVE_MAX("reserve max length"),
    /** A contiguous run of exactly prompt + output tokens (an oracle that knows the output length). */
    RESERVE_EXACT("reserve exact length"),
    /** Blocks of {@code blockSize} tokens taken as the sequence grows (PagedAttention). */
    PAGED("paged");

    private final String label;

    Policy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
