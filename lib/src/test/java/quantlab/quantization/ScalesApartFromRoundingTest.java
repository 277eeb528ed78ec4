package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Finding a scale and rounding with a given one, the weight-matrix layout and the recipe vocabulary, by hand. */
class ScalesApartFromRoundingTest {

    @Test
    void fitFindsTheScaleAndZeroPointByHand() {
        Quantizer sym = Quantizer.symmetric(4);
        SliceScale s = sym.fit(-0.35, 0.7);
        assertEquals(0.1f, s.scale(), 1e-7, "absmax 0.7 / 7");
        assertEquals(0, s.zeroPoint());
        Quantizer asym = Quantizer.asymmetric(4);
        SliceScale a = asym.fit(0.3, 1.8); // widened to [0, 1.8]
        assertEquals(0.12f, a.scale(), 1e-7, "1.8 / 15");
        assertEquals(0, a.zeroPoint());
        SliceScale b = asym.fit(-0.3, 1.2);
        assertEquals(0.1f, b.scale(), 1e-7, "1.5 / 15");
        assertEquals(3, b.zeroPoint(), "0.3 / 0.1");
    }

    @Test
    void roundsWithAGivenScaleAndClampsToTheGrid() {
        Quantizer sym = Quantizer.symmetric(4);
        SliceScale given = new SliceScale(0.1f, 0);
        assertEquals(3, sym.code(0.3f, given));
        assertEquals(-7, sym.code(-0.9f, given), "-9 clamped to -7");
        assertEquals(2, sym.code(0.25f, new SliceScale(0.1f, 0)), "2.5 rounds half to even");
        assertEquals(0.7f, sym.roundTrip(5f, given), 1e-7);
        Quantizer asym = Quantizer.asymmetric(4);
        assertEquals(8, asym.code(0.5f, new SliceScale(0.1f, 3)), "5 + 3");
        assertEquals(0.5f, asym.value(8, new SliceScale(0.1f, 3)), 1e-7);
    }

    @Test
    void quantizeIsFindScalesThenRound() {
        float[] w = {0.12f, -0.18f, 0.25f, -0.31f, 1.6f, -2.1f, 2.4f, -2.8f};
        Quantizer q = Quantizer.symmetric(4).with(Granularity.perGroup(2));
        SliceScale[] scales = q.findScales(w, 2, 4);
        assertEquals(4, scales.length);
        assertEquals(0.18f / 7, scales[0].scale(), 1e-8);
        assertEquals(q.quantize(w, 2, 4), q.round(w, 2, 4, scales));
        // Other scales give other codes: the rounding really uses the scales it is given.
        SliceScale[] coarse = {new SliceScale(1, 0), new SliceScale(1, 0), new SliceScale(1, 0), new SliceScale(1, 0)};
        assertArrayEquals(new int[] {0, 0, 0, 0, 2, -2, 2, -3}, q.round(w, 2, 4, coarse).codes());
        assertNotEquals(q.quantize(w, 2, 4), q.round(w, 2, 4, coarse));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.round(w, 2, 4, new SliceScale[3]));
        assertTrue(e.getMessage().contains("scales") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SliceScale(0f, 0));
        assertTrue(e.getMessage().contains("scale") && e.getMessage().contains("0.0"), e.getMessage());
    }

    @Test
    void weightMatrixOwnsTheLayout() {
        // ONNX stores [in 3, out 2]: x W with W = [[1, 2], [3, 4], [5, 6]]; output channel 0 reads 1, 3, 5.
        WeightMatrix m = WeightMatrix.fromInByOut(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertEquals(2, m.out());
        assertEquals(3, m.in());
        assertArrayEquals(new float[] {1, 3, 5}, m.row(0));
        assertEquals(6f, m.get(1, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.toInByOut());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightMatrix(2, 2, new float[3]));
        assertTrue(e.getMessage().contains("values") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.get(2, 0));
        assertTrue(e.getMessage().contains("o") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void oneLabelVocabulary() {
        Recipe g128 = Recipe.rtn(4, QuantScheme.SYMMETRIC, Granularity.perGroup(128));
        assertEquals("int4 g128 symmetric", g128.label());
        assertEquals("GPTQ int3 g128 asymmetric",
                Recipe.rtn(3, QuantScheme.ASYMMETRIC, Granularity.perGroup(128)).with(Recipe.Method.GPTQ).label());
        assertEquals("gptq-int4-g128-symmetric", g128.with(Recipe.Method.GPTQ).fileName());
        assertEquals("int8 per channel symmetric",
                Recipe.rtn(8, QuantScheme.SYMMETRIC, Granularity.perRow()).label());
        assertEquals(g128, Quantizer.symmetric(4).with(Granularity.perGroup(128)).recipe(Recipe.Method.RTN));
        assertEquals(Quantizer.symmetric(4).with(Granularity.perGroup(128)), g128.quantizer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Recipe(4, QuantScheme.SYMMETRIC, Granularity.perTensor(), null));
        assertTrue(e.getMessage().contains("method"), e.getMessage());
    }
}
