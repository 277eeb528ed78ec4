package quantlab.model;

/**
 * Short names for a model's MatMul nodes, for tables: the exporter's "/encoder/layer.3/output/dense/MatMul" is
 * "L3 ffn down". MiniLM's own naming lives in {@link MiniLmMatrix}; this class only adds the fallback for nodes
 * outside the encoder (and for models that are not MiniLM), which keep their name without "/MatMul".
 */
public final class LayerNames {

    private LayerNames() {
    }

    /** "/encoder/layer.3/attention/self/query/MatMul" becomes "L3 query"; other names lose only "/MatMul". */
    public static String shortName(String node) {
        if (node == null) {
            throw new IllegalArgumentException("node must not be null");
        }
        MiniLmMatrix m = matrix(node);
        if (m != null) {
            return m.label();
        }
        return node.endsWith("/MatMul") ? node.substring(0, node.length() - "/MatMul".length()) : node;
    }

    /** The encoder block a node belongs to (0 for "/encoder/layer.0/..."), or -1 outside MiniLM's encoder. */
    public static int block(String node) {
        if (node == null) {
            throw new IllegalArgumentException("node must not be null");
        }
        MiniLmMatrix m = matrix(node);
        return m == null ? -1 : m.layer();
    }

    private static MiniLmMatrix matrix(String node) {
        try {
            return MiniLmMatrix.ofNode(node);
        } catch (IllegalArgumentException notMiniLm) {
            return null;
        }
    }
}
