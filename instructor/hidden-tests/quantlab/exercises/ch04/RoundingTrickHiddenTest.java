package quantlab.exercises.ch04;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import quantlab.exercises.ch04.RoundingTrick.AffineParams;
import quantlab.grading.Points;

/**
 * Instructor-only tests of chapter 4, run by class grading and reported to students only as a count and a score.
 * Values worked by hand.
 */
@DisplayName("Chapter 4 hidden tests")
class RoundingTrickHiddenTest {

    @Test
    @Points(1)
    @DisplayName("2-bit symmetric: qmax is 1, so every code is -1, 0 or 1")
    void twoBitSymmetric() {
        double[] row = {-0.3, 0.6, 0.15};
        assertAll(
                // max |x| = 0.6; qmax = 2^1 - 1 = 1; 0.6 / 1 = 0.6
                () -> assertEquals(0.6, RoundingTrick.symmetricScale(row.clone(), 2), 1e-12),
                // -0.3 / 0.6 = -0.5 -> rint -> -0 -> 0 (tie to even); 0.6 / 0.6 = 1; 0.15 / 0.6 = 0.25 -> 0
                () -> assertArrayEquals(new int[] {0, 1, 0}, RoundingTrick.quantizeSymmetric(row.clone(), 0.6, 2)));
    }

    @Test
    @Points(2)
    @DisplayName("uint8 asymmetric on a positive row: zero point 0, values above the range clamp to 255")
    void asymmetricUint8OfPositiveRow() {
        AffineParams params = RoundingTrick.asymmetricParams(0.0, 2.55, 8);
        assertAll(
                // (2.55 - 0) / (2^8 - 1) = 2.55 / 255 = 0.01
                () -> assertEquals(0.01, params.scale(), 1e-12),
                // rint(-0 / 0.01) = 0
                () -> assertEquals(0, params.zeroPoint()),
                // 0 -> 0; 1.0 / 0.01 = 100; 2.55 / 0.01 = 255; 3.0 / 0.01 = 300 -> clamped to 255
                () -> assertArrayEquals(new int[] {0, 100, 255, 255},
                        RoundingTrick.quantizeAsymmetric(new double[] {0.0, 1.0, 2.55, 3.0}, params, 8)));
    }
}
