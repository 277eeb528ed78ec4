package quantlab.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * An ONNX model held as its protobuf message, so the course can look at the real weights of a network, read them
 * as plain {@code float[]}, put rewritten (quantized) weights back and hand the new file to ONNX Runtime.
 *
 * <p>Instances are immutable: {@link #withInitializer} returns a new model.
 */
public final class OnnxModel {

    private final OnnxMl.ModelProto proto;
    private final Map<String, OnnxMl.TensorProto> initializers;

    private OnnxModel(OnnxMl.ModelProto proto) {
        this.proto = proto;
        Map<String, OnnxMl.TensorProto> byName = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : proto.getGraph().getInitializerList()) {
            byName.put(t.getName(), t);
        }
        this.initializers = Collections.unmodifiableMap(byName);
    }

    /** Wraps a model message. */
    public static OnnxModel of(OnnxMl.ModelProto proto) {
        if (proto == null) {
            throw new IllegalArgumentException("proto must not be null, got null");
        }
        return new OnnxModel(proto);
    }

    /** Parses the bytes of an {@code .onnx} file. */
    public static OnnxModel parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("bytes must hold an ONNX model, got "
                    + (bytes == null ? "null" : "0 bytes"));
        }
        try {
            return new OnnxModel(OnnxMl.ModelProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("bytes are not an ONNX model (" + e.getMessage() + "), got "
                    + bytes.length + " bytes", e);
        }
    }

    /** Reads an {@code .onnx} file. */
    public static OnnxModel read(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Opens a published MiniLM variant from the class path. */
    public static OnnxModel load(MiniLm variant) {
        return variant.model();
    }

    /** The protobuf message, for anything this class does not wrap. */
    public OnnxMl.ModelProto proto() {
        return proto;
    }

    /** The serialized model, ready for ONNX Runtime or a file. */
    public byte[] toBytes() {
        return proto.toByteArray();
    }

    /** Writes the model to a file. */
    public void write(Path file) {
        try {
            Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Names of the graph's inputs that are not initializers (what a caller must feed). */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : proto.getGraph().getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                names.add(v.getName());
            }
        }
        return names;
    }

    /** Every weight stored in the graph, in file order. */
    public List<Initializer> initializers() {
        List<Initializer> list = new ArrayList<>(initializers.size());
        for (OnnxMl.TensorProto t : initializers.values()) {
            list.add(describe(t));
        }
        return list;
    }

    /** Whether the graph stores a weight of that name. */
    public boolean hasInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** Names of the graph nodes that read this initializer, e.g. {@code /encoder/layer.0/attention/self/query/MatMul}. */
    public List<String> consumers(String name) {
        tensorProto(name);
        List<String> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : proto.getGraph().getNodeList()) {
            if (node.getInputList().contains(name)) {
                nodes.add(node.getName());
            }
        }
        return nodes;
    }

    /**
     * The float32 matrices multiplied by a {@code MatMul} node, in file order, each mapped to that node's name. The
     * exporter names these weights {@code onnx::MatMul_NNN}, so the node name is what says which layer they are.
     */
    public Map<String, String> matMulWeights() {
        Map<String, String> byWeight = new LinkedHashMap<>();
        for (OnnxMl.NodeProto node : proto.getGraph().getNodeList()) {
            if (!node.getOpType().equals("MatMul")) {
                continue;
            }
            for (String input : node.getInputList()) {
                OnnxMl.TensorProto t = initializers.get(input);
                if (t != null && t.getDimsCount() == 2
                        && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
                    byWeight.putIfAbsent(input, node.getName());
                }
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : initializers.keySet()) {
            if (byWeight.containsKey(name)) {
                ordered.put(name, byWeight.get(name));
            }
        }
        return ordered;
    }

    /** One weight's description. */
    public Initializer initializer(String name) {
        return describe(tensorProto(name));
    }

    /** One weight's protobuf message, values included. */
    public OnnxMl.TensorProto tensorProto(String name) {
        OnnxMl.TensorProto t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("name must be an initializer of the model (" + initializers.size()
                    + " of them, see initializers()), got '" + name + "'");
        }
        return t;
    }

    /** The values of a float32 weight with its shape; reads both {@code raw_data} and {@code float_data}. */
    public FloatTensor floatTensor(String name) {
        OnnxMl.TensorProto t = tensorProto(name);
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("name must be a float32 initializer, got '" + name + "' of type "
                    + typeName(t.getDataType()));
        }
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalStateException(name + " is stored in an external file, which this class does not read");
        }
        int[] shape = new int[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Math.toIntExact(t.getDims(i));
            n *= shape[i];
        }
        float[] data = new float[Math.toIntExact(n)];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != data.length * Float.BYTES) {
                throw new IllegalStateException(name + " holds " + raw.remaining() + " raw bytes, expected "
                        + data.length * Float.BYTES);
            }
            raw.asFloatBuffer().get(data);
        } else {
            if (t.getFloatDataCount() != data.length) {
                throw new IllegalStateException(name + " holds " + t.getFloatDataCount() + " float_data values, "
                        + "expected " + data.length);
            }
            for (int i = 0; i < data.length; i++) {
                data[i] = t.getFloatData(i);
            }
        }
        return new FloatTensor(name, shape, data);
    }

    /** A copy of this model with the initializer of the same name replaced (it must exist). */
    public OnnxModel withInitializer(OnnxMl.TensorProto replacement) {
        int index = indexOf(replacement.getName());
        OnnxMl.ModelProto.Builder b = proto.toBuilder();
        b.getGraphBuilder().setInitializer(index, replacement);
        return new OnnxModel(b.build());
    }

    /**
     * A copy of this model with a MatMul weight replaced by a matrix in the course's [out, in] layout (stored back
     * as ONNX's [in, out]); the initializer must exist with that shape.
     */
    public OnnxModel withMatMulWeight(String initializer, quantlab.quantization.WeightMatrix weight) {
        if (weight == null) {
            throw new IllegalArgumentException("weight must not be null");
        }
        FloatTensor old = floatTensor(initializer);
        return withFloatTensor(old.withData(weight.toInByOut()));
    }

    /** A copy of this model with a float32 weight replaced by new values of the same shape. */
    public OnnxModel withFloatTensor(FloatTensor replacement) {
        Initializer old = initializer(replacement.name());
        long[] shape = old.shape();
        int[] given = replacement.shape();
        boolean same = shape.length == given.length;
        for (int i = 0; same && i < shape.length; i++) {
            same = shape[i] == given[i];
        }
        if (!same) {
            throw new IllegalArgumentException("replacement must have the shape of " + old + ", got " + replacement);
        }
        return withInitializer(replacement.toProto());
    }

    private int indexOf(String name) {
        List<OnnxMl.TensorProto> list = proto.getGraph().getInitializerList();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getName().equals(name)) {
                return i;
            }
        }
        tensorProto(name); // throws the naming IllegalArgumentException
        throw new AssertionError(name);
    }

    private static Initializer describe(OnnxMl.TensorProto t) {
        long[] shape = new long[t.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getDims(i);
        }
        return new Initializer(t.getName(), shape, typeName(t.getDataType()));
    }

    static String typeName(int dataType) {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(dataType);
        return type == null ? "TYPE_" + dataType : type.name();
    }

    @Override
    public String toString() {
        return "OnnxModel(" + proto.getGraph().getName() + ", " + initializers.size() + " initializers, "
                + proto.getGraph().getNodeCount() + " nodes)";
    }
}
