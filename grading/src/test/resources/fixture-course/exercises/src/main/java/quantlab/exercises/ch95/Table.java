package quantlab.exercises.ch95;

/** Fixture: loading fails, which breaks a test class's @BeforeAll. */
public final class Table {

    private Table() {
    }

    public static int load() {
        throw new IllegalStateException("no data");
    }

    public static int twice(int x) {
        return 2 * x;
    }
}
