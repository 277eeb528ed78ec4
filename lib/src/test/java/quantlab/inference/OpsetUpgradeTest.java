package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;
import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;
import quantlab.model.OpsetUpgrade;

class OpsetUpgradeTest {

    /** Y = Softmax(X, axis) on a [2, 2, 2] input. */
    private static OnnxModel softmax(int opset, long axis) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("softmax")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("sm").addInput("x").addOutput("y")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(axis)))
                .addInput(TinyModels.value("x", 2, 2, 2)).addOutput(TinyModels.value("y", 2, 2, 2));
        return OnnxModel.of(TinyModels.model(g, opset));
    }

    @Test
    void softmaxKeepsItsOpset11MeaningOfFlatteningAtTheAxis() throws Exception {
        float[] x = {0, 1, 2, 3, -1, 0.5f, 4, 0};
        // Opset 11, axis 1 on [2, 2, 2]: each batch's four values form one softmax (the input is read as [2, 4]).
        double[] expected = new double[8];
        for (int b = 0; b < 2; b++) {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                sum += Math.exp(x[4 * b + i]);
            }
            for (int i = 0; i < 4; i++) {
                expected[4 * b + i] = Math.exp(x[4 * b + i]) / sum;
            }
        }
        OnnxModel upgraded = OpsetUpgrade.to13(softmax(11, 1));
        assertEquals(13, OpsetUpgrade.opset(upgraded));
        assertEquals(List.of("Flatten", "Softmax", "Shape", "Reshape"), TinyModels.ops(upgraded));
        float[] y = TinyModels.run(upgraded, "x", x, 2, 2, 2);
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], y[i], 1e-6, "y[" + i + "]");
        }
        // and at opset 13 the same node without the rewrite would normalise pairs instead: the rewrite matters
        float[] plain13 = TinyModels.run(softmax(13, 1), "x", x, 2, 2, 2);
        assertTrue(Math.abs(plain13[0] - expected[0]) > 0.01, "opset 13 softmax over axis 1 differs");
    }

    @Test
    void unsqueezeAxesMoveFromAttributeToInput() {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("u")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Unsqueeze").setName("u").addInput("x").addOutput("y")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axes")
                                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(0).addInts(2)))
                .addInput(TinyModels.value("x", 3)).addOutput(TinyModels.value("y", 1, 3, 1));
        OnnxModel up = OpsetUpgrade.to13(OnnxModel.of(TinyModels.model(g, 11)));
        OnnxMl.NodeProto node = up.proto().getGraph().getNode(0);
        assertEquals(0, node.getAttributeCount());
        assertEquals(2, node.getInputCount());
        assertEquals(List.of(0L, 2L), up.tensorProto(node.getInput(1)).getInt64DataList());
    }

    @Test
    void theUpgradedMiniLmComputesTheSameEmbeddings() {
        OnnxModel original = MiniLm.FP32.model();
        OnnxModel upgraded = OpsetUpgrade.to13(original);
        assertEquals(11, OpsetUpgrade.opset(original));
        assertEquals(13, OpsetUpgrade.opset(upgraded));
        assertTrue(upgraded.proto().getIrVersion() >= 7);
        List<String> sentences = List.of("A cat sleeps on the sofa.", "Prices rose again in March.",
                "Quantized weights take a quarter of the memory.");
        float[][] a;
        float[][] b;
        try (Embedder e = Embedder.of(original)) {
            a = e.embed(sentences);
        }
        try (Embedder e = Embedder.of(upgraded)) {
            b = e.embed(sentences);
        }
        for (int i = 0; i < a.length; i++) {
            assertTrue(Embedder.cosine(a[i], b[i]) > 1 - 1e-6, "sentence " + i + ": " + Embedder.cosine(a[i], b[i]));
        }
    }

    @Test
    void anOpset13ModelIsReturnedAsItIs() {
        OnnxModel m = softmax(13, -1);
        assertSame(m, OpsetUpgrade.to13(m));
    }

    @Test
    void unknownOperatorsAndOpsetsAreRefusedByName() {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("lstm")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("LSTM").setName("rnn").addInput("x").addOutput("y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpsetUpgrade.to13(OnnxModel.of(TinyModels.model(g, 11))));
        assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("rnn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OpsetUpgrade.to13(softmax(10, 1)));
        assertTrue(e.getMessage().contains("opset") && e.getMessage().contains("10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OpsetUpgrade.to13(null));
        assertTrue(e.getMessage().contains("model"), e.getMessage());
    }
}
