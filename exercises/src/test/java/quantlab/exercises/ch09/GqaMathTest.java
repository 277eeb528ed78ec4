package quantlab.exercises.ch09;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/** Grades chapter 9, "MQA and GQA". Expected values are worked by hand in the comments. */
@DisplayName("Chapter 9: MQA and GQA")
class GqaMathTest {

    @Test
    @Points(2)
    @DisplayName("Exercise 1: the GQA ratio, the seed's 64-head table: 1, 1/8, 1/64")
    void kvFraction() {
        assertAll(
                () -> assertEquals(1.0, GqaMath.kvFraction(64, 64), 0.0, "MHA"),
                () -> assertEquals(0.125, GqaMath.kvFraction(64, 8), 0.0, "GQA-8: 8 / 64"),
                () -> assertEquals(1.0 / 64, GqaMath.kvFraction(64, 1), 0.0, "MQA: 1 / 64"),
                () -> assertEquals(4.0 / 28, GqaMath.kvFraction(28, 4), 1e-15, "Qwen2.5 7B: 4 / 28 = 1/7"),
                () -> assertEquals(1.0 / 71, GqaMath.kvFraction(71, 1), 1e-15, "Falcon 7B: 1 / 71"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: query head h reads KV head h / (queryHeads / kvHeads)")
    void kvHeadFor() {
        assertAll(
                () -> assertEquals(3, GqaMath.kvHeadFor(13, 32, 8), "groups of 4: 13 / 4 = 3"),
                () -> assertEquals(13, GqaMath.kvHeadFor(13, 32, 32), "MHA: its own head"),
                () -> assertEquals(0, GqaMath.kvHeadFor(31, 32, 1), "MQA: everyone reads head 0"),
                () -> assertEquals(7, GqaMath.kvHeadFor(63, 64, 8), "the last head of the last group"),
                () -> assertEquals(1, GqaMath.kvHeadFor(4, 12, 3), "MiniLM as GQA-3: groups of 4, head 4 is in group 1"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 3: mean-pool the heads of each group")
    void meanPool() {
        double[][] heads = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
        assertAll(
                // {1,2},{3,4} -> {2,3}; {5,6},{7,8} -> {6,7}
                () -> assertArrayEquals(new double[] {2, 3}, GqaMath.meanPool(heads, 2)[0], 1e-12, "group 0"),
                () -> assertArrayEquals(new double[] {6, 7}, GqaMath.meanPool(heads, 2)[1], 1e-12, "group 1"),
                // all four: (1+3+5+7)/4 = 4, (2+4+6+8)/4 = 5
                () -> assertArrayEquals(new double[] {4, 5}, GqaMath.meanPool(heads, 1)[0], 1e-12, "MQA"),
                () -> assertEquals(4, GqaMath.meanPool(heads, 4).length, "MHA keeps every head"),
                () -> assertArrayEquals(new double[] {5, 6}, GqaMath.meanPool(heads, 4)[2], 1e-12, "unchanged"),
                () -> assertArrayEquals(new double[] {1, 2}, heads[0], 0.0, "the input is not modified"));
    }

    @Test
    @Points(1)
    @DisplayName("Bad input is refused with the parameter's name")
    void badInput() {
        assertAll(
                () -> refuses("queryHeads", "0", () -> GqaMath.kvFraction(0, 1)),
                () -> refuses("kvHeads", "0", () -> GqaMath.kvFraction(8, 0)),
                () -> refuses("kvHeads", "3", () -> GqaMath.kvFraction(8, 3)),
                () -> refuses("queryHead", "32", () -> GqaMath.kvHeadFor(32, 32, 8)),
                () -> refuses("heads", "null", () -> GqaMath.meanPool(null, 1)),
                () -> refuses("kvHeads", "3", () -> GqaMath.meanPool(new double[4][2], 3)));
    }

    private static void refuses(String parameter, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException for " + parameter + " = " + value);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter) && message.contains(value),
                "the message should name '" + parameter + "' and its value " + value + ", but was: " + message);
    }
}
