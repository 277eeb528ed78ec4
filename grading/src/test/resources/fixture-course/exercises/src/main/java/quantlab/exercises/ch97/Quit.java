package quantlab.exercises.ch97;

/** Fixture: ends the JVM abruptly. */
public final class Quit {

    private Quit() {
    }

    public static int now() {
        Runtime.getRuntime().halt(3);
        return 0;
    }
}
