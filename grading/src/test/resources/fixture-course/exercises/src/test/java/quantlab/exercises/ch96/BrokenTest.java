package quantlab.exercises.ch96;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import quantlab.grading.Points;

class BrokenTest {

    @Test
    @Points(5)
    void value() {
        assertEquals(1, Broken.value());
    }
}
