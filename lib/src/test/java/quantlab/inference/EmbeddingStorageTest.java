package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;

import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;

class EmbeddingStorageTest {

    private static final String WORDS = "embeddings.word_embeddings.weight";

    private static long dequantizeNodes(OnnxModel m) {
        return m.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("DequantizeLinear"))
                .count();
    }

    @Test
    void fp32EmbeddingsLeaveTheTablesAsTheyAre() {
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel m = OnnxModel.parse(QuantizedModelWriter.write(fp32, WeightRecipe.int8PerChannel(),
                java.util.Map.of(), EmbeddingStorage.FP32).toBytes());
        OnnxMl.TensorProto words = m.tensorProto(WORDS);
        assertEquals(OnnxMl.TensorProto.DataType.FLOAT_VALUE, words.getDataType());
        assertEquals(java.util.List.of(30522L, 384L), words.getDimsList());
        // MiniLM-L6: 6 layers x 6 linear layers, every one dequantized; no table is
        assertEquals(36, dequantizeNodes(m));
    }

    @Test
    void int4EmbeddingsAloneKeepTheMatMulWeightsFloatAndUseCodesOfFourBits() {
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel m = OnnxModel.parse(QuantizedModelWriter.writeEmbeddings(fp32, EmbeddingStorage.INT4_PER_ROW)
                .toBytes());
        // word, position and token-type tables
        assertEquals(3, dequantizeNodes(m));
        for (String weight : fp32.matMulWeights().keySet()) {
            assertEquals(OnnxMl.TensorProto.DataType.FLOAT_VALUE, m.tensorProto(weight).getDataType(), weight);
        }
        OnnxMl.TensorProto codes = m.proto().getGraph().getInitializerList().stream()
                .filter(t -> t.getName().startsWith(WORDS + "_quantized")).findFirst().orElseThrow();
        byte[] raw = codes.getRawData().toByteArray();
        assertEquals(30522 * 384, raw.length);
        int min = 0;
        int max = 0;
        for (byte b : raw) {
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        assertEquals(-7, min);
        assertEquals(7, max);
        assertTrue(m.proto().getProducerVersion().contains("int4 per row"), m.proto().getProducerVersion());
    }
}
