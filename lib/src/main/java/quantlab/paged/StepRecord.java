package quantlab.paged;

/**
 * KV memory at the end of one decode step, in token slots. The five parts add up to the capacity:
 * {@code used + reserved + internal + external + idle = capacity}.
 *
 * @param step     the decode step
 * @param running  sequences in the batch
 * @param waiting  requests queued for memory
 * @param used     slots holding a token's K and V
 * @param reserved slots set aside for tokens a request has not generated yet (they will be used later)
 * @param internal slots allocated that no token will ever fill (past the final length, or a last block's slack)
 * @param external free slots in holes too short for the request at the head of the queue
 * @param idle     the remaining free slots
 */
public record StepRecord(long step, int running, int waiting, long used, long reserved, long internal,
                         long external, long idle) {

    /** Everything that is not holding a token: reserved + internal + external. */
    public long wasted() {
        return reserved + internal + external;
    }
}
