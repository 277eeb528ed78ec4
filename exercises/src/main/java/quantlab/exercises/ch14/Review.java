package quantlab.exercises.ch14;

import java.util.List;

/**
 * Chapter 14, "Honest admission and review": the failure-fix table from memory, and checking a shipped artifact.
 *
 * <p><b>Exercise 1.</b> {@link #fixFor(Failure)} returns the fix of the course's failure-fix table for each
 * failure (one fix per failure, each fix used once). A null failure is an {@link IllegalArgumentException}.
 *
 * <p><b>Exercise 2.</b> {@link #manifestProblems(String, byte[])} checks a manifest as chapter 14's capstone writes
 * it against the bytes of the model file it describes. The manifest is text: the first line is exactly
 * {@code # quantlab artifact manifest v1}, every other non-blank line is {@code key: value} (split at the first
 * {@code ": "}). Return one message per problem, in this order, and an empty list when there is none:
 * <ol>
 *   <li>the first line is not the header: one message containing {@code "header"}, and check nothing else;</li>
 *   <li>a required field ({@code file}, {@code sha256}, {@code bytes}) is missing: a message naming the field;</li>
 *   <li>{@code sha256} is not the lowercase hex SHA-256 of the bytes ({@link java.security.MessageDigest}): a
 *       message containing {@code "sha256"};</li>
 *   <li>{@code bytes} is not the number of bytes: a message containing {@code "bytes"}.</li>
 * </ol>
 * Null arguments are an {@link IllegalArgumentException} naming the parameter.
 */
public final class Review {

    /** The failures of the table. */
    public enum Failure {
        WEIGHTS_DO_NOT_FIT, FP16_TRAINING_UNSTABLE, GLOBAL_SCALE_CRUSHES_SMALL_CHANNELS, NAIVE_ROUNDING_HURTS,
        MAGNITUDE_MISSES_SALIENT_CHANNELS, OOM_AT_LONG_CONTEXT, KV_CACHE_TOO_LARGE, KV_ALLOCATION_WASTES_MEMORY,
        FULL_FINE_TUNE_TOO_EXPENSIVE, LORA_STILL_TOO_HEAVY, KNOWLEDGE_STALE_OR_PRIVATE
    }

    /** The fixes of the table. */
    public enum Fix {
        QUANTIZE_INT8_OR_INT4, USE_BF16, PER_CHANNEL_OR_GROUP_SCALES, GPTQ, AWQ, COUNT_KV_CACHE, GQA_OR_MQA,
        PAGED_ATTENTION, LORA, QLORA, RAG
    }

    private Review() {
    }

    /** Exercise 1: the fix for a failure. */
    public static Fix fixFor(Failure failure) {
        throw new UnsupportedOperationException("TODO exercise 1");
    }

    /** Exercise 2: what is wrong with a manifest, given the model file's bytes. */
    public static List<String> manifestProblems(String manifest, byte[] model) {
        throw new UnsupportedOperationException("TODO exercise 2");
    }
}
