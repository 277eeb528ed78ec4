package quantlab.exercises.ch99;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import quantlab.grading.Points;

/** Fixture hidden tests: worth 2 (add with negatives) and 1 (multiply by zero). */
class ArithHiddenTest {

    @Test
    @Points(2)
    void addsNegatives() {
        assertEquals(-5, Arith.add(-2, -3));
    }

    @Test
    @Points(1)
    void multipliesByZero() {
        assertEquals(0, Arith.multiply(7, 0));
    }
}
