package quantlab.exercises.ch99;

/** Fixture partial answer: add is wrong, multiply is right, power is right only for exponent 0. */
public final class Arith {

    private Arith() {
    }

    public static int add(int a, int b) {
        return a - b;
    }

    public static int multiply(int a, int b) {
        return a * b;
    }

    public static int power(int base, int exponent) {
        return exponent == 0 ? 1 : base * exponent;
    }
}
