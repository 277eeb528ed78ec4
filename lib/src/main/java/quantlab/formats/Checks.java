package quantlab.formats;

/** Argument checks shared by the package, so every message names the parameter and the value the same way. */
final class Checks {

    private Checks() {
    }

    static void range(double lo, double hi) {
        if (Double.isNaN(lo)) {
            throw new IllegalArgumentException("lo must be a number, got " + lo);
        }
        if (Double.isNaN(hi)) {
            throw new IllegalArgumentException("hi must be a number, got " + hi);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("lo must not exceed hi, got lo " + lo + " and hi " + hi);
        }
    }

    static void listable(long count, String what, double lo, double hi) {
        if (count > NumberSet.MAX_LISTED) {
            throw new IllegalArgumentException("hi: [" + lo + ", " + hi + "] holds " + count + " " + what
                    + " values, more than " + NumberSet.MAX_LISTED + " to list; use countBetween, got hi " + hi);
        }
    }
}
