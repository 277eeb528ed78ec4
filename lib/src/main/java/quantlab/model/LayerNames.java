package quantlab.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MiniLM's (BERT's) names for its linear layers, made short for tables: the exporter's node
 * "/encoder/layer.3/output/dense/MatMul" is "L3 ffn down". The one place that knows the model's naming.
 */
public final class LayerNames {

    private static final Pattern ENCODER = Pattern.compile("/encoder/layer\\.(\\d+)/(.*)/MatMul");

    private LayerNames() {
    }

    /** "/encoder/layer.3/attention/self/query/MatMul" becomes "L3 query"; other names lose only "/MatMul". */
    public static String shortName(String node) {
        if (node == null) {
            throw new IllegalArgumentException("node must not be null");
        }
        Matcher m = ENCODER.matcher(node);
        if (!m.matches()) {
            return node.endsWith("/MatMul") ? node.substring(0, node.length() - "/MatMul".length()) : node;
        }
        return "L" + m.group(1) + " " + part(m.group(2));
    }

    /** The encoder block a node belongs to (0 for "/encoder/layer.0/..."), or -1 outside the encoder. */
    public static int block(String node) {
        if (node == null) {
            throw new IllegalArgumentException("node must not be null");
        }
        Matcher m = ENCODER.matcher(node);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String part(String path) {
        return switch (path) {
            case "attention/self/query" -> "query";
            case "attention/self/key" -> "key";
            case "attention/self/value" -> "value";
            case "attention/output/dense" -> "attn out";
            case "intermediate/dense" -> "ffn up";
            case "output/dense" -> "ffn down";
            default -> path.replace('/', '.');
        };
    }
}
