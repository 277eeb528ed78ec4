package quantlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxModelTest {

    private static OnnxModel fp32;
    private static OnnxModel int8;

    @BeforeAll
    static void load() {
        fp32 = OnnxModel.load(MiniLm.FP32);
        int8 = OnnxModel.load(MiniLm.INT8);
    }

    @Test
    void fp32HasTheArchitectureOfMiniLmL6() {
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), fp32.inputNames());
        assertEquals(102, fp32.initializers().size());
        assertArrayEquals(new long[] {MiniLm.VOCABULARY, MiniLm.HIDDEN},
                fp32.initializer("embeddings.word_embeddings.weight").shape());
        assertArrayEquals(new long[] {512, MiniLm.HIDDEN},
                fp32.initializer("embeddings.position_embeddings.weight").shape());
        for (int layer = 0; layer < MiniLm.LAYERS; layer++) {
            assertArrayEquals(new long[] {MiniLm.INTERMEDIATE},
                    fp32.initializer("encoder.layer." + layer + ".intermediate.dense.bias").shape());
        }
        assertTrue(!fp32.hasInitializer("encoder.layer." + MiniLm.LAYERS + ".output.dense.bias"));
    }

    @Test
    void everyLayerHasSixMatMulWeightsOfTheRightShape() {
        Map<String, String> weights = fp32.matMulWeights();
        assertEquals(6 * MiniLm.LAYERS, weights.size());
        for (Map.Entry<String, String> e : weights.entrySet()) {
            long[] shape = fp32.initializer(e.getKey()).shape();
            String node = e.getValue();
            long[] expected = node.contains("/intermediate/") ? new long[] {MiniLm.HIDDEN, MiniLm.INTERMEDIATE}
                    : node.contains("/output/dense/") && !node.contains("/attention/")
                            ? new long[] {MiniLm.INTERMEDIATE, MiniLm.HIDDEN}
                            : new long[] {MiniLm.HIDDEN, MiniLm.HIDDEN};
            assertArrayEquals(expected, shape, node);
            assertTrue(node.startsWith("/encoder/layer."), node);
            assertEquals(List.of(node), fp32.consumers(e.getKey()));
        }
        assertEquals("/encoder/layer.0/attention/self/query/MatMul", weights.values().iterator().next());
    }

    @Test
    void readsAFloatMatrix() {
        String name = fp32.matMulWeights().keySet().iterator().next();
        FloatTensor w = fp32.floatTensor(name);
        assertEquals(MiniLm.HIDDEN, w.rows());
        assertEquals(MiniLm.HIDDEN, w.cols());
        double sumSq = 0;
        float max = 0;
        for (float v : w.data()) {
            assertTrue(Float.isFinite(v));
            sumSq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        double rms = Math.sqrt(sumSq / w.data().length);
        assertTrue(rms > 0.01 && rms < 1, "rms " + rms);
        assertTrue(max < 10, "max " + max);
    }

    @Test
    void floatDataAndRawDataReadAlike() {
        FloatTensor bias = fp32.floatTensor("embeddings.LayerNorm.bias");
        var viaFloatData = bias.toProto().toBuilder().clearRawData();
        for (float v : bias.data()) {
            viaFloatData.addFloatData(v);
        }
        OnnxModel rewritten = fp32.withInitializer(viaFloatData.build());
        assertEquals(bias, rewritten.floatTensor("embeddings.LayerNorm.bias"));
    }

    @Test
    void replacedWeightRoundTripsThroughBytes() {
        FloatTensor bias = fp32.floatTensor("encoder.layer.0.output.dense.bias");
        float[] zeros = new float[bias.data().length];
        OnnxModel changed = OnnxModel.parse(fp32.withFloatTensor(bias.withData(zeros)).toBytes());
        assertArrayEquals(zeros, changed.floatTensor("encoder.layer.0.output.dense.bias").data());
        assertEquals(fp32.initializers(), changed.initializers());
        assertArrayEquals(bias.data(), fp32.floatTensor("encoder.layer.0.output.dense.bias").data());
    }

    @Test
    void int8ModelStoresTheMatricesAsBytes() {
        Map<String, Long> types = new java.util.TreeMap<>();
        for (Initializer i : int8.initializers()) {
            types.merge(i.dataType() + "/" + i.rank(), 1L, Long::sum);
        }
        assertEquals(36L, types.get("INT8/2"), types.toString()); // one per MatMul weight
        assertEquals(36L, types.get("INT8/1"), types.toString()); // their zero points, shape [1]
        assertArrayEquals(new long[] {MiniLm.VOCABULARY, MiniLm.HIDDEN},
                int8.initializer("embeddings.word_embeddings.weight_quantized").shape());
        assertEquals("UINT8", int8.initializer("embeddings.word_embeddings.weight_quantized").dataType());
    }

    @Test
    void badInputNamesParameterAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> fp32.floatTensor("no.such.weight"));
        assertTrue(e.getMessage().startsWith("name ") && e.getMessage().contains("no.such.weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fp32.initializer("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fp32.floatTensor("embeddings.position_ids"));
        assertTrue(e.getMessage().contains("INT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxModel.parse(new byte[0]));
        assertTrue(e.getMessage().startsWith("bytes "), e.getMessage());
        FloatTensor bias = fp32.floatTensor("embeddings.LayerNorm.bias");
        e = assertThrows(IllegalArgumentException.class,
                () -> fp32.withFloatTensor(new FloatTensor(bias.name(), new int[] {2}, new float[2])));
        assertTrue(e.getMessage().startsWith("replacement "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FloatTensor("x", new int[] {3}, new float[2]));
        assertTrue(e.getMessage().startsWith("data "), e.getMessage());
    }
}
