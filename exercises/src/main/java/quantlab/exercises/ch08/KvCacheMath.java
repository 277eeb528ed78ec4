package quantlab.exercises.ch08;

/**
 * Chapter 8, "KV-cache memory": the serving bill that grows with traffic.
 *
 * <pre>
 *   KV bytes = requests x tokens x layers x kvHeads x 2 (K and V) x headDim x bytes per value
 * </pre>
 *
 * <p>Replace each {@code throw new UnsupportedOperationException(...)} with your own arithmetic; plain Java is all
 * you need. Byte counts are {@code double} because a 4-bit cache stores half a byte per value.
 *
 * <p><b>Bad input.</b> Where a method lists rules for its arguments, throw an {@link IllegalArgumentException}
 * whose message names the parameter and shows its value, for example {@code "kvHeads must be positive, got 0"}.
 */
public final class KvCacheMath {

    /** Binary gibibyte, 2^30 bytes. */
    public static final double BYTES_PER_GIB = 1024.0 * 1024.0 * 1024.0;

    private KvCacheMath() {
    }

    /**
     * Exercise 1. KV bytes that one token adds to one request: layers x kvHeads x 2 x headDim x bytesPerValue.
     *
     * <p>Example: Llama 2 7B (32 layers, 32 KV heads, head dim 128) in fp16 (2 bytes) stores
     * 32 x 32 x 2 x 128 x 2 = 524,288 bytes per token.
     *
     * @param layers        must be positive
     * @param kvHeads       must be positive
     * @param headDim       must be positive
     * @param bytesPerValue must be positive and finite, e.g. 2 for fp16, 1 for fp8, 0.5 for int4 codes
     * @throws IllegalArgumentException naming the first argument that breaks its rule
     */
    public static double bytesPerToken(int layers, int kvHeads, int headDim, double bytesPerValue) {
        throw new UnsupportedOperationException("TODO ch08: layers x kvHeads x 2 x headDim x bytesPerValue");
    }

    /**
     * Exercise 2, the seed's medium exercise. One request's cache: tokens x {@link #bytesPerToken}.
     *
     * <p>Try it by hand first: 80 layers, 8 KV heads, head dim 128, bf16, 4,096 tokens. Is the answer a round
     * number in GB or in GiB?
     *
     * @param tokens must be zero or more
     * @throws IllegalArgumentException if {@code tokens} is negative (message names {@code tokens}), or as
     *                                  {@link #bytesPerToken}
     */
    public static double bytesPerRequest(int layers, int kvHeads, int headDim, double bytesPerValue, long tokens) {
        throw new UnsupportedOperationException("TODO ch08: tokens x bytes per token");
    }

    /**
     * Exercise 3. The largest number of requests that fit inside a safety margin:
     * floor((gpuBytes x utilization - fixedBytes) / kvBytesPerRequest), and 0 when nothing is left.
     *
     * <p>Example (the seed's scenario A, in GiB): an 80 GiB card, 47 GiB fixed, 2.5 GiB per request. On the full
     * card (utilization 1.0) that is floor(33 / 2.5) = 13; at utilization 0.9 it is floor((72 - 47) / 2.5) = 10.
     *
     * @param gpuBytes          the card's memory; must be positive
     * @param fixedBytes        weights, runtime, workspace; must be zero or more
     * @param kvBytesPerRequest one request's cache; must be positive
     * @param utilization       the share of the card the plan may fill; must be in (0, 1]
     * @throws IllegalArgumentException naming the argument that breaks its rule
     */
    public static long maxConcurrency(double gpuBytes, double fixedBytes, double kvBytesPerRequest, double utilization) {
        throw new UnsupportedOperationException("TODO ch08: what is left inside the margin, divided by one request");
    }
}
