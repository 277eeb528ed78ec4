package quantlab.exercises.ch09;

/**
 * Chapter 9, "MQA and GQA": sharing keys and values across query heads.
 *
 * <p>A layer has {@code queryHeads} query heads and {@code kvHeads} key/value heads; {@code kvHeads} must divide
 * {@code queryHeads}. MHA has kvHeads = queryHeads, MQA has kvHeads = 1, GQA-n has n.
 *
 * <p>Replace each {@code throw new UnsupportedOperationException(...)} with your own code. Bad arguments get an
 * {@link IllegalArgumentException} whose message names the parameter and shows its value, for example
 * {@code "kvHeads must divide queryHeads, got kvHeads 3 for queryHeads 8"}.
 */
public final class GqaMath {

    private GqaMath() {
    }

    /**
     * Exercise 1. The KV cache of this layout as a fraction of MHA's: kvHeads / queryHeads.
     *
     * <p>Example, the seed's table for 64 query heads: MHA 1.0, GQA-8 1/8 = 0.125, MQA 1/64.
     *
     * @param queryHeads must be positive
     * @param kvHeads    must be positive and divide {@code queryHeads}
     */
    public static double kvFraction(int queryHeads, int kvHeads) {
        checkHeads(queryHeads, kvHeads);
        return kvHeads / (double) queryHeads;
    }

    /**
     * Exercise 2. The KV head that query head {@code queryHead} reads: queryHead / (queryHeads / kvHeads).
     *
     * <p>Example: 32 query heads, 8 KV heads, so groups of 4; query head 13 reads KV head 3.
     *
     * @param queryHead  must be in 0 .. queryHeads - 1
     * @param queryHeads must be positive
     * @param kvHeads    must be positive and divide {@code queryHeads}
     */
    public static int kvHeadFor(int queryHead, int queryHeads, int kvHeads) {
        checkHeads(queryHeads, kvHeads);
        if (queryHead < 0 || queryHead >= queryHeads) {
            throw new IllegalArgumentException("queryHead must be in 0.." + (queryHeads - 1) + ", got " + queryHead);
        }
        return queryHead / (queryHeads / kvHeads);
    }

    /**
     * Exercise 3. The conversion of Ainslie et al. (2023): {@code heads[h]} is head h's key (or value) projection,
     * flattened; split the heads into {@code kvHeads} groups of consecutive heads and return each group's
     * element-wise mean.
     *
     * <p>Example: heads {{1, 2}, {3, 4}, {5, 6}, {7, 8}} pooled to 2 groups give {{2, 3}, {6, 7}}.
     *
     * @param heads   one array per head, all the same length; must not be null or empty
     * @param kvHeads must be positive and divide {@code heads.length}
     */
    public static double[][] meanPool(double[][] heads, int kvHeads) {
        if (heads == null || heads.length == 0) {
            throw new IllegalArgumentException("heads must hold at least one head, got "
                    + (heads == null ? "null" : "none"));
        }
        checkHeads(heads.length, kvHeads);
        int group = heads.length / kvHeads;
        int dim = heads[0].length;
        double[][] out = new double[kvHeads][dim];
        for (int h = 0; h < heads.length; h++) {
            if (heads[h] == null || heads[h].length != dim) {
                throw new IllegalArgumentException("heads must all have length " + dim + ", got head " + h + " of length "
                        + (heads[h] == null ? "null" : heads[h].length));
            }
            for (int d = 0; d < dim; d++) {
                out[h / group][d] += heads[h][d] / group;
            }
        }
        return out;
    }

    private static void checkHeads(int queryHeads, int kvHeads) {
        if (queryHeads <= 0) {
            throw new IllegalArgumentException("queryHeads must be positive, got " + queryHeads);
        }
        if (kvHeads <= 0) {
            throw new IllegalArgumentException("kvHeads must be positive, got " + kvHeads);
        }
        if (queryHeads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads must divide queryHeads, got kvHeads " + kvHeads
                    + " for queryHeads " + queryHeads);
        }
    }
}
