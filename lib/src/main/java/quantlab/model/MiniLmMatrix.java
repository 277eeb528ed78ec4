package quantlab.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of MiniLM's 36 linear-layer weight matrices, named by its layer (0 to 5) and its kind (query, key, value,
 * attention output, ffn up, ffn down): the one identifier the Java forward pass, the calibration recorder and the
 * quantizers of chapters 6 and 7 use, so no code matches on strings such as {@code "L3 ffn down"} or on the
 * exporter's weight names ({@code onnx::MatMul_799}).
 *
 * @param layer the transformer block, 0 to {@value MiniLm#LAYERS} - 1
 * @param kind  which of the block's six matrices
 */
public record MiniLmMatrix(int layer, Kind kind) implements Comparable<MiniLmMatrix> {

    /** The six linear layers of one encoder block, in the order the block applies them. */
    public enum Kind {
        /** Projects the hidden state to the attention queries. */
        QUERY("query", "attention/self/query", MiniLm.HIDDEN, MiniLm.HIDDEN),
        /** Projects the hidden state to the attention keys. */
        KEY("key", "attention/self/key", MiniLm.HIDDEN, MiniLm.HIDDEN),
        /** Projects the hidden state to the attention values. */
        VALUE("value", "attention/self/value", MiniLm.HIDDEN, MiniLm.HIDDEN),
        /** Mixes the 12 heads' outputs back into the hidden state. */
        ATTENTION_OUTPUT("attn out", "attention/output/dense", MiniLm.HIDDEN, MiniLm.HIDDEN),
        /** The feed-forward expansion, 384 to 1536, before GELU. */
        FFN_UP("ffn up", "intermediate/dense", MiniLm.HIDDEN, MiniLm.INTERMEDIATE),
        /** The feed-forward contraction, 1536 to 384, after GELU. */
        FFN_DOWN("ffn down", "output/dense", MiniLm.INTERMEDIATE, MiniLm.HIDDEN);

        private final String label;
        private final String path;
        private final int inputs;
        private final int outputs;

        Kind(String label, String path, int inputs, int outputs) {
            this.label = label;
            this.path = path;
            this.inputs = inputs;
            this.outputs = outputs;
        }

        /** A short name for tables, e.g. "ffn down". */
        public String label() {
            return label;
        }

        /** Width of the input vector (the number of input channels). */
        public int inputs() {
            return inputs;
        }

        /** Width of the output vector (the number of output channels). */
        public int outputs() {
            return outputs;
        }
    }

    private static final Pattern NODE = Pattern.compile("/encoder/layer\\.(\\d+)/(.+)/MatMul");
    private static final List<MiniLmMatrix> ALL;

    static {
        List<MiniLmMatrix> all = new ArrayList<>();
        for (int layer = 0; layer < MiniLm.LAYERS; layer++) {
            for (Kind kind : Kind.values()) {
                all.add(new MiniLmMatrix(layer, kind));
            }
        }
        ALL = Collections.unmodifiableList(all);
    }

    public MiniLmMatrix {
        if (layer < 0 || layer >= MiniLm.LAYERS) {
            throw new IllegalArgumentException("layer must be in [0, " + MiniLm.LAYERS + "), got " + layer);
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null, got null");
        }
    }

    /** All 36 matrices in the order the forward pass meets them (layer 0 query first, layer 5 ffn down last). */
    public static List<MiniLmMatrix> all() {
        return ALL;
    }

    /** The six matrices of one layer, in order. */
    public static List<MiniLmMatrix> ofLayer(int layer) {
        new MiniLmMatrix(layer, Kind.QUERY); // checks the layer
        return ALL.subList(layer * Kind.values().length, (layer + 1) * Kind.values().length);
    }

    /** The matrix a MatMul node of the exported graph multiplies by, e.g. {@code /encoder/layer.3/output/dense/MatMul}. */
    public static MiniLmMatrix ofNode(String nodeName) {
        Matcher m = nodeName == null ? null : NODE.matcher(nodeName);
        if (m != null && m.matches()) {
            for (Kind kind : Kind.values()) {
                if (kind.path.equals(m.group(2))) {
                    return new MiniLmMatrix(Integer.parseInt(m.group(1)), kind);
                }
            }
        }
        throw new IllegalArgumentException("nodeName must name a linear layer's MatMul such as "
                + "'/encoder/layer.3/output/dense/MatMul', got " + (nodeName == null ? "null" : "'" + nodeName + "'"));
    }

    /** The name of the graph's MatMul node that applies this matrix. */
    public String matMulNode() {
        return "/encoder/layer." + layer + "/" + kind.path + "/MatMul";
    }

    /** The name of the graph's bias initializer added after the MatMul, e.g. {@code encoder.layer.3.output.dense.bias}. */
    public String biasName() {
        return "encoder.layer." + layer + "." + kind.path.replace('/', '.') + ".bias";
    }

    /** Width of the input vector. */
    public int inputs() {
        return kind.inputs;
    }

    /** Width of the output vector. */
    public int outputs() {
        return kind.outputs;
    }

    /** Position in {@link #all()}: 0 for layer 0's query, 35 for layer 5's ffn down. */
    public int index() {
        return layer * Kind.values().length + kind.ordinal();
    }

    /** The table label, e.g. "L3 ffn down". */
    public String label() {
        return "L" + layer + " " + kind.label;
    }

    @Override
    public int compareTo(MiniLmMatrix other) {
        return Integer.compare(index(), other.index());
    }

    @Override
    public String toString() {
        return label();
    }
}
