package quantlab.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import quantlab.model.FloatTensor;
import quantlab.model.GraphNames;
import quantlab.model.OnnxModel;
import quantlab.model.OpsetUpgrade;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;
import quantlab.quantization.WeightMatrix;

/**
 * Rewrites an fp32 ONNX model into a quantized one that ONNX Runtime can load: every float MatMul weight is
 * quantized with a {@link WeightRecipe}, and every embedding table (a float matrix read by {@code Gather}) is
 * stored as int8 with one scale per row, as ONNX Runtime's own quantizer also does, unless an
 * {@link EmbeddingStorage} says otherwise (fp32, or int4 per row). Everything else (biases, layer
 * norms, activations) stays fp32: this is weight-only quantization.
 *
 * <p>The model is first moved to opset 13 ({@link OpsetUpgrade}) so that {@code DequantizeLinear} may take an
 * axis. A MatMul weight W is stored in ONNX as [in, out] and computes {@code x W}; an output channel is a column.
 * <ul>
 *   <li>{@code DEQUANTIZE_LINEAR}: INT8 codes in W's own [in, out] layout, scales of shape [out] (per channel,
 *       {@code axis = 1}) or a scalar (per tensor), and a {@code DequantizeLinear} node feeding the MatMul.</li>
 *   <li>{@code MATMUL_NBITS}: the MatMul becomes {@code com.microsoft.MatMulNBits} with B of shape
 *       [out, in / block, block / 2]: for output channel n and block b, the codes of W[b*block .. , n] packed two
 *       per byte, the even index in the low nibble, each stored as code + 8 (so 0..15; the default zero point of
 *       8 undoes it), and float scales of shape [out * in / block]. Codes of 2 or 3 bits use the same nibbles.</li>
 * </ul>
 *
 * <p>The codes are the recipe's round to nearest unless a method chose them ({@link #write(OnnxModel,
 * WeightRecipe, Map)}): the writer only lays codes out, it does not have to be the one that rounds.
 */
public final class QuantizedModelWriter {

    /** The domain of ONNX Runtime's contrib operators such as {@code MatMulNBits}. */
    public static final String MICROSOFT_DOMAIN = "com.microsoft";

    private final OnnxModel model;
    private final OnnxMl.GraphProto graph;
    private final Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    private final GraphNames names;
    private final List<OnnxMl.NodeProto> dequantizeNodes = new ArrayList<>();
    private final List<OnnxMl.TensorProto> added = new ArrayList<>();
    private final Set<String> removed = new HashSet<>();
    private final Map<String, QuantizedTensor> chosen = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private EmbeddingStorage embeddings = EmbeddingStorage.INT8_PER_ROW;

    private QuantizedModelWriter(OnnxModel model) {
        this.model = model;
        this.graph = model.proto().getGraph();
        this.names = GraphNames.of(graph);
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
    }

    /**
     * The model with its MatMul weights stored by {@code recipe} and its embedding tables as int8 per row.
     *
     * @throws IllegalArgumentException if an argument is null or the model cannot be moved to opset 13
     */
    public static OnnxModel write(OnnxModel fp32, WeightRecipe recipe) {
        return write(fp32, recipe, Map.of());
    }

    /**
     * The model with its MatMul weights stored by {@code recipe}, using the codes a method chose where given:
     * {@code chosen} maps a MatMul weight's initializer name to its {@link QuantizedTensor} in the [out, in]
     * layout, at the recipe's bits, scheme and granularity. Weights not in the map are rounded to nearest.
     *
     * @throws IllegalArgumentException if an argument is null, a chosen tensor names no MatMul weight or does not
     *                                  match the recipe and the weight's shape, or the model cannot be moved to
     *                                  opset 13
     */
    public static OnnxModel write(OnnxModel fp32, WeightRecipe recipe, Map<String, QuantizedTensor> chosen) {
        return write(fp32, recipe, chosen, EmbeddingStorage.INT8_PER_ROW);
    }

