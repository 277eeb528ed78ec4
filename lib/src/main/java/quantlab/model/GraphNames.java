package quantlab.model;

import java.util.HashSet;
import java.util.Set;

import ai.onnx.proto.OnnxMl;

/**
 * The names already used in an ONNX graph (node names, node outputs, initializers), so that a rewrite can add
 * tensors and nodes without clashing: {@link #fresh} returns the wanted name, or it with the first free "_N" suffix.
 */
public final class GraphNames {

    private final Set<String> taken = new HashSet<>();

    private GraphNames(OnnxMl.GraphProto graph) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            taken.add(node.getName());
            taken.addAll(node.getOutputList());
        }
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            taken.add(t.getName());
        }
    }

    /** The names used in a graph. */
    public static GraphNames of(OnnxMl.GraphProto graph) {
        if (graph == null) {
            throw new IllegalArgumentException("graph must not be null, got null");
        }
        return new GraphNames(graph);
    }

    /** An unused name, {@code wanted} if free, else {@code wanted_1}, {@code wanted_2}, ...; it is then taken. */
    public String fresh(String wanted) {
        String name = wanted;
        for (int i = 1; taken.contains(name); i++) {
            name = wanted + "_" + i;
        }
        taken.add(name);
        return name;
    }
}
