package quantlab.exercises.ch99;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import quantlab.grading.Points;

class ArithTest {

    @Test
    @Points(1)
    void add() {
        assertEquals(5, Arith.add(2, 3));
    }

    @Test
    @Points(2)
    void multiply() {
        assertEquals(6, Arith.multiply(2, 3));
        assertEquals(-8, Arith.multiply(-2, 4));
    }

    @ParameterizedTest
    @CsvSource({"2, 0, 1", "2, 3, 8", "3, 2, 9"})
    @Points(3)
    void power(int base, int exponent, int expected) {
        assertEquals(expected, Arith.power(base, exponent));
    }
}
