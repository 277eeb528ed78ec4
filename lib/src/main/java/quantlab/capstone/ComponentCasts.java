package quantlab.capstone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

import ai.onnx.proto.OnnxMl;
import quantlab.model.GraphNames;
import quantlab.model.OnnxModel;
import quantlab.model.OpsetUpgrade;

/**
 * "LayerNorm and softmax in lower precision", as an ONNX graph ONNX Runtime can run: every tensor that enters or
 * leaves each LayerNorm (or each softmax) passes through {@code Cast} to float16 or bfloat16 and {@code Cast} back
 * to float32, so it is rounded to that format. What this simulates, exactly: a kernel that reads and writes its
 * activations in fp16 or bf16 and computes inside in fp32, which is how half-precision LayerNorm and softmax
 * kernels usually work (they accumulate in fp32). The arithmetic inside the subgraph stays float32, because ONNX
 * Runtime's CPU kernels for these operators compute in float32; the LayerNorm's gamma and beta stay float32 too.
 * ONNX Runtime's {@code Cast} to bfloat16 rounds to nearest, ties to even, not by truncation (ComponentCastsTest
 * checks it against bit arithmetic).
 *
 * <p>One guard: ONNX Runtime's LayerNorm fusion takes a {@code Cast} in front of the pattern as a sign that the
 * LayerNorm runs in half precision and fuses it into a float16 or bfloat16 {@code LayerNormalization} kernel (the
 * CPU has none for bfloat16, so the session would not even load). The rounded LayerNorm input therefore passes
 * through {@code Max(x, x)}, which equals x, between the {@code Cast} back to float32 and the LayerNorm: the fusion
 * then sees a float32 LayerNorm and the rounding stays exactly where the graph puts it.
 *
 * <p>MiniLM's export writes LayerNorm as a subgraph, {@code ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul,
 * Add}: its input is the tensor read by the first {@code ReduceMean} and by the {@code Sub} that centres it, its
 * output the final {@code Add}'s. A softmax's input and output are the {@code Softmax} node's own.
 */
public final class ComponentCasts {

    /** The components whose activations can be rounded. */
    public enum Site {
        LAYER_NORM("LayerNorm"), SOFTMAX("softmax");

        private final String label;

