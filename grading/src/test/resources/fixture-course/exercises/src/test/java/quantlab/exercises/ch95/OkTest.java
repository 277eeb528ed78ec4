package quantlab.exercises.ch95;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import quantlab.grading.Points;

class OkTest {

    @Test
    @Points(1)
    void twice() {
        assertEquals(4, Table.twice(2));
    }

    @TestFactory
    @Points(4)
    List<DynamicTest> twiceTable() {
        return List.of(
                dynamicTest("twice 1", () -> assertEquals(2, Table.twice(1))),
                dynamicTest("twice 5 is 11", () -> assertEquals(11, Table.twice(5))));
    }
}
