package quantlab.exercises.ch97;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import quantlab.grading.Points;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuitTest {

    @Test
    @Order(1)
    void before() {
        assertEquals(1, 1);
    }

    @Test
    @Order(2)
    @Points(2)
    void quits() {
        assertEquals(0, Quit.now());
    }

    @Test
    @Order(3)
    @Points(4)
    void after() {
        assertEquals(1, 1);
    }
}