        Site(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The 16-bit formats a tensor can be rounded to, with their ONNX data type. */
    public enum Format {
        FP16("fp16", OnnxMl.TensorProto.DataType.FLOAT16),
        BF16("bf16", OnnxMl.TensorProto.DataType.BFLOAT16);

        private final String label;
        private final OnnxMl.TensorProto.DataType type;

        Format(String label, OnnxMl.TensorProto.DataType type) {
            this.label = label;
            this.type = type;
        }

        public String label() {
            return label;
        }

        /** The ONNX element type the {@code Cast} goes to. */
        public OnnxMl.TensorProto.DataType type() {
            return type;
        }
    }

    /**
     * One occurrence of a component in the graph.
     *
     * @param input   the tensor that enters it
     * @param readers the names of the component's nodes that read {@code input}
     * @param output  the tensor that leaves it
     */
    public record Span(String input, List<String> readers, String output) {
        public Span {
            readers = List.copyOf(readers);
        }
    }

    private ComponentCasts() {
    }

    /** Every occurrence of {@code site} in the model, in graph order (MiniLM: 13 LayerNorms, 6 softmaxes). */
    public static List<Span> spans(OnnxModel model, Site site) {
        if (model == null || site == null) {
            throw new IllegalArgumentException("model and site must not be null, got " + model + " and " + site);
        }
        List<OnnxMl.NodeProto> nodes = model.proto().getGraph().getNodeList();
        List<Span> spans = new ArrayList<>();
        if (site == Site.SOFTMAX) {
            for (OnnxMl.NodeProto n : nodes) {
                if (n.getOpType().equals("Softmax")) {
                    spans.add(new Span(n.getInput(0), List.of(n.getName()), n.getOutput(0)));
                }
            }
            return spans;
        }
        Map<String, List<OnnxMl.NodeProto>> readers = new HashMap<>();
        for (OnnxMl.NodeProto n : nodes) {
            for (String in : n.getInputList()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        for (OnnxMl.NodeProto mean : nodes) {
            if (!mean.getOpType().equals("ReduceMean")) {
                continue;
            }
            String x = mean.getInput(0);
            OnnxMl.NodeProto sub = only(readers, mean.getOutput(0), "Sub", n -> n.getInput(0).equals(x));
            if (sub == null) {
                continue; // the second ReduceMean of a LayerNorm (the variance) or some other mean
            }
            OnnxMl.NodeProto div = only(readers, sub.getOutput(0), "Div", n -> n.getInput(0).equals(sub.getOutput(0)));
            OnnxMl.NodeProto mul = div == null ? null : only(readers, div.getOutput(0), "Mul", n -> true);
            OnnxMl.NodeProto add = mul == null ? null : only(readers, mul.getOutput(0), "Add", n -> true);
            if (add == null) {
                throw new IllegalArgumentException("the LayerNorm that starts at '" + mean.getName()
                        + "' is not ReduceMean, Sub, ..., Div, Mul, Add; the model's LayerNorm is written differently");
            }
            spans.add(new Span(x, List.of(mean.getName(), sub.getName()), add.getOutput(0)));
        }
        return spans;
    }

    private static OnnxMl.NodeProto only(Map<String, List<OnnxMl.NodeProto>> readers, String tensor, String op,
                                         java.util.function.Predicate<OnnxMl.NodeProto> test) {
        for (OnnxMl.NodeProto n : readers.getOrDefault(tensor, List.of())) {
            if (n.getOpType().equals(op) && test.test(n)) {
                return n;
            }
        }
        return null;
    }

    /**
     * The model (moved to opset 13, which bfloat16 needs) with every input and output of every {@code site}
     * rounded to {@code format}: two {@code Cast} nodes per tensor, four per occurrence (and one {@code Max(x, x)}
     * per LayerNorm input).
     *
     * @throws IllegalArgumentException if an argument is null or the model has no such component
     */
    public static OnnxModel round(OnnxModel model, Site site, Format format) {
        if (model == null || site == null || format == null) {
            throw new IllegalArgumentException("model, site and format must not be null, got " + model + ", " + site
                    + " and " + format);
        }
        OnnxModel m13 = OpsetUpgrade.to13(model);
        List<Span> spans = spans(m13, site);
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("the model has no " + site.label() + " to round");
        }
        OnnxMl.GraphProto graph = m13.proto().getGraph();
        GraphNames names = GraphNames.of(graph);
        Map<String, Set<String>> inputFor = new HashMap<>(); // reader node -> the span inputs it reads
        Map<String, Span> outputOf = new LinkedHashMap<>(); // output tensor -> span
        for (Span s : spans) {
            for (String r : s.readers()) {
                inputFor.computeIfAbsent(r, k -> new HashSet<>()).add(s.input());
            }
            outputOf.put(s.output(), s);
        }
        Map<String, String> roundedInputs = new HashMap<>(); // input tensor -> its rounded copy, once cast
        List<OnnxMl.NodeProto> out = new ArrayList<>();
        String tag = "/" + site.name().toLowerCase(java.util.Locale.ROOT) + "_" + format.label();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            OnnxMl.NodeProto.Builder b = n.toBuilder();
            Set<String> wanted = inputFor.get(n.getName());
            if (wanted != null) {
                for (int i = 0; i < b.getInputCount(); i++) {
                    String in = b.getInput(i);
                    if (wanted.contains(in)) {
                        String rounded = roundedInputs.get(in);
                        if (rounded == null) {
                            rounded = names.fresh(in + tag);
                            if (site == Site.LAYER_NORM) { // see the class comment: a Max(x, x) barrier
                                String cast = names.fresh(in + tag + "_cast");
                                castPair(in, cast, format, names, out);
                                out.add(OnnxMl.NodeProto.newBuilder().setOpType("Max")
                                        .setName(names.fresh(rounded + "/Max_barrier")).addInput(cast).addInput(cast)
                                        .addOutput(rounded).build());
                            } else {
                                castPair(in, rounded, format, names, out);
                            }
                            roundedInputs.put(in, rounded);
                        }
                        b.setInput(i, rounded);
                    }
                }
            }
            List<String[]> after = new ArrayList<>();
            for (int i = 0; i < b.getOutputCount(); i++) {
                String o = b.getOutput(i);
                if (outputOf.containsKey(o)) {
                    String raw = names.fresh(o + tag + "_fp32");
                    b.setOutput(i, raw);
                    after.add(new String[] {raw, o});
                }
            }
            out.add(b.build());
            for (String[] pair : after) {
                castPair(pair[0], pair[1], format, names, out);
            }
        }
        OnnxMl.ModelProto.Builder mb = m13.proto().toBuilder();
        mb.getGraphBuilder().clearNode().addAllNode(out);
        return OnnxModel.of(mb.build());
    }

    /** {@code Cast(from -> format)} then {@code Cast(-> float32)} into {@code to}. */
    private static void castPair(String from, String to, Format format, GraphNames names,
                                 List<OnnxMl.NodeProto> out) {
        String half = names.fresh(to + "_" + format.label());
        out.add(cast(names.fresh(to + "/Cast_to_" + format.label()), from, half, format.type()));
        out.add(cast(names.fresh(to + "/Cast_to_fp32"), half, to, OnnxMl.TensorProto.DataType.FLOAT));
    }

    private static OnnxMl.NodeProto cast(String name, String in, String out, OnnxMl.TensorProto.DataType to) {
        return OnnxMl.NodeProto.newBuilder().setOpType("Cast").setName(name).addInput(in).addOutput(out)
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(to.getNumber()))
                .build();
    }
}
