package quantlab.granularity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import quantlab.quantization.Quantizer;

class WeightDistributionTest {

    // magnitudes sorted: 0.25, 0.5, 1, 2, 4
    private final WeightDistribution five = WeightDistribution.of(new float[] {-4f, 1f, 0.5f, -0.25f, 2f});

    @Test
    void magnitudesAndNearestRankPercentiles() {
        assertEquals(4.0, five.maxAbs());
        assertEquals(1.0, five.medianMagnitude());               // index 5 / 2 = 2
        assertEquals(1.0, five.magnitudePercentile(0.5));        // ceil(2.5) - 1 = 2
        assertEquals(2.0, five.magnitudePercentile(0.8));        // ceil(4.0) - 1 = 3
        assertEquals(4.0, five.magnitudePercentile(0.999));      // ceil(4.995) - 1 = 4
    }

    @Test
    void histogramBinsSpanMinusToPlusMaxAbs() {
        // 4 bins of width 2 over [-4, 4]: -4 -> 0; -0.25 -> 1; 0.5 and 1 -> 2; 2 -> 3
        assertArrayEquals(new double[] {1, 1, 2, 1}, five.histogramCounts(4));
        // 4 itself would land at index 4: it is kept in the last bin
        assertArrayEquals(new double[] {1, 1, 1, 1}, WeightDistribution.of(new float[] {-4, -1, 1, 4})
                .histogramCounts(4));
    }

    @Test
    void zeroCodesCountsWhatRoundingErased() {
        // int4 symmetric per tensor: scale 2.8 / 7 = 0.4; 0.1 -> 0.25 -> 0, -0.1 -> 0, 1.2 -> 3, 2.8 -> 7
        long zeros = WeightDistribution.zeroCodes(Quantizer.symmetric(4).quantize(new float[] {0.1f, 2.8f, -0.1f, 1.2f}));
        assertEquals(2, zeros);
    }

    @Test
    void badInputNamesTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WeightDistribution.of(new float[0]))
                .getMessage().contains("values"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> WeightDistribution.of(new float[] {1f, Float.NaN})).getMessage().contains("values[1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> five.magnitudePercentile(0))
                .getMessage().contains("q must be in (0, 1], got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> five.histogramCounts(0))
                .getMessage().contains("bins must be at least 1, got 0"));
    }
}
