package quantlab.awq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import quantlab.model.FloatTensor;
import quantlab.model.GraphNames;
import quantlab.model.MiniLmMatrix;
import quantlab.model.OnnxModel;

/**
 * Puts AWQ's scales into an fp32 MiniLM graph so that its output does not change, ready for chapter 5's
 * {@link quantlab.inference.QuantizedModelWriter} to round the scaled weights: every weight matrix of a site gets
 * its input channel i multiplied by s_i, and the input is divided by s on the way in.
 *
 * <p>Where the division goes, and why:
 * <ul>
 *   <li>attention output: into the value matrix (its output channel i and bias divided by s_i), exact, because
 *       the heads' context is a weighted average of value vectors; no new node.</li>
 *   <li>q/k/v and ffn up: an explicit {@code Mul} by 1/s in front of the MatMuls. The LayerNorm before them cannot
 *       take it: in this post-norm model its output is also the residual stream, which would be scaled too
 *       ({@link #foldIntoLayerNorm} does it anyway, to measure the damage).</li>
 *   <li>ffn down: a {@code Mul} after GELU, which is not linear, so nothing before it can absorb 1/s.</li>
 * </ul>
 */
public final class AwqModelWriter {

    private AwqModelWriter() {
    }

    /** The fp32 model with the scales applied exactly: weights scaled, a Mul or a value-matrix fold per site. */
    public static OnnxModel withScales(OnnxModel fp32, List<SiteScale> scales) {
        return rewrite(fp32, scales, false);
    }

    /**
     * The tempting but inexact alternative for q/k/v and ffn up: divide the preceding LayerNorm's gamma and beta
     * by s instead of adding a Mul. Exact in pre-norm models (LLaMA), where the norm feeds only the projections;
     * here it also scales the residual stream. Attention-output scales fold into the value matrix as in
     * {@link #withScales}; ffn down has no LayerNorm before it and is refused.
     */
    public static OnnxModel foldIntoLayerNorm(OnnxModel fp32, List<SiteScale> scales) {
        return rewrite(fp32, scales, true);
    }

