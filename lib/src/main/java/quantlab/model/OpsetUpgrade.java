package quantlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.onnx.proto.OnnxMl;

/**
 * Moves an ONNX model from opset 11 or 12 to opset 13, the first opset whose {@code DequantizeLinear} takes an
 * {@code axis} and so can hold one scale per output channel. The published MiniLM export is opset 11; ONNX
 * Runtime's own quantizer refuses per-channel weights below 13 for the same reason.
 *
 * <p>Only operators whose meaning is known to carry over are accepted. Two of them change between 11 and 13:
 * {@code Unsqueeze} takes its axes as an input instead of an attribute, and {@code Softmax} at opset 11 flattens
 * its input to 2-D at {@code axis} while at 13 it normalises along one axis. The upgrade rewrites the first
 * exactly, and the second as {@code Flatten -> Softmax(axis=-1) -> Reshape(Shape(x))}, which is the opset-11
 * definition whatever the input's rank. Any other operator stops the upgrade with its name.
 */
public final class OpsetUpgrade {

    /** The target opset of the default ONNX domain. */
    public static final int TARGET_OPSET = 13;

    /** The lowest IR version that may import opset 13. */
    public static final int TARGET_IR_VERSION = 7;

    /** Operators whose attributes, inputs and results mean the same at opsets 11, 12 and 13. */
    private static final Set<String> UNCHANGED = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Erf", "Cast",
            "Concat", "Constant", "Gather", "MatMul", "ReduceMean", "Reshape", "Shape", "Slice", "Transpose",
            "Tanh", "Relu", "Where", "Equal", "Expand", "ConstantOfShape", "Identity", "Flatten");

    private OpsetUpgrade() {
    }

    /** The default-domain opset a model imports (an empty domain or {@code ai.onnx}); -1 if it imports none. */
    public static long opset(OnnxModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null, got null");
        }
        for (OnnxMl.OperatorSetIdProto id : model.proto().getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                return id.getVersion();
            }
        }
        return -1;
    }

    /**
     * The model at opset 13. A model already at 13 is returned unchanged.
     *
     * @throws IllegalArgumentException if the model's opset is below 11 or above 13, or it uses an operator this
     *                                  upgrade does not know to be safe
     */
    public static OnnxModel to13(OnnxModel model) {
        long from = opset(model);
        if (from == TARGET_OPSET) {
            return model;
        }
        if (from < 11 || from > TARGET_OPSET) {
            throw new IllegalArgumentException("model opset must be 11, 12 or 13, got " + from);
        }
        OnnxMl.GraphProto graph = model.proto().getGraph();
        GraphNames taken = GraphNames.of(graph);
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        List<OnnxMl.TensorProto> added = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                nodes.add(node); // other domains keep their own opsets
                continue;
            }
            switch (node.getOpType()) {
                case "Unsqueeze" -> nodes.add(unsqueeze(node, added, taken));
                case "Softmax" -> nodes.addAll(softmax(node, taken));
                default -> {
                    if (!UNCHANGED.contains(node.getOpType())) {
                        throw new IllegalArgumentException("model must use only operators this upgrade knows ("
                                + "Unsqueeze, Softmax and " + UNCHANGED.size() + " unchanged ones), got "
                                + node.getOpType() + " in node '" + node.getName() + "'");
                    }
                    nodes.add(node);
                }
            }
        }
        OnnxMl.ModelProto.Builder b = model.proto().toBuilder();
        b.setIrVersion(Math.max(b.getIrVersion(), TARGET_IR_VERSION));
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            String domain = b.getOpsetImport(i).getDomain();
            if (domain.isEmpty() || domain.equals("ai.onnx")) {
                b.setOpsetImport(i, b.getOpsetImport(i).toBuilder().setVersion(TARGET_OPSET));
            }
        }
        OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
        g.clearNode().addAllNode(nodes).addAllInitializer(added);
        return OnnxModel.of(b.build());
    }

    private static OnnxMl.NodeProto unsqueeze(OnnxMl.NodeProto node, List<OnnxMl.TensorProto> added,
                                              GraphNames taken) {
        OnnxMl.AttributeProto axes = attribute(node, "axes");
        if (axes == null) {
            throw new IllegalArgumentException("Unsqueeze node '" + node.getName()
                    + "' must have an axes attribute at opset 11, got none");
        }
        String name = taken.fresh(node.getName() + "/axes");
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(axes.getIntsCount());
        t.addAllInt64Data(axes.getIntsList());
        added.add(t.build());
        OnnxMl.NodeProto.Builder n = node.toBuilder().clearAttribute().addInput(name);
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (!a.getName().equals("axes")) {
                n.addAttribute(a);
            }
        }
        return n.build();
    }

    private static List<OnnxMl.NodeProto> softmax(OnnxMl.NodeProto node, GraphNames taken) {
        OnnxMl.AttributeProto axisAttribute = attribute(node, "axis");
        long axis = axisAttribute == null ? 1 : axisAttribute.getI(); // opset 11's default is 1
        if (axis == -1) {
            return List.of(node); // the last axis: the same at 11 and 13
        }
        String x = node.getInput(0);
        String base = node.getName().isEmpty() ? node.getOutput(0) : node.getName();
        String flat = taken.fresh(base + "/flat");
        String soft = taken.fresh(base + "/softmax_2d");
        String shape = taken.fresh(base + "/input_shape");
        OnnxMl.NodeProto flatten = OnnxMl.NodeProto.newBuilder().setOpType("Flatten")
                .setName(taken.fresh(base + "/Flatten")).addInput(x).addOutput(flat)
                .addAttribute(intAttribute("axis", axis)).build();
        OnnxMl.NodeProto softmax = OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName(node.getName())
                .addInput(flat).addOutput(soft).addAttribute(intAttribute("axis", -1)).build();
        OnnxMl.NodeProto shapeOf = OnnxMl.NodeProto.newBuilder().setOpType("Shape")
                .setName(taken.fresh(base + "/Shape")).addInput(x).addOutput(shape).build();
        OnnxMl.NodeProto reshape = OnnxMl.NodeProto.newBuilder().setOpType("Reshape")
                .setName(taken.fresh(base + "/Reshape")).addInput(soft).addInput(shape)
                .addOutput(node.getOutput(0)).build();
        return List.of(flatten, softmax, shapeOf, reshape);
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static OnnxMl.AttributeProto attribute(OnnxMl.NodeProto node, String name) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
