package quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;

class GraphNamesTest {

    @Test
    void takenNamesGetTheFirstFreeSuffix() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .addNode(OnnxMl.NodeProto.newBuilder().setName("mm").addInput("x").addInput("W").addOutput("y"))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W"))
                .build();
        GraphNames names = GraphNames.of(graph);
        assertEquals("W_1", names.fresh("W"));
        assertEquals("W_2", names.fresh("W"));
        assertEquals("mm_1", names.fresh("mm"));
        assertEquals("y_1", names.fresh("y"));
        assertEquals("x", names.fresh("x"), "a graph input is not a node output or initializer here");
        assertEquals("x_1", names.fresh("x"), "a name handed out is taken");
        assertThrows(IllegalArgumentException.class, () -> GraphNames.of(null));
    }
}