    private static OnnxModel rewrite(OnnxModel fp32, List<SiteScale> scales, boolean intoLayerNorm) {
        if (fp32 == null || scales == null) {
            throw new IllegalArgumentException("fp32 and scales must not be null, got " + fp32 + " and " + scales);
        }
        OnnxMl.GraphProto graph = fp32.proto().getGraph();
        Map<String, OnnxMl.NodeProto> nodeByName = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            nodeByName.put(node.getName(), node);
        }
        Map<String, FloatTensor> changed = new HashMap<>();
        Map<String, MulNode> mulBefore = new HashMap<>(); // first MatMul of a site -> the Mul to put before it
        Map<String, String> newInput = new HashMap<>();   // MatMul node -> its new input 0
        List<OnnxMl.TensorProto> added = new ArrayList<>();
        GraphNames names = GraphNames.of(graph);
        for (SiteScale scale : scales) {
            float[] s = scale.scales();
            List<MiniLmMatrix> matrices = scale.site().matrices(scale.layer());
            for (MiniLmMatrix m : matrices) {
                String w = weightName(nodeByName, m);
                changed.put(w, scaleRows(current(fp32, changed, w), s, true));
            }
            switch (scale.site()) {
                case ATTENTION_OUTPUT -> {
                    MiniLmMatrix value = new MiniLmMatrix(scale.layer(), MiniLmMatrix.Kind.VALUE);
                    String w = weightName(nodeByName, value);
                    changed.put(w, scaleColumns(current(fp32, changed, w), s));
                    String b = value.biasName();
                    changed.put(b, divide(current(fp32, changed, b), s));
                }
                case ATTENTION_INPUT, FFN_UP -> {
                    if (intoLayerNorm) {
                        String norm = scale.site() == ScaleSite.FFN_UP
                                ? "encoder.layer." + scale.layer() + ".attention.output.LayerNorm"
                                : scale.layer() == 0 ? "embeddings.LayerNorm"
                                : "encoder.layer." + (scale.layer() - 1) + ".output.LayerNorm";
                        changed.put(norm + ".weight", divide(current(fp32, changed, norm + ".weight"), s));
                        changed.put(norm + ".bias", divide(current(fp32, changed, norm + ".bias"), s));
                    } else {
                        addMul(nodeByName, matrices, s, names, mulBefore, newInput, added);
                    }
                }
                case FFN_DOWN -> {
                    if (intoLayerNorm) {
                        throw new IllegalArgumentException("scales must not include ffn down when folding into a "
                                + "LayerNorm (GELU comes before it, no LayerNorm), got " + scale.label());
                    }
                    addMul(nodeByName, matrices, s, names, mulBefore, newInput, added);
                }
            }
        }
        OnnxMl.ModelProto.Builder b = fp32.proto().toBuilder();
        OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            FloatTensor t = changed.get(g.getInitializer(i).getName());
            if (t != null) {
                g.setInitializer(i, t.toProto());
            }
        }
        g.addAllInitializer(added);
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            MulNode mul = mulBefore.get(node.getName());
            if (mul != null) {
                nodes.add(mul.node());
            }
            String input = newInput.get(node.getName());
            nodes.add(input == null ? node : node.toBuilder().setInput(0, input).build());
        }
        g.clearNode().addAllNode(nodes);
        return OnnxModel.of(b.build());
    }

    private record MulNode(OnnxMl.NodeProto node) {
    }

    private static void addMul(Map<String, OnnxMl.NodeProto> nodeByName, List<MiniLmMatrix> matrices, float[] s,
                               GraphNames names, Map<String, MulNode> mulBefore, Map<String, String> newInput,
                               List<OnnxMl.TensorProto> added) {
        MiniLmMatrix first = matrices.get(0);
        String input = nodeByName.get(first.matMulNode()).getInput(0);
        float[] inverse = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            inverse[i] = 1f / s[i];
        }
        String tag = "awq_L" + first.layer() + "_" + first.kind().name().toLowerCase(java.util.Locale.ROOT);
        String scaleName = names.fresh(tag + "_inverse_scale");
        String output = names.fresh(tag + "_scaled_input");
        added.add(new FloatTensor(scaleName, new int[] {s.length}, inverse).toProto());
        OnnxMl.NodeProto mul = OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName(names.fresh(tag + "_Mul"))
                .addInput(input).addInput(scaleName).addOutput(output).build();
        mulBefore.put(first.matMulNode(), new MulNode(mul));
        for (MiniLmMatrix m : matrices) {
            newInput.put(m.matMulNode(), output);
        }
    }

    private static String weightName(Map<String, OnnxMl.NodeProto> nodeByName, MiniLmMatrix m) {
        OnnxMl.NodeProto node = nodeByName.get(m.matMulNode());
        if (node == null || node.getInputCount() != 2) {
            throw new IllegalArgumentException("fp32 must be a MiniLM graph with a MatMul node " + m.matMulNode()
                    + ", got none");
        }
        return node.getInput(1);
    }

    private static FloatTensor current(OnnxModel model, Map<String, FloatTensor> changed, String name) {
        FloatTensor t = changed.get(name);
        return t != null ? t : model.floatTensor(name);
    }

    /** ONNX [in, out] weight: row i (input channel i) times s_i. */
    private static FloatTensor scaleRows(FloatTensor w, float[] s, boolean multiply) {
        int in = w.rows();
        int out = w.cols();
        AwqMath.checkScales(s, in);
        float[] v = w.data().clone();
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                v[i * out + o] = multiply ? v[i * out + o] * s[i] : v[i * out + o] / s[i];
            }
        }
        return w.withData(v);
    }

    /** ONNX [in, out] weight: column o (output channel o) divided by s_o. */
    private static FloatTensor scaleColumns(FloatTensor w, float[] s) {
        int in = w.rows();
        int out = w.cols();
        AwqMath.checkScales(s, out);
        float[] v = w.data().clone();
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                v[i * out + o] /= s[o];
            }
        }
        return w.withData(v);
    }

    private static FloatTensor divide(FloatTensor vector, float[] s) {
        float[] v = vector.data().clone();
        AwqMath.checkScales(s, v.length);
        for (int i = 0; i < v.length; i++) {
            v[i] /= s[i];
        }
        return vector.withData(v);
    }
}
