package quantlab.exercises.ch95;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import quantlab.grading.Points;

class SetupTest {

    static int rows;

    @BeforeAll
    static void load() {
        rows = Table.load();
    }

    @Test
    @Points(2)
    void hasRows() {
        assertEquals(3, rows);
    }

    @Test
    @Points(3)
    void hasMoreRows() {
        assertEquals(3, rows);
    }
}
