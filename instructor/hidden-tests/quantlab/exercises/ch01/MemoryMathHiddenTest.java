package quantlab.exercises.ch01;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import quantlab.grading.Points;

/**
 * Instructor-only tests of chapter 1, run by class grading and reported to students only as a count and a score.
 * They probe the same rules as the visible tests with inputs the visible tests do not use. Values worked by hand.
 */
@DisplayName("Chapter 1 hidden tests")
class MemoryMathHiddenTest {

    @Test
    @Points(2)
    @DisplayName("an odd parameter count in int4 ends in half a byte, whatever the case of the format")
    void halfByteForOddCountsInAnyCase() {
        assertAll(
                // 7,000,000,001 x 0.5 = 3,500,000,000.5 bytes (exact in a double: far below 2^52)
                () -> assertEquals(3_500_000_000.5, MemoryMath.weightBytes(7_000_000_001L, "int4"), 0.0),
                // 9 x 0.5 = 4.5
                () -> assertEquals(4.5, MemoryMath.weightBytes(9, "INT4"), 0.0));
    }

    @Test
    @Points(1)
    @DisplayName("GiB below and above one: 2^29 bytes is 0.5 GiB, 3 x 2^30 bytes is 3 GiB")
    void gibibytesBelowAndAboveOne() {
        assertAll(
                // 536,870,912 / 1,073,741,824 = 0.5
                () -> assertEquals(0.5, MemoryMath.toGiB(536_870_912.0), 0.0),
                // 3,221,225,472 / 1,073,741,824 = 3
                () -> assertEquals(3.0, MemoryMath.toGiB(3_221_225_472.0), 0.0));
    }

    @Test
    @Points(1)
    @DisplayName("Q8_0-style groups: 8 bits, 32 weights per fp16 scale, no zero point, give 8.5 bits")
    void q8StyleGroupsOfThirtyTwo() {
        // 8 + (16 + 0) / 32 = 8 + 0.5 = 8.5
        assertEquals(8.5, MemoryMath.effectiveBitsPerWeight(8, 32, 16, 0), 1e-12);
    }
}
