package quantlab.inference;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import quantlab.display.Displayable;
import quantlab.display.TableHtml;
import quantlab.formats.FloatFormat;
import quantlab.model.Embedder;
import quantlab.model.FloatTensor;
import quantlab.model.GraphNames;
import quantlab.model.Initializer;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.quantization.Quantizer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * "Keep LayerNorm and softmax in higher precision", measured: MiniLM with only its LayerNorm parameters rounded, or
 * only the inputs of its softmaxes, or only one MatMul weight, each to int8, fp16 or fp8 (E4M3), every variant
 * written as an ONNX graph, run in ONNX Runtime and compared with fp32 by embedding cosine.
 *
 * <p>The softmax input is taken as the attention scores, QK^T / sqrt(d), just before the padding mask is added:
 * rounding the masked sum would spend int8's whole range on the mask's huge negative entries. int8 there is
 * symmetric with one scale per row of scores (absmax / 127, computed in the graph); fp16 is a Cast to float16
 * and back; fp8 is E4M3FN rounding written with Log, Floor, Pow and Round, because the graph's opset 11 has no
 * float8 type. Parameters and weights are rounded in place: int8 per tensor (absmax / 127, the float32 quotient
 * rounded half to even), fp16 and fp8 E4M3FN as {@link FloatFormat} rounds them.
 *
 * @param sentences how many sentences were embedded
 * @param rows      one row per part and format
 */
public record NormSoftmaxSensitivity(int sentences, List<Row> rows) implements Displayable {

    /** The formats compared. */
    public enum Format {
        INT8("int8"), FP16("fp16"), FP8_E4M3("fp8 e4m3");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One measurement.
     *
     * @param part        what was rounded
     * @param format      to which format
     * @param tensors     how many tensors were touched
     * @param meanCosine  mean cosine of the embeddings to fp32's
     * @param worstCosine the lowest cosine
     */
    public record Row(String part, Format format, int tensors, double meanCosine, double worstCosine) {
    }

    public NormSoftmaxSensitivity {
        rows = List.copyOf(rows);
    }

    /** Rounds each part to each format and compares the embeddings of {@code texts} with fp32's. */
    public static NormSoftmaxSensitivity measure(OnnxModel fp32, List<String> texts, String matMulWeight) {
        if (fp32 == null || texts == null || texts.size() < 2) {
            throw new IllegalArgumentException("fp32 and at least two texts are needed, got " + fp32 + ", " + texts);
        }
        if (!fp32.hasInitializer(matMulWeight)) {
            throw new IllegalArgumentException("matMulWeight must name an initializer of the model, got '"
                    + matMulWeight + "'");
        }
        List<Row> rows = new ArrayList<>();
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            float[][] reference = embed(fp32, tokenizer, texts);
            List<String> norms = layerNormParameters(fp32);
            String weightLabel = "one MatMul weight (" + fp32.matMulWeights().getOrDefault(matMulWeight, matMulWeight)
                    + ")";
            for (Format f : Format.values()) {
                rows.add(row("LayerNorm weights and biases", f, norms.size(),
                        roundInitializers(fp32, norms, f), tokenizer, texts, reference));
                rows.add(row("softmax inputs (attention scores)", f, softmaxCount(fp32), softmaxInputs(fp32, f),
                        tokenizer, texts, reference));
                rows.add(row(weightLabel, f, 1, roundInitializers(fp32, List.of(matMulWeight), f), tokenizer, texts,
                        reference));
            }
        }
        return new NormSoftmaxSensitivity(texts.size(), rows);
    }

    private static Row row(String part, Format f, int tensors, OnnxModel model, MiniLmTokenizer tokenizer,
                           List<String> texts, float[][] reference) {
        EmbeddingAgreement a = EmbeddingAgreement.compare(reference, embed(model, tokenizer, texts));
        return new Row(part, f, tensors, a.meanCosine(), a.worstCosine());
    }

    private static float[][] embed(OnnxModel model, MiniLmTokenizer tokenizer, List<String> texts) {
        try (Embedder embedder = Embedder.of(model.toBytes(), tokenizer)) {
            return embedder.embed(texts);
        }
    }

    /** The names of every LayerNorm weight and bias (MiniLM has 13 LayerNorms, so 26 tensors). */
    public static List<String> layerNormParameters(OnnxModel model) {
        return model.initializers().stream().map(Initializer::name).filter(n -> n.contains("LayerNorm")).toList();
    }

    /** The model with the named float initializers rounded to {@code format}. */
    public static OnnxModel roundInitializers(OnnxModel model, List<String> names, Format format) {
        OnnxModel out = model;
        for (String name : names) {
            FloatTensor t = out.floatTensor(name);
            out = out.withFloatTensor(t.withData(round(t.data(), format)));
        }
        return out;
    }

    /** Values rounded to {@code format}: int8 per tensor with the course's convention, fp16, fp8 E4M3FN. */
    public static float[] round(float[] values, Format format) {
        return switch (format) {
            case INT8 -> Quantizer.symmetric(8).roundTrip(values, 1, values.length);
            case FP16 -> map(values, FloatFormat.FP16);
            case FP8_E4M3 -> map(values, FloatFormat.FP8_E4M3FN);
        };
    }

