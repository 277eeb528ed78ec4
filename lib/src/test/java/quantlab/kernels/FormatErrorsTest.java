package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The error arithmetic by hand, and the ordering block scales must give on Gaussian weights. */
class FormatErrorsTest {

    @Test
    void relativeRmsByHand() {
        // (1 - 1)^2 + (1 - 2)^2 = 1 over 1 + 4 = 5.
        assertEquals(Math.sqrt(0.2), FormatErrors.relativeRms(new float[] {1, 1}, new double[] {1, 2}), 1e-15);
    }

    @Test
    void blockScalesBeatOneScalePerRowAtTheSameBitWidth() {
        List<FormatErrors.FormatError> e = FormatErrors.gaussian(16, 1024, 3);
        assertEquals(List.of("int8 per-row", "Q8_0", "int4 g128", "int4 g128 w4a8", "Q4_0"),
                e.stream().map(FormatErrors.FormatError::format).toList());
        // Bits per weight: 8 + 32 / 1024 (a 4-byte scale per row); 34 x 8 / 32 = 8.5; 4 + 32 / 128 (twice); 18 x 8 / 32.
        assertEquals(8.03125, e.get(0).bitsPerWeight(), 1e-12);
        assertEquals(8.5, e.get(1).bitsPerWeight(), 1e-12);
        assertEquals(4.25, e.get(2).bitsPerWeight(), 1e-12);
        assertEquals(4.25, e.get(3).bitsPerWeight(), 1e-12);
        assertEquals(4.5, e.get(4).bitsPerWeight(), 1e-12);
        // A row of 1024 Gaussians has a larger absmax than a block of 32, so its step is coarser.
        assertTrue(e.get(1).weightError() < e.get(0).weightError(), e.toString());
        assertTrue(e.get(4).weightError() < e.get(2).weightError(), e.toString());
        // W4A8 stores the same int4 weights; only its output differs (the activations' rounding).
        assertEquals(e.get(2).weightError(), e.get(3).weightError());
        for (FormatErrors.FormatError f : e) {
            assertTrue(f.weightError() > 0 && f.weightError() < 0.2 && f.outputError() > 0 && f.outputError() < 0.2,
                    f.toString());
        }
    }
}
