package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;
import quantlab.quantization.Granularity;
import quantlab.quantization.Quantizer;

class LayerSensitivityTest {

    private static final List<String> SENTENCES = List.of("The train leaves at noon.",
            "A child is reading a book.", "Interest rates went up again.", "She plays the violin every evening.");

    @Test
    void eachLayerHoldsSixMatricesAndAllLayersHurtMoreThanAnyOne() {
        OnnxModel fp32 = MiniLm.FP32.model();
        List<LayerSensitivity.Row> rows = LayerSensitivity.perLayer(fp32,
                Quantizer.symmetric(4).with(Granularity.perRow()), SENTENCES);
        assertEquals(MiniLm.LAYERS + 1, rows.size());
        for (int i = 0; i < MiniLm.LAYERS; i++) {
            assertEquals("layer " + i, rows.get(i).part());
            assertEquals(6, rows.get(i).matrices(), "query, key, value, attention out, ffn up, ffn down");
        }
        LayerSensitivity.Row all = rows.get(MiniLm.LAYERS);
        assertEquals(36, all.matrices());
        for (int i = 0; i < MiniLm.LAYERS; i++) {
            assertTrue(rows.get(i).loss() > 0, "quantizing layer " + i + " must move the embeddings");
            assertTrue(rows.get(i).loss() < all.loss(), "layer " + i + " alone vs all layers");
        }
        assertEquals(MiniLm.LAYERS + 1, LayerSensitivity.table(rows, "int4 per channel").rowCount());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerSensitivity.perLayer(null, Quantizer.symmetric(4), SENTENCES));
        assertTrue(e.getMessage().contains("fp32"), e.getMessage());
    }
}
