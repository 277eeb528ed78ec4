package quantlab.exercises.ch98;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import quantlab.grading.Points;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpinTest {

    @Test
    @Order(1)
    @Points(1)
    void first() {
        assertEquals(1, Spin.quick());
    }

    @Test
    @Order(2)
    @Points(2)
    void second() {
        assertEquals(1, Spin.quick());
    }

    @Test
    @Order(3)
    @Points(3)
    void loops() {
        assertEquals(0, Spin.forever());
    }

    @Test
    @Order(4)
    @Points(4)
    void after() {
        assertEquals(1, Spin.quick());
    }
}