    private static float[] map(float[] values, FloatFormat f) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.roundSaturating(values[i]);
        }
        return out;
    }

    private static int softmaxCount(OnnxModel model) {
        return (int) model.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Softmax"))
                .count();
    }

    /**
     * The model with the attention scores rounded to {@code format} before each softmax: the first input of the
     * Add that feeds each Softmax (the scores; its second input is the padding mask) passes through the rounding.
     */
    public static OnnxModel softmaxInputs(OnnxModel model, Format format) {
        OnnxMl.GraphProto graph = model.proto().getGraph();
        GraphNames taken = GraphNames.of(graph);
        java.util.Map<String, OnnxMl.NodeProto> producer = new java.util.HashMap<>();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
        }
        java.util.Set<String> maskAdds = new java.util.HashSet<>();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (n.getOpType().equals("Softmax")) {
                OnnxMl.NodeProto add = producer.get(n.getInput(0));
                if (add == null || !add.getOpType().equals("Add")) {
                    throw new IllegalArgumentException("softmax '" + n.getName() + "' is not fed by the mask's Add");
                }
                maskAdds.add(add.getName());
            }
        }
        List<OnnxMl.TensorProto> constants = new ArrayList<>();
        OnnxMl.GraphProto.Builder g = graph.toBuilder().clearNode();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (maskAdds.contains(n.getName())) {
                String rounded = fakeQuant(n.getInput(0), n.getName(), format, g, constants, taken);
                g.addNode(n.toBuilder().setInput(0, rounded).build());
            } else {
                g.addNode(n);
            }
        }
        g.addAllInitializer(constants);
        return OnnxModel.of(model.proto().toBuilder().setGraph(g).build());
    }

    private static String fakeQuant(String x, String base, Format format, OnnxMl.GraphProto.Builder g,
                                    List<OnnxMl.TensorProto> constants, GraphNames taken) {
        Nodes b = new Nodes(base + "/round_" + format.name().toLowerCase(Locale.ROOT), g, constants, taken);
        switch (format) {
            case FP16 -> {
                String half = b.node("Cast", List.of(x), intAttr("to", OnnxMl.TensorProto.DataType.FLOAT16_VALUE));
                return b.node("Cast", List.of(half), intAttr("to", OnnxMl.TensorProto.DataType.FLOAT_VALUE));
            }
            case INT8 -> {
                String max = b.node("ReduceMax", List.of(b.node("Abs", List.of(x))), intsAttr("axes", -1),
                        intAttr("keepdims", 1));
                String scale = b.node("Div", List.of(b.node("Max", List.of(max, b.scalar(1e-30f))), b.scalar(127f)));
                String codes = b.node("Clip", List.of(b.node("Round", List.of(b.node("Div", List.of(x, scale)))),
                        b.scalar(-127f), b.scalar(127f)));
                return b.node("Mul", List.of(codes, scale));
            }
            default -> { // E4M3FN: 3 mantissa bits, exponents clamped to [-6, 8], saturating at 448
                String magnitude = b.node("Max", List.of(b.node("Abs", List.of(x)), b.scalar(0x1p-12f)));
                String log2 = b.node("Div", List.of(b.node("Log", List.of(magnitude)), b.scalar((float) Math.log(2))));
                String exponent = b.node("Clip", List.of(b.node("Floor", List.of(log2)), b.scalar(-6f), b.scalar(8f)));
                String step = b.node("Pow", List.of(b.scalar(2f), b.node("Sub", List.of(exponent, b.scalar(3f)))));
                String snapped = b.node("Mul", List.of(b.node("Round", List.of(b.node("Div", List.of(x, step)))),
                        step));
                return b.node("Clip", List.of(snapped, b.scalar(-448f), b.scalar(448f)));
            }
        }
    }

    private static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static OnnxMl.AttributeProto intsAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS)
                .addInts(value).build();
    }

    /** Appends nodes with fresh names, and scalar constants as initializers. */
    private record Nodes(String base, OnnxMl.GraphProto.Builder g, List<OnnxMl.TensorProto> constants,
                         GraphNames taken) {
        String node(String op, List<String> inputs, OnnxMl.AttributeProto... attributes) {
            String out = taken.fresh(base + "/" + op + "_out");
            OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op)
                    .setName(taken.fresh(base + "/" + op)).addAllInput(inputs).addOutput(out);
            for (OnnxMl.AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            g.addNode(n.build());
            return out;
        }

        String scalar(float value) {
            String name = taken.fresh(base + "/const");
            constants.add(OnnxMl.TensorProto.newBuilder().setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addFloatData(value).build());
            return name;
        }
    }

    /** One row per part and format: tensors touched, mean and worst cosine, and 1 - mean cosine. */
    public Table table() {
        StringColumn part = StringColumn.create("rounded");
        StringColumn format = StringColumn.create("to");
        IntColumn tensors = IntColumn.create("tensors");
        DoubleColumn mean = DoubleColumn.create("mean cosine");
        DoubleColumn worst = DoubleColumn.create("worst cosine");
        DoubleColumn loss = DoubleColumn.create("1 - mean cosine");
        for (Row r : rows) {
            part.append(r.part());
            format.append(r.format().label());
            tensors.append(r.tensors());
            mean.append(r.meanCosine());
            worst.append(r.worstCosine());
            loss.append(1 - r.meanCosine());
        }
        mean.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        worst.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        loss.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.00E0",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))));
        return Table.create("MiniLM with one part rounded, against fp32 on " + sentences + " sentences", part, format,
                tensors, mean, worst, loss);
    }

    /** The row for {@code part} (a prefix of its name) at {@code format}. */
    public Row row(String partPrefix, Format format) {
        return rows.stream().filter(r -> r.part().startsWith(partPrefix) && r.format() == format).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for '" + partPrefix + "' at " + format));
    }

    @Override
    public String toString() {
        return table().printAll();
    }

    @Override
    public String toHtml() {
        return TableHtml.of(table());
    }
}
