package quantlab.exercises.ch96;

/** Fixture: a starter that does not compile, with no solution to fall back on. */
public final class Broken {

    public static int value() {
        return "not an int";
    }
}
