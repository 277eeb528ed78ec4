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

    /** bf16 by bit arithmetic, round to nearest, ties to even: the rule the Cast pair is meant to apply. */
    private static float bf16(float x, boolean truncate) {
        int bits = Float.floatToRawIntBits(x);
        if (!truncate) {
            bits += 0x7FFF + ((bits >>> 16) & 1);
        }
        return Float.intBitsToFloat(bits & 0xFFFF0000);
    }

    private static float[] softmax(float a, float b) {
        double ea = Math.exp(a);
        double eb = Math.exp(b);
        return new float[] {(float) (ea / (ea + eb)), (float) (eb / (ea + eb))};
    }

    @Test
    void onnxRuntimeRoundsTheCastPairToNearestBf16() throws Exception {
        // one Softmax over two values; 1 + 3 * 2^-9 lies three quarters of a bf16 step above 1, so rounding to
        // nearest gives 1 + 2^-7 where truncation would give 1
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("/attention/Softmax")
                        .addInput("x").addOutput("y")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(-1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .addInput(value("x")).addOutput(value("y"));
        OnnxModel tiny = OnnxModel.of(OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(g).build());
        OnnxModel rounded = ComponentCasts.round(tiny, ComponentCasts.Site.SOFTMAX, ComponentCasts.Format.BF16);
        float a = 1 + 3 * 0x1p-9f;
        float[] y;
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession s = env.createSession(rounded.toBytes());
             ai.onnxruntime.OnnxTensor x = ai.onnxruntime.OnnxTensor.createTensor(env,
                     java.nio.FloatBuffer.wrap(new float[] {a, 0f}), new long[] {1, 2});
             ai.onnxruntime.OrtSession.Result r = s.run(java.util.Map.of("x", x))) {
            y = ((float[][]) r.get(0).getValue())[0];
        }
        float[] nearest = softmax(bf16(a, false), 0f);
        float[] truncated = softmax(bf16(a, true), 0f);
        for (int i = 0; i < 2; i++) {
            assertEquals(bf16(nearest[i], false), y[i], 1e-6f, "output " + i);
        }
        // and truncation would have given another first output (1 + 2^-7 against 1 at the input)
        org.junit.jupiter.api.Assertions.assertNotEquals(bf16(truncated[0], true), y[0]);
    }

    private static OnnxMl.ValueInfoProto value(String name) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(2));
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    @Test
    void refusesNullArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> ComponentCasts.round(null, ComponentCasts.Site.SOFTMAX, ComponentCasts.Format.FP16));
    }
}
