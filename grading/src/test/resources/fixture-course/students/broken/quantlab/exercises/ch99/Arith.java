package quantlab.exercises.ch99;

/** Fixture answer with a syntax error. */
public final class Arith {

    private Arith() {
    }

    public static int add(int a, int b) {
        return a + b
    }

    public static int multiply(int a, int b) {
        return a * b;
    }

    public static int power(int base, int exponent) {
        return 1;
    }
}
