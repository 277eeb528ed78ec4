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
        if (failure == null) {
            throw new IllegalArgumentException("failure must not be null, got null");
        }
        return switch (failure) {
            case WEIGHTS_DO_NOT_FIT -> Fix.QUANTIZE_INT8_OR_INT4;
            case FP16_TRAINING_UNSTABLE -> Fix.USE_BF16;
            case GLOBAL_SCALE_CRUSHES_SMALL_CHANNELS -> Fix.PER_CHANNEL_OR_GROUP_SCALES;
            case NAIVE_ROUNDING_HURTS -> Fix.GPTQ;
            case MAGNITUDE_MISSES_SALIENT_CHANNELS -> Fix.AWQ;
            case OOM_AT_LONG_CONTEXT -> Fix.COUNT_KV_CACHE;
            case KV_CACHE_TOO_LARGE -> Fix.GQA_OR_MQA;
            case KV_ALLOCATION_WASTES_MEMORY -> Fix.PAGED_ATTENTION;
            case FULL_FINE_TUNE_TOO_EXPENSIVE -> Fix.LORA;
            case LORA_STILL_TOO_HEAVY -> Fix.QLORA;
            case KNOWLEDGE_STALE_OR_PRIVATE -> Fix.RAG;
        };
    }

    /** Exercise 2: what is wrong with a manifest, given the model file's bytes. */
    public static List<String> manifestProblems(String manifest, byte[] model) {
        if (manifest == null) {
            throw new IllegalArgumentException("manifest must not be null, got null");
        }
        if (model == null) {
            throw new IllegalArgumentException("model must not be null, got null");
        }
        List<String> problems = new java.util.ArrayList<>();
        String[] lines = manifest.split("\n");
        if (!lines[0].equals("# quantlab artifact manifest v1")) {
            problems.add("the first line must be the header '# quantlab artifact manifest v1', got '" + lines[0] + "'");
            return problems;
        }
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon > 0) {
                fields.put(lines[i].substring(0, colon), lines[i].substring(colon + 2));
            }
        }
        for (String key : List.of("file", "sha256", "bytes")) {
            if (!fields.containsKey(key)) {
                problems.add("the manifest has no field '" + key + "'");
            }
        }
        if (fields.containsKey("sha256")) {
            String actual;
            try {
                actual = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(model));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (!actual.equals(fields.get("sha256"))) {
                problems.add("sha256 of the file is " + actual + ", the manifest says " + fields.get("sha256"));
            }
        }
        if (fields.containsKey("bytes") && !fields.get("bytes").equals(Integer.toString(model.length))) {
            problems.add("the file has " + model.length + " bytes, the manifest says " + fields.get("bytes"));
        }
        return problems;
    }
}
