package quantlab.formats;

import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** Runs a check on all 2^32 int bit patterns, in parallel blocks of 2^16 with a plain loop inside each. */
final class Exhaustive {

    /** What {@link #firstFailure} returns when every pattern passed. */
    static final long NONE = Long.MAX_VALUE;

    private Exhaustive() {
    }

    /** The lowest failing pattern (as an unsigned value), or {@link #NONE}. */
    static long firstFailure(IntPredicate check) {
        return IntStream.range(0, 1 << 16).parallel()
                .mapToLong(high -> firstFailureInBlock(high, check))
                .min()
                .orElse(NONE);
    }

    private static long firstFailureInBlock(int high, IntPredicate check) {
        for (int low = 0; low < 1 << 16; low++) {
            int bits = (high << 16) | low;
            if (!check.test(bits)) {
                return Integer.toUnsignedLong(bits);
            }
        }
        return NONE;
    }
}