    /**
     * As {@link #write(OnnxModel, WeightRecipe, Map)}, with the embedding tables stored as {@code embeddings} says
     * (the other overloads store them as int8 per row).
     */
    public static OnnxModel write(OnnxModel fp32, WeightRecipe recipe, Map<String, QuantizedTensor> chosen,
                                  EmbeddingStorage embeddings) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null, got null (writeEmbeddings keeps the MatMul "
                    + "weights fp32)");
        }
        return rewrite(fp32, recipe, chosen, embeddings);
    }

    /**
     * The model with its MatMul weights left float32 and only its embedding tables stored as {@code embeddings}
     * says: the embeddings' own effect, measured apart from the weights'.
     */
    public static OnnxModel writeEmbeddings(OnnxModel fp32, EmbeddingStorage embeddings) {
        return rewrite(fp32, null, Map.of(), embeddings);
    }

    private static OnnxModel rewrite(OnnxModel fp32, WeightRecipe recipe, Map<String, QuantizedTensor> chosen,
                                     EmbeddingStorage embeddings) {
        if (fp32 == null || chosen == null || embeddings == null) {
            throw new IllegalArgumentException("fp32, chosen and embeddings must not be null, got " + fp32 + ", "
                    + (chosen == null ? "null" : chosen.size() + " tensors") + " and " + embeddings);
        }
        OnnxModel model = OpsetUpgrade.to13(fp32);
        QuantizedModelWriter w = new QuantizedModelWriter(model);
        w.chosen.putAll(chosen);
        w.embeddings = embeddings;
        List<OnnxMl.NodeProto> nodes = w.rewrite(recipe);
        Set<String> unused = new HashSet<>(chosen.keySet());
        unused.removeAll(w.used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("chosen must name MatMul weights of the model, got " + unused);
        }
        OnnxMl.ModelProto.Builder b = model.proto().toBuilder();
        if (recipe != null && recipe.encoding() == WeightRecipe.Encoding.MATMUL_NBITS) {
            b.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(MICROSOFT_DOMAIN).setVersion(1));
        }
        b.setProducerName("quantlab").setProducerVersion(recipe != null ? recipe.label()
                : "fp32 weights, embeddings " + embeddings.label());
        OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
        g.clearNode().addAllNode(nodes);
        g.clearInitializer();
        for (OnnxMl.TensorProto t : w.initializers.values()) {
            if (!w.removed.contains(t.getName())) {
                g.addInitializer(t);
            }
        }
        g.addAllInitializer(w.added);
        List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>(g.getInputList());
        inputs.removeIf(v -> w.removed.contains(v.getName()));
        g.clearInput().addAllInput(inputs);
        return OnnxModel.of(b.build());
    }

    /** The rewritten node list; a null recipe leaves the MatMul weights float32. */
    private List<OnnxMl.NodeProto> rewrite(WeightRecipe recipe) {
        Map<String, String> renamed = new HashMap<>(); // float weight -> the dequantized tensor that replaces it
        List<OnnxMl.NodeProto> body = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (recipe != null && node.getOpType().equals("MatMul") && node.getDomain().isEmpty()
                    && isOwnedFloatMatrix(node, 1)) {
                String weight = node.getInput(1);
                if (recipe.encoding() == WeightRecipe.Encoding.MATMUL_NBITS) {
                    body.add(matMulNBits(node, weight, recipe));
                    continue;
                }
                if (!renamed.containsKey(weight)) {
                    renamed.put(weight, dequantizeMatMulWeight(weight, recipe));
                }
            } else if (embeddings != EmbeddingStorage.FP32 && node.getOpType().equals("Gather")
                    && node.getDomain().isEmpty() && isOwnedFloatMatrix(node, 0)
                    && !renamed.containsKey(node.getInput(0))) {
                renamed.put(node.getInput(0), dequantizeEmbedding(node.getInput(0)));
            }
            body.add(node);
        }
        List<OnnxMl.NodeProto> nodes = new ArrayList<>(dequantizeNodes); // their inputs are initializers only
        for (OnnxMl.NodeProto node : body) {
            OnnxMl.NodeProto.Builder nb = node.toBuilder();
            for (int i = 0; i < nb.getInputCount(); i++) {
                String to = renamed.get(nb.getInput(i));
                if (to != null) {
                    nb.setInput(i, to);
                }
            }
            nodes.add(nb.build());
        }
        return nodes;
    }

    /** Whether input {@code index} of the node is a 2-D float initializer that only nodes of this kind read there. */
    private boolean isOwnedFloatMatrix(OnnxMl.NodeProto node, int index) {
        if (node.getInputCount() <= index) {
            return false;
        }
        OnnxMl.TensorProto t = initializers.get(node.getInput(index));
        if (t == null || t.getDimsCount() != 2 || t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            return false;
        }
        for (OnnxMl.NodeProto reader : consumers.getOrDefault(t.getName(), List.of())) {
            if (!reader.getOpType().equals(node.getOpType()) || reader.getInputList().indexOf(t.getName()) != index) {
                return false;
            }
        }
        return true;
    }

    private FloatTensor floats(String name) {
        return model.floatTensor(name);
    }

    /** INT8 codes in W's [in, out] layout plus scales, and a DequantizeLinear node; returns the node's output. */
    private String dequantizeMatMulWeight(String weight, WeightRecipe recipe) {
        FloatTensor w = floats(weight);
        int in = w.rows();
        int out = w.cols();
        // Quantize in the course's [out, in] layout, where a row is an output channel, then lay codes back out.
        QuantizedTensor q = codes(weight, recipe, WeightMatrix.fromInByOut(w.data(), in, out));
        byte[] codes = new byte[in * out];
        for (int n = 0; n < out; n++) {
            for (int k = 0; k < in; k++) {
                codes[k * out + n] = (byte) q.code(n, k); // an asymmetric code 128..255 keeps its bits as UINT8
            }
        }
        boolean perChannel = recipe.granularity().kind() == Granularity.Kind.PER_CHANNEL;
        return addDequantize(weight, codes, new long[] {in, out}, q, perChannel ? 1 : -1);
    }

    /** An embedding table [rows, width] as INT8 bytes with one scale per row (per token), codes of 8 or 4 bits. */
    private String dequantizeEmbedding(String table) {
        FloatTensor t = floats(table);
        QuantizedTensor q = quantize(table, embeddings.quantizer(), t.data(), t.rows(), t.cols());
        byte[] codes = new byte[t.rows() * t.cols()];
        int[] c = q.codes();
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) c[i];
        }
        return addDequantize(table, codes, new long[] {t.rows(), t.cols()}, q, 0);
    }

    /** Codes, scales (and zero points when asymmetric) as initializers and a DequantizeLinear node reading them. */
    private String addDequantize(String name, byte[] codes, long[] shape, QuantizedTensor q, int axis) {
        boolean asymmetric = q.scheme() == QuantScheme.ASYMMETRIC;
        OnnxMl.TensorProto.DataType type = asymmetric ? OnnxMl.TensorProto.DataType.UINT8
                : OnnxMl.TensorProto.DataType.INT8;
        String codesName = names.fresh(name + "_quantized");
        String scaleName = names.fresh(name + "_scale");
        String output = names.fresh(name + "_dequantized");
        added.add(tensor(codesName, type, shape, codes));
        float[] scales = q.scales();
        long[] scaleShape = axis < 0 ? new long[0] : new long[] {scales.length};
        added.add(floatTensor(scaleName, scaleShape, scales));
        OnnxMl.NodeProto.Builder dq = OnnxMl.NodeProto.newBuilder().setOpType("DequantizeLinear")
                .setName(names.fresh(name + "_DequantizeLinear")).addInput(codesName).addInput(scaleName).addOutput(output);
        if (asymmetric) {
            String zeroName = names.fresh(name + "_zero_point");
            int[] zp = q.zeroPoints();
            byte[] zeros = new byte[zp.length];
            for (int i = 0; i < zp.length; i++) {
                zeros[i] = (byte) zp[i];
            }
            added.add(tensor(zeroName, type, scaleShape, zeros));
            dq.addInput(zeroName);
        }
        if (axis >= 0) {
            dq.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                    .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(axis));
        }
        dequantizeNodes.add(dq.build());
        removed.add(name);
        return output;
    }

    /** The MatMul node replaced by MatMulNBits reading packed 4-bit codes. */
    private OnnxMl.NodeProto matMulNBits(OnnxMl.NodeProto matMul, String weight, WeightRecipe recipe) {
        FloatTensor w = floats(weight);
        int k = w.rows();
        int n = w.cols();
        int block = recipe.granularity().groupSize();
        if (k % block != 0) {
            throw new IllegalArgumentException("groupSize must divide the input width " + k + " of " + weight
                    + ", got " + block);
        }
        QuantizedTensor q = codes(weight, recipe, WeightMatrix.fromInByOut(w.data(), k, n));
        String bName = names.fresh(weight + "_Q4");
        String scaleName = names.fresh(weight + "_scales");
        added.add(tensor(bName, OnnxMl.TensorProto.DataType.UINT8, new long[] {n, k / block, block / 2},
                packNibbles(q)));
        added.add(floatTensor(scaleName, new long[] {q.scales().length}, q.scales()));
        removed.add(weight);
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType("MatMulNBits")
                .setDomain(MICROSOFT_DOMAIN).setName(matMul.getName()).addInput(matMul.getInput(0)).addInput(bName)
                .addInput(scaleName);
        if (q.scheme() == QuantScheme.ASYMMETRIC) {
            String zeroName = names.fresh(weight + "_zero_points");
            byte[] zeros = packZeroPoints(q.zeroPoints(), n, k / block);
            added.add(tensor(zeroName, OnnxMl.TensorProto.DataType.UINT8, new long[] {zeros.length}, zeros));
            node.addInput(zeroName);
        }
        return node.addAllOutput(matMul.getOutputList())
                .addAttribute(intAttribute("K", k)).addAttribute(intAttribute("N", n))
                .addAttribute(intAttribute("bits", 4)).addAttribute(intAttribute("block_size", block)) // 2-3 bit codes too
                .build();
    }

    /** The codes chosen for a weight, checked against the recipe, or else the recipe's round to nearest. */
    private QuantizedTensor codes(String weight, WeightRecipe recipe, WeightMatrix matrix) {
        QuantizedTensor q = chosen.get(weight);
        if (q == null) {
            return quantize(weight, recipe.quantizer(), matrix.values(), matrix.out(), matrix.in());
        }
        if (q.rows() != matrix.out() || q.cols() != matrix.in() || q.bits() != recipe.bits()
                || q.scheme() != recipe.scheme() || !q.granularity().equals(recipe.granularity())) {
            throw new IllegalArgumentException("chosen codes for '" + weight + "' must be " + matrix.out() + " x "
                    + matrix.in() + " at " + recipe.bits() + "-bit " + recipe.scheme().label() + ", "
                    + recipe.granularity().label() + " ([out, in]), got " + q);
        }
        used.add(weight);
        return q;
    }

    /** Quantizes one weight; a refusal (NaN, infinity, a group that does not fit) names the weight. */
    private static QuantizedTensor quantize(String weight, Quantizer quantizer, float[] values, int rows, int cols) {
        try {
            return quantizer.quantize(values, rows, cols);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("weight '" + weight + "' (as [" + rows + ", " + cols + "]): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Row-major [rows, cols] 4-bit codes as unsigned nibbles, two per byte, the even column in the low nibble:
     * MatMulNBits' layout once rows are output channels. Asymmetric codes (0..15) are stored as they are;
     * symmetric ones (-7..7) as code + 8, which MatMulNBits' default zero point of 8 takes off again.
     */
    static byte[] packNibbles(QuantizedTensor q) {
        if (q.bits() > 4 || q.cols() % 2 != 0) {
            throw new IllegalArgumentException("q must hold codes of at most 4 bits in rows of even length, got "
                    + q.bits()
                    + " bits and " + q.cols() + " columns");
        }
        int offset = q.scheme() == QuantScheme.SYMMETRIC ? 8 : 0;
        int[] codes = q.codes();
        byte[] packed = new byte[codes.length / 2];
        for (int i = 0; i < packed.length; i++) {
            int lo = codes[2 * i] + offset;
            int hi = codes[2 * i + 1] + offset;
            packed[i] = (byte) (lo | (hi << 4));
        }
        return packed;
    }

    /**
     * One 4-bit zero point per block, blocks of one output channel together, two per byte (even block low); each
     * channel starts on a new byte, so a channel with an odd number of blocks leaves its last high nibble 0.
     */
    static byte[] packZeroPoints(int[] zeroPoints, int channels, int blocks) {
        if (zeroPoints == null || zeroPoints.length != channels * blocks) {
            throw new IllegalArgumentException("zeroPoints must hold channels x blocks = " + channels * blocks
                    + " values, got " + (zeroPoints == null ? "null" : zeroPoints.length));
        }
        int perChannel = (blocks + 1) / 2;
        byte[] packed = new byte[channels * perChannel];
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < blocks; b++) {
                int z = zeroPoints[c * blocks + b];
                if (z < 0 || z > 15) {
                    throw new IllegalArgumentException("zeroPoints[" + (c * blocks + b) + "] must be in [0, 15], got "
                            + z);
                }
                packed[c * perChannel + b / 2] |= (byte) (b % 2 == 0 ? z : z << 4);
            }
        }
        return packed;
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static OnnxMl.TensorProto tensor(String name, OnnxMl.TensorProto.DataType type, long[] shape,
                                             byte[] raw) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.TensorProto floatTensor(String name, long[] shape, float[] values) {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        return new FloatTensor(name, dims, values).toProto();
    }
}
