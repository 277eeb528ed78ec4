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
        throw new UnsupportedOperationException("TODO ch09: kvHeads / queryHeads");
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
        throw new UnsupportedOperationException("TODO ch09: which group is this query head in?");
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
        throw new UnsupportedOperationException("TODO ch09: average the heads of each group");
    }
}
