package quantlab.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import quantlab.model.OnnxModel;
import quantlab.model.QdqCompute;

/** Builds one-node ONNX models by hand and runs them with ONNX Runtime, for tests that need a known answer. */
final class TinyModels {

    private TinyModels() {
    }

    /** y = x W for x of shape [rows, k] and an initializer W [k, n], at the given default-domain opset. */
    static OnnxModel matMul(float[] w, int k, int n, int opset) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny")
                .addInitializer(floats("W", w, k, n))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("/layer/MatMul")
                        .addInput("x").addInput("W").addOutput("y"))
                .addInput(value("x", -1, k)).addOutput(value("y", -1, n));
        return OnnxModel.of(model(g, opset));
    }

    /** Y = Gather(table, ids) for a float table [rows, width] and int64 ids of shape [count]. */
    static OnnxModel gather(float[] table, int rows, int width, int opset) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny")
                .addInitializer(floats("table", table, rows, width))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gather").setName("/embeddings/Gather")
                        .addInput("table").addInput("ids").addOutput("y"))
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("ids").setType(tensorType(
                        OnnxMl.TensorProto.DataType.INT64, -1)))
                .addOutput(value("y", -1, width));
        return OnnxModel.of(model(g, opset));
    }

    static OnnxMl.ModelProto model(OnnxMl.GraphProto.Builder graph, int opset) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(6).setProducerName("test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    static OnnxMl.TensorProto floats(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A float tensor value with the given dims; -1 makes a symbolic dimension. */
    static OnnxMl.ValueInfoProto value(String name, long... dims) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(tensorType(OnnxMl.TensorProto.DataType.FLOAT, dims)).build();
    }

    static OnnxMl.TypeProto tensorType(OnnxMl.TensorProto.DataType type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("d" + i)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
        }
        return OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber()).setShape(shape)).build();
    }

    /** Runs a model on one float input with the course's session settings and returns its first output. */
    static float[] run(OnnxModel model, String input, float[] values, long... shape) throws OrtException {
        return run(QdqCompute.FLOAT32_ACTIVATIONS, model, input, values, shape);
    }

    /** Runs a model on one float input and returns its first output, flattened. */
    static float[] run(QdqCompute compute, OnnxModel model, String input, float[] values, long... shape)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toBytes(), options(compute));
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
             OrtSession.Result r = s.run(Map.of(input, x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] y = new float[out.remaining()];
            out.get(y);
            return y;
        }
    }

    /** Runs a model on int64 ids and returns its first output, flattened. */
    static float[] runIds(OnnxModel model, long[] ids) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toBytes(), options(QdqCompute.FLOAT32_ACTIVATIONS));
             OnnxTensor x = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), new long[] {ids.length});
             OrtSession.Result r = s.run(Map.of("ids", x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] y = new float[out.remaining()];
            out.get(y);
            return y;
        }
    }

    private static OrtSession.SessionOptions options(QdqCompute compute) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        if (compute.accuracyLevel() != null) {
            o.addConfigEntry(QdqCompute.ACCURACY_LEVEL_KEY, compute.accuracyLevel());
        }
        return o;
    }

    /** The op types of a model's nodes, in order. */
    static List<String> ops(OnnxModel model) {
        return model.proto().getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
    }
}
