package quantlab.exercises.ch99;

/** Fixture starter: nothing solved yet. */
public final class Arith {

    private Arith() {
    }

    public static int add(int a, int b) {
        throw new UnsupportedOperationException("TODO add");
    }

    public static int multiply(int a, int b) {
        throw new UnsupportedOperationException("TODO multiply");
    }

    public static int power(int base, int exponent) {
        throw new UnsupportedOperationException("TODO power");
    }
}
