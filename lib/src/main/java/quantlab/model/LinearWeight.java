package quantlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import quantlab.quantization.WeightMatrix;

/**
 * One linear layer's weight as read from an ONNX model: its short name ("L3 ffn down"), the MatMul node that
 * uses it, the initializer that holds it, and its values as a {@link WeightMatrix} in the [out, in] layout.
 *
 * @param label       short name from {@link LayerNames#shortName}
 * @param node        the MatMul node's name
 * @param initializer the weight's initializer name (e.g. "onnx::MatMul_1234"), the key the writer uses
 * @param matrix      the weight, [out, in]
 */
public record LinearWeight(String label, String node, String initializer, WeightMatrix matrix) {

    public LinearWeight {
        if (label == null || label.isBlank() || node == null || initializer == null || matrix == null) {
            throw new IllegalArgumentException("label, node, initializer and matrix must be given, got " + label
                    + ", " + node + ", " + initializer + " and " + matrix);
        }
    }

    /** The encoder block (0 to 5 in MiniLM), or -1 outside the encoder. */
    public int block() {
        return LayerNames.block(node);
    }

    /** Every 2-D float MatMul weight of a model in file order (MiniLM: 36, block by block). */
    public static List<LinearWeight> all(OnnxModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        List<LinearWeight> list = new ArrayList<>();
        for (Map.Entry<String, String> e : model.matMulWeights().entrySet()) {
            FloatTensor t = model.floatTensor(e.getKey());
            list.add(new LinearWeight(LayerNames.shortName(e.getValue()), e.getValue(), e.getKey(),
                    WeightMatrix.fromInByOut(t.data(), t.rows(), t.cols())));
        }
        return list;
    }

    /** The weight with this short name, e.g. "L0 ffn up". */
    public static LinearWeight find(List<LinearWeight> weights, String label) {
        return weights.stream().filter(w -> w.label().equals(label)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("label must be one of the layers' names, got '" + label + "'"));
    }
}
