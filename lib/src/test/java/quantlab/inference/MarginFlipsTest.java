package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quantlab.model.MiniLm;

/** The margin bookkeeping by hand, and the experiment's direction on the real model and the hard sentences. */
class MarginFlipsTest {

    @Test
    void marginsAndFlipsByHand() {
        // a = (1, 0); b = (cos 10deg, sin 10deg); c = (cos 30deg, sin 30deg), all unit vectors.
        // a's nearest is b (cos 10deg = 0.98481) and its runner-up c (cos 30deg = 0.86603): margin 0.11878.
        float[][] ref = {unit(0), unit(10), unit(30)};
        // The candidate moves c to 5deg: a's nearest becomes c (a flips); b's nearest stays... b's nearest was a
        // (10deg away, against c at 20deg), and is now c (5deg away): b flips too; c's nearest was b, now a.
        float[][] moved = {unit(0), unit(10), unit(5)};
        Map<String, float[][]> candidates = new LinkedHashMap<>();
        candidates.put("moved", moved);
        candidates.put("same", ref);
        MarginFlips m = MarginFlips.of(List.of("a", "b", "c"), ref, candidates);
        assertArrayEquals(new int[] {1, 0, 1}, m.nearest());
        assertEquals(Math.cos(Math.toRadians(10)) - Math.cos(Math.toRadians(30)), m.margins()[0], 1e-6);
        assertEquals(3, m.variant("moved").flips());
        assertEquals(0, m.variant("same").flips());
        assertEquals(1.0, m.variant("same").meanCosine(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> MarginFlips.of(List.of("a", "b"), ref, candidates));
    }

    @Test
    void int4FlipsTheSmallMarginHalfFirst(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("fp32.onnx"), MiniLm.FP32.modelBytes());
        Files.write(dir.resolve("int4-per-channel.onnx"),
                ModelVariant.quantized(MiniLm.FP32.model(), WeightRecipe.int4PerChannel()).bytes());
        MarginFlips m = MarginFlips.measure(MarginFlips.hardSentences(), dir, List.of("fp32", "int4-per-channel"));
        int small = m.flipsBelowMedian("int4-per-channel");
        int large = m.flipsAtOrAboveMedian("int4-per-channel");
        assertTrue(small > large, "flips below the median margin (" + small + ") should outnumber those above ("
                + large + "):\n" + m);
        assertTrue(m.variant("int4-per-channel").meanCosine() > 0.9, m.toString());
    }

    private static float[] unit(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }
}
