package quantlab.paged;

/**
 * Attention of one new token's queries over a sequence's cached keys and values, read block by block through a
 * {@link BlockTable}. Each block is reduced on its own (its maximum score, its sum of exponentials, its weighted
 * values) and the partial results are merged with the running maximum, as vLLM's kernel does, so no contiguous copy
 * of the cache is ever made. {@link #contiguous} is the plain specification it must agree with.
 */
public final class PagedAttention {

    private PagedAttention() {
    }

    /**
     * Attention output for {@code query} ({@code queryHeads x headDim} floats) over the cache of {@code table}.
     * Query head h reads KV head h / (queryHeads / kvHeads), so the same code runs MHA, GQA and MQA.
     *
     * @throws IllegalStateException when the table refers to a block that has been freed
     */
    public static float[] attend(float[] query, int queryHeads, PagedKvCache cache, BlockTable table) {
        int headDim = cache.headDim();
        int kvHeads = cache.kvHeads();
        checkHeads(query, queryHeads, kvHeads, headDim);
        if (table.length() == 0) {
            throw new IllegalArgumentException("table must hold at least one token, got sequence " + table.sequence()
                    + " of length 0");
        }
        int[] blocks = table.blocks();
        for (int b : blocks) {
            if (cache.allocator().isFree(b)) {
                throw new IllegalStateException("block table of sequence " + table.sequence()
                        + " references block " + b + ", which has been freed");
            }
        }
        int group = queryHeads / kvHeads;
        double scale = 1 / Math.sqrt(headDim);
        float[] out = new float[queryHeads * headDim];
        float[] k = new float[headDim];
        float[] v = new float[headDim];
        for (int h = 0; h < queryHeads; h++) {
            int kvHead = h / group;
            double runningMax = Double.NEGATIVE_INFINITY;
            double runningSum = 0;
            double[] acc = new double[headDim];
            for (int logical = 0; logical < blocks.length; logical++) {
                int filled = Math.min(table.blockSize(), table.length() - logical * table.blockSize());
                double[] scores = new double[filled];
                double blockMax = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < filled; s++) {
                    cache.readKey(blocks[logical], s, kvHead, k);
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) {
                        dot += query[h * headDim + d] * k[d];
                    }
                    scores[s] = dot * scale;
                    blockMax = Math.max(blockMax, scores[s]);
                }
                double blockSum = 0;
                double[] blockAcc = new double[headDim];
                for (int s = 0; s < filled; s++) {
                    double w = Math.exp(scores[s] - blockMax);
                    blockSum += w;
                    cache.readValue(blocks[logical], s, kvHead, v);
                    for (int d = 0; d < headDim; d++) {
                        blockAcc[d] += w * v[d];
                    }
                }
                double newMax = Math.max(runningMax, blockMax);
                double oldFactor = Math.exp(runningMax - newMax);
                double blockFactor = Math.exp(blockMax - newMax);
                runningSum = runningSum * oldFactor + blockSum * blockFactor;
                for (int d = 0; d < headDim; d++) {
                    acc[d] = acc[d] * oldFactor + blockAcc[d] * blockFactor;
                }
                runningMax = newMax;
            }
            for (int d = 0; d < headDim; d++) {
                out[h * headDim + d] = (float) (acc[d] / runningSum);
            }
        }
        return out;
    }

    /**
     * The specification: softmax(q . k / sqrt(headDim)) . v over keys and values stored one token after another,
     * {@code keys[t]} and {@code values[t]} holding {@code kvHeads x headDim} floats.
     */
    public static float[] contiguous(float[] query, int queryHeads, float[][] keys, float[][] values, int kvHeads,
                                     int headDim) {
        checkHeads(query, queryHeads, kvHeads, headDim);
        if (keys.length == 0 || keys.length != values.length) {
            throw new IllegalArgumentException("keys and values must hold the same positive number of tokens, got "
                    + keys.length + " and " + values.length);
        }
        int group = queryHeads / kvHeads;
        float[] out = new float[queryHeads * headDim];
        for (int h = 0; h < queryHeads; h++) {
            int kvHead = h / group;
            double[] scores = new double[keys.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < keys.length; t++) {
                double dot = 0;
                for (int d = 0; d < headDim; d++) {
                    dot += query[h * headDim + d] * keys[t][kvHead * headDim + d];
                }
                scores[t] = dot / Math.sqrt(headDim);
                max = Math.max(max, scores[t]);
            }
            double sum = 0;
            for (int t = 0; t < keys.length; t++) {
                scores[t] = Math.exp(scores[t] - max);
                sum += scores[t];
            }
            for (int d = 0; d < headDim; d++) {
                double o = 0;
                for (int t = 0; t < keys.length; t++) {
                    o += scores[t] / sum * values[t][kvHead * headDim + d];
                }
                out[h * headDim + d] = (float) o;
            }
        }
        return out;
    }

    private static void checkHeads(float[] query, int queryHeads, int kvHeads, int headDim) {
        if (queryHeads <= 0) {
            throw new IllegalArgumentException("queryHeads must be positive, got " + queryHeads);
        }
        if (queryHeads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads must divide queryHeads, got kvHeads " + kvHeads
                    + " for queryHeads " + queryHeads);
        }
        if (query == null || query.length != queryHeads * headDim) {
            throw new IllegalArgumentException("query must hold queryHeads x headDim = " + queryHeads * headDim
                    + " floats, got " + (query == null ? "null" : query.length));
        }
    }
}
