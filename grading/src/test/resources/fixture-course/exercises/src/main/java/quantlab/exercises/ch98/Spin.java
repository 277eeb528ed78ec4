package quantlab.exercises.ch98;

/** Fixture: one method that never returns. */
public final class Spin {

    private Spin() {
    }

    public static int quick() {
        return 1;
    }

    public static int forever() {
        long turns = 0;
        while (true) {
            turns++;
        }
    }
}
