package quantlab.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;

import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;

class ComponentCastsTest {

    // MiniLM-L6 by its architecture: one LayerNorm after the embeddings and two per layer, one softmax per layer.
    private static final int LAYERS = 6;
    private static final int LAYER_NORMS = 1 + 2 * LAYERS;

    private static long count(OnnxModel m, String op, long castTo) {
        return m.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op))
                .filter(n -> castTo < 0 || n.getAttributeList().stream()
                        .anyMatch(a -> a.getName().equals("to") && a.getI() == castTo))
                .count();
    }

    @Test
    void roundsEveryLayerNormInputAndOutputThroughTwoCastsAndKeepsTheGraphValid() {
        OnnxModel fp32 = MiniLm.FP32.model();
        assertEquals(LAYER_NORMS, ComponentCasts.spans(fp32, ComponentCasts.Site.LAYER_NORM).size());
        OnnxModel rounded = ComponentCasts.round(fp32, ComponentCasts.Site.LAYER_NORM, ComponentCasts.Format.BF16);
        // read back through the ONNX protobuf, as a receiver of the file would
        OnnxModel back = OnnxModel.parse(rounded.toBytes());
        long castsBefore = count(OnnxModel.parse(fp32.toBytes()), "Cast", -1);
        assertEquals(2L * LAYER_NORMS, count(back, "Cast", OnnxMl.TensorProto.DataType.BFLOAT16_VALUE));
        assertEquals(castsBefore + 4L * LAYER_NORMS, count(back, "Cast", -1));
        assertEquals(LAYER_NORMS, count(back, "Max", -1));
        // the graph's own outputs keep their names
        assertEquals(fp32.proto().getGraph().getOutputList(), back.proto().getGraph().getOutputList());
    }

    @Test
    void roundsEverySoftmaxInputAndOutput() {
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel rounded = ComponentCasts.round(fp32, ComponentCasts.Site.SOFTMAX, ComponentCasts.Format.FP16);
        OnnxModel back = OnnxModel.parse(rounded.toBytes());
        assertEquals(LAYERS, count(back, "Softmax", -1));
        assertEquals(2L * LAYERS, count(back, "Cast", OnnxMl.TensorProto.DataType.FLOAT16_VALUE));
        assertEquals(0, count(back, "Max", -1));
        // every Softmax now reads a tensor made by a Cast back to float32
        List<OnnxMl.NodeProto> nodes = back.proto().getGraph().getNodeList();
        for (OnnxMl.NodeProto s : nodes) {
            if (s.getOpType().equals("Softmax")) {
                OnnxMl.NodeProto producer = nodes.stream().filter(n -> n.getOutputList().contains(s.getInput(0)))
                        .findFirst().orElseThrow();
                assertEquals("Cast", producer.getOpType(), s.getName());
            }
        }
    }

    @Test
    void refusesNullArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> ComponentCasts.round(null, ComponentCasts.Site.SOFTMAX, ComponentCasts.Format.FP16));
    }
}
