package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dynamic loss scaler's state machine, traced by hand one step at a time. */
class LossScalerTest {

    @Test
    void dynamicScalerTrace() {
        LossScaler scaler = LossScaler.dynamic(8, 3);
        // step | gradients | apply? | scale after | good in a row | skipped
        assertStep(scaler, true, true, 8, 1, 0);
        assertStep(scaler, true, true, 8, 2, 0);
        assertStep(scaler, true, true, 16, 0, 0);    // third good step in a row: double
        assertStep(scaler, false, false, 8, 0, 1);   // inf or NaN: skip and halve
        assertStep(scaler, false, false, 4, 0, 2);   // again
        assertStep(scaler, true, true, 4, 1, 2);
        assertStep(scaler, true, true, 4, 2, 2);
        assertStep(scaler, false, false, 2, 0, 3);   // a bad step resets the run of good ones
        assertStep(scaler, true, true, 2, 1, 3);
        assertStep(scaler, true, true, 2, 2, 3);
        assertStep(scaler, true, true, 4, 0, 3);
        assertTrue(scaler.isDynamic());
    }

    @Test
    void withoutScalingTheScaleStaysOneButBadStepsAreStillSkipped() {
        LossScaler scaler = LossScaler.none();
        assertFalse(scaler.isDynamic());
        for (int i = 0; i < 5; i++) {
            assertStep(scaler, true, true, 1, i + 1, 0);
        }
        assertStep(scaler, false, false, 1, 0, 1);
        assertStep(scaler, true, true, 1, 1, 1);
    }

    @Test
    void growthStopsAtTheCeiling() {
        LossScaler scaler = LossScaler.dynamic(LossScaler.MAX_SCALE / 2, 1);
        scaler.update(true);
        assertEquals(LossScaler.MAX_SCALE, scaler.scale());
        scaler.update(true);
        assertEquals(LossScaler.MAX_SCALE, scaler.scale());
    }

    @Test
    void halvingPastTheFloorIsAnErrorNotASilentZero() {
        LossScaler scaler = LossScaler.dynamic(0x1p-63, 10);
        assertFalse(scaler.update(false));
        assertEquals(0x1p-64, scaler.scale());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scaler.update(false));
        assertTrue(e.getMessage().contains("2^-64"), e.getMessage());
    }

    private static void assertStep(LossScaler scaler, boolean finite, boolean applied, double scale, int good,
                                   int skipped) {
        assertEquals(applied, scaler.update(finite));
        assertEquals(scale, scaler.scale());
        assertEquals(good, scaler.goodStepsInARow());
        assertEquals(skipped, scaler.skippedSteps());
    }
}
