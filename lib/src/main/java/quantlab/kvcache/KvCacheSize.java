package quantlab.kvcache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import quantlab.memory.ByteSize;

/**
 * The KV-cache formula with every factor kept: requests x tokens x layers x kvHeads x 2 (K and V) x bytes per head
 * vector (headDim elements in a {@link KvFormat}, scales included). Exact integer bytes, read in GB and GiB
 * through {@link ByteSize}.
 *
 * @param requests sequences in the batch, 0 or more
 * @param tokens   tokens cached per sequence, 0 or more
 * @param layers   layers that cache K and V
 * @param kvHeads  key/value heads per layer
 * @param headDim  elements per head vector
 * @param format   how each head vector is stored
 */
public record KvCacheSize(long requests, long tokens, int layers, int kvHeads, int headDim, KvFormat format) {

    /** Keys and values: two tensors per layer. */
    public static final int K_AND_V = 2;

    public KvCacheSize {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative, got " + requests);
        }
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, got " + tokens);
        }
        if (layers <= 0) {
            throw new IllegalArgumentException("layers must be positive, got " + layers);
        }
        if (kvHeads <= 0) {
            throw new IllegalArgumentException("kvHeads must be positive, got " + kvHeads);
        }
        if (headDim <= 0) {
            throw new IllegalArgumentException("headDim must be positive, got " + headDim);
        }
        Objects.requireNonNull(format, "format");
    }

    /** Bytes of one head's K (or V) for one token, scales included. */
    public long bytesPerHeadVector() {
        return format.bytesPerHeadVector(headDim);
    }

    /** Bytes that one token adds to one sequence's cache: layers x kvHeads x 2 x bytes per head vector. */
    public ByteSize perToken() {
        return ByteSize.ofBytes(Math.multiplyExact(Math.multiplyExact((long) layers * kvHeads, (long) K_AND_V),
                bytesPerHeadVector()));
    }

    /** One sequence of {@link #tokens()} tokens. */
    public ByteSize perRequest() {
        return ByteSize.ofBytes(Math.multiplyExact(perToken().bytes(), tokens));
    }

    /** The whole batch: every request's cache. */
    public ByteSize total() {
        return ByteSize.ofBytes(Math.multiplyExact(perRequest().bytes(), requests));
    }

    /** The factors in the order of the formula, for showing the product built up step by step. */
    public Map<String, Long> factors() {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("requests", requests);
        f.put("tokens", tokens);
        f.put("layers", (long) layers);
        f.put("kvHeads", (long) kvHeads);
        f.put("K and V", (long) K_AND_V);
        f.put("bytes per head vector (" + headDim + " x " + format.label() + ")", bytesPerHeadVector());
        return f;
    }

    @Override
    public String toString() {
        return requests + " x " + tokens + " tokens x " + layers + " layers x " + kvHeads + " KV heads x 2 x "
                + bytesPerHeadVector() + " B (" + headDim + " x " + format.label() + ") = " + total();
    }
}
