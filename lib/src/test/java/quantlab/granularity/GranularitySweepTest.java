package quantlab.granularity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import quantlab.granularity.GranularitySweep.LayerWeight;
import quantlab.granularity.GranularitySweep.Result;
import tech.tablesaw.api.Table;

/** Expected values below were worked out by hand (and with a pocket calculator), not with the code under test. */
class GranularitySweepTest {

    // The two-row example stored the ONNX way, [in = 4, out = 2]: column 0 is the small channel, column 1 the large.
    private static final float[] IN_BY_OUT = {0.12f, 1.6f, -0.18f, -2.1f, 0.25f, 2.4f, -0.31f, -2.8f};

    @Test
    void transposesOnnxLayoutToOneRowPerOutputChannel() {
        LayerWeight w = LayerWeight.fromInByOut("tiny", IN_BY_OUT, 4, 2);
        assertEquals(2, w.out());
        assertEquals(4, w.in());
        assertArrayEquals(new float[] {0.12f, -0.18f, 0.25f, -0.31f, 1.6f, -2.1f, 2.4f, -2.8f}, w.values());
    }

    @Test
    void perTensorAndPerChannelErrorsAtFourBits() {
        // Per tensor: scale 2.8/7 = 0.4. Small row -> codes [0,0,1,-1] -> errors -0.12, 0.18, 0.15, -0.09;
        // large row -> only -2.1 (code -5, -2.0) is off, by 0.1. Noise = 0.0874.
        // Per channel: small row scale 0.31/7, codes [3,-4,6,-7], noise 0.0003204; large row unchanged: 0.0104204.
        // Signal = 0.2054 + 20.57 = 20.7754. SQNR = 10 log10(20.7754 / noise).
        List<Result> r = GranularitySweep.run(List.of(LayerWeight.fromInByOut("tiny", IN_BY_OUT, 4, 2)), 4);
        assertEquals(2, r.size(), "groups of 128, 64 and 32 do not tile 4 inputs and are skipped");
        Result tensor = r.get(0);
        Result channel = r.get(1);
        assertEquals("per tensor", tensor.method());
        assertEquals("per channel", channel.method());
        assertEquals(1, tensor.scales());
        assertEquals(2, channel.scales());
        assertEquals(0.0874 / 8, tensor.error().mse(), 1e-6);
        assertEquals(23.760, tensor.error().sqnrDb(), 1e-2);
        assertEquals(0.0104204 / 8, channel.error().mse(), 1e-6);
        assertEquals(32.997, channel.error().sqnrDb(), 1e-2);
        assertEquals(16.0 * 2 / 8, channel.scaleBitsPerWeight(), 1e-12);
    }

    @Test
    void groupsCountOneScalePerRunOfInputs() {
        // One output channel with 64 inputs: group 32 -> 2 scales, group 64 -> 1, group 128 does not fit.
        float[] row = new float[64];
        for (int i = 0; i < 64; i++) {
            row[i] = i < 32 ? 0.01f : 1f;
        }
        List<Result> r = GranularitySweep.run(List.of(new LayerWeight("row", 1, 64, row)), 8);
        assertEquals(List.of("per tensor", "per channel", "g64", "g32"),
                r.stream().map(Result::method).toList());
        assertEquals(List.of(1, 1, 1, 2), r.stream().map(Result::scales).toList());
        assertEquals(GranularitySweep.recipe(8, quantlab.quantization.Granularity.perGroup(32)), r.get(3).recipe());
        assertEquals("int8 g32 symmetric", r.get(3).recipe().label());
        // Group 32 gives the small half its own scale 0.01/127: every weight lands on code 127 exactly.
        assertEquals(0.0, r.get(3).error().mse(), 1e-12);
    }

    @Test
    void tablesHaveOneRowPerLayerAndPerMethodWidth() {
        List<Result> r = GranularitySweep.run(List.of(LayerWeight.fromInByOut("tiny", IN_BY_OUT, 4, 2)), 8, 4);
        Table perLayer = SweepTables.perLayer(r, 4);
        assertEquals(1, perLayer.rowCount());
        assertEquals(List.of("layer", "per tensor", "per channel"), perLayer.columnNames());
        Table summary = SweepTables.summary(r);
        assertEquals(4, summary.rowCount());
    }

    @Test
    void shortNames() {
        assertEquals("L0 query", GranularitySweep.shortName("/encoder/layer.0/attention/self/query/MatMul"));
        assertEquals("L5 ffn down", quantlab.model.LayerNames.shortName("/encoder/layer.5/output/dense/MatMul"));
        assertEquals("/pooler/dense", GranularitySweep.shortName("/pooler/dense/MatMul"));
    }

    @Test
    void badInputNamesParameterAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GranularitySweep.recipes(9));
        assertTrue(e.getMessage().contains("bits") && e.getMessage().contains("9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GranularitySweep.transpose(new float[3], 2, 2));
        assertTrue(e.getMessage().contains("values") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SweepTables.perLayer(GranularitySweep.run(
                        List.of(LayerWeight.fromInByOut("tiny", IN_BY_OUT, 4, 2)), 4), 3));
        assertTrue(e.getMessage().contains("bits") && e.getMessage().contains("3"), e.getMessage());
    }
}
