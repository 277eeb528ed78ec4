package quantlab.capstone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import quantlab.display.Displayable;
import quantlab.display.TableHtml;
import quantlab.inference.EmbeddingAgreement;
import quantlab.inference.EmbeddingStorage;
import quantlab.inference.InferenceCheck;
import quantlab.inference.OnnxChecker;
import quantlab.inference.QuantizedModelWriter;
import quantlab.model.Embedder;
import quantlab.model.ExecutionProvider;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Step 7 of the capstone, measured: each risky component (the embedding tables, LayerNorm, softmax) in lower
 * precision or kept in higher precision, alone on the fp32 model and on top of the chosen MatMul weights, each
 * variant judged by chapter 5's check: written as ONNX, passed through {@code onnx.checker}, run in ONNX Runtime on
 * the evaluation sentences and compared with the published fp32 model (mean and worst cosine, same nearest
 * neighbour, paraphrase hits).
 *
 * <p>Embeddings: int8 or int4 per row against fp32 ({@link EmbeddingStorage}). LayerNorm and softmax: their input and
 * output tensors rounded to fp16 or bf16 by {@link ComponentCasts} (the arithmetic inside stays fp32, see there).
 * Rows "on top of the weights" change one component at a time; everything else is fp32, the embeddings included,
 * so each row's cost is against the weights alone.
 *
 * @param weights   the weights' recipe label
 * @param sentences how many evaluation sentences each variant embedded
 * @param provider  where ONNX Runtime ran the variants
 * @param rows      one row per component, precision and base; the weights alone open the rows on the weights
 */
public record RiskyComponents(String weights, int sentences, ExecutionProvider provider, List<Row> rows)
        implements Displayable {

    /** The risky components. */
    public enum Component {
        NONE("nothing (all fp32)"), EMBEDDINGS("embedding tables"), LAYER_NORM("LayerNorm in/out"),
        SOFTMAX("softmax in/out");

        private final String label;

        Component(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The precisions a component is measured at. */
    public enum Precision {
        FP32("fp32"), INT8_PER_ROW("int8 per row"), INT4_PER_ROW("int4 per row (int8 bytes)"), FP16("fp16"),
        BF16("bf16");

        private final String label;

        Precision(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The embedding storage of an embedding precision. */
        public EmbeddingStorage embeddings() {
            return switch (this) {
                case FP32 -> EmbeddingStorage.FP32;
                case INT8_PER_ROW -> EmbeddingStorage.INT8_PER_ROW;
                case INT4_PER_ROW -> EmbeddingStorage.INT4_PER_ROW;
                default -> throw new IllegalArgumentException("embeddings are fp32, int8 or int4 per row, got " + this);
            };
        }

        /** The Cast format of a LayerNorm or softmax precision. */
        public ComponentCasts.Format format() {
            return switch (this) {
                case FP16 -> ComponentCasts.Format.FP16;
                case BF16 -> ComponentCasts.Format.BF16;
                default -> throw new IllegalArgumentException("LayerNorm and softmax are rounded to fp16 or bf16, got "
                        + this);
            };
        }
    }

    /**
     * One variant's measurement.
     *
     * @param component   what was changed ({@link Component#NONE} for the weights alone)
     * @param precision   to which precision
     * @param onWeights   whether the MatMul weights were quantized (false: fp32 weights)
     * @param bytes       the file's size
     * @param checker     what {@code onnx.checker} said
     * @param agreement   its embeddings against fp32's
     * @param paraphraseHits fraction of sentences whose nearest other sentence is a paraphrase
     * @param cost        mean cosine lost against its base: fp32 (1.0) or the weights alone
     */
    public record Row(Component component, Precision precision, boolean onWeights, long bytes,
                      OnnxChecker.Status checker, EmbeddingAgreement agreement, double paraphraseHits, double cost) {
    }

    public RiskyComponents {
        rows = List.copyOf(rows);
    }

    /** One variant to build: the row's keys and how to make its model. */
    private record Plan(Component component, Precision precision, boolean onWeights, Supplier<OnnxModel> model) {
    }

    /**
     * Measures every component at every precision, alone and on top of {@code weights}, on the sentences of
     * {@code evaluationFile} (data/sentences.tsv for the course). Files go to {@code dir} and are deleted once
     * measured, except the weights' two candidates for shipping (embeddings fp32 and int8 per row).
     *
     * @param progress receives one line per variant; may be null
     */
    public static RiskyComponents measure(QuantizedWeights weights, Path evaluationFile, Path dir,
                                          Consumer<String> progress) {
        if (weights == null || evaluationFile == null || dir == null) {
            throw new IllegalArgumentException("weights, evaluationFile and dir must not be null, got " + weights
                    + ", " + evaluationFile + " and " + dir);
        }
        ParaphraseSets sentences = ParaphraseSets.read(evaluationFile);
        if (sentences.size() < 2) {
            throw new IllegalArgumentException("evaluationFile must hold at least two sentences, got "
                    + sentences.size() + " in " + evaluationFile);
        }
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel[] weightsOnly = new OnnxModel[1]; // the weights with fp32 tables, written once for five rows
        Supplier<OnnxModel> plain = () -> weightsOnly[0] != null ? weightsOnly[0]
                : (weightsOnly[0] = weights.write(EmbeddingStorage.FP32));
        List<Plan> plans = new ArrayList<>();
        for (boolean on : new boolean[] {false, true}) {
            if (on) {
                plans.add(new Plan(Component.NONE, Precision.FP32, true, plain));
            }
            for (Precision p : List.of(Precision.INT8_PER_ROW, Precision.INT4_PER_ROW)) {
                plans.add(new Plan(Component.EMBEDDINGS, p, on, on ? () -> weights.write(p.embeddings())
                        : () -> QuantizedModelWriter.writeEmbeddings(fp32, p.embeddings())));
            }
            for (Component c : List.of(Component.LAYER_NORM, Component.SOFTMAX)) {
                ComponentCasts.Site site = c == Component.LAYER_NORM ? ComponentCasts.Site.LAYER_NORM
                        : ComponentCasts.Site.SOFTMAX;
                for (Precision p : List.of(Precision.FP16, Precision.BF16)) {
                    plans.add(new Plan(c, p, on, () -> ComponentCasts.round(
                            on ? plain.get() : fp32, site, p.format())));
                }
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<String> texts = sentences.texts();
        int[] sets = sentences.setIds();
        List<Row> rows = new ArrayList<>();
        ExecutionProvider provider;
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            float[][] reference;
            try (Embedder embedder = Embedder.of(MiniLm.FP32.modelBytes(), tokenizer, QdqCompute.FLOAT32_ACTIVATIONS)) {
                reference = embedder.embed(texts);
                provider = embedder.provider();
            }
            double weightsAlone = Double.NaN;
            for (Plan plan : plans) {
                long t0 = System.nanoTime();
                byte[] bytes = plan.model().get().toBytes();
                Path file = dir.resolve(fileName(weights, plan));
                InferenceCheck.CheckedEmbeddings measured = InferenceCheck.checkAndEmbed(bytes, file, tokenizer,
                        texts, QdqCompute.FLOAT32_ACTIVATIONS);
                float[][] e = measured.embeddings();
                OnnxChecker.Status status = measured.check().status();
                EmbeddingAgreement a = EmbeddingAgreement.compare(reference, e);
                if (plan.component() == Component.NONE) {
                    weightsAlone = a.meanCosine();
                }
                double base = plan.onWeights() ? weightsAlone : 1.0;
                rows.add(new Row(plan.component(), plan.precision(), plan.onWeights(), bytes.length, status, a,
                        EmbeddingAgreement.paraphraseHits(e, sets), base - a.meanCosine()));
                if (!isCandidate(plan)) {
                    delete(file);
                }
                if (progress != null) {
                    progress.accept(String.format(Locale.ROOT, "%-22s %-26s on %-22s mean cosine %.6f  %s  %.1f s",
                            plan.component().label(), plan.precision().label(),
                            plan.onWeights() ? weights.recipe().label() : "fp32 weights", a.meanCosine(),
                            status.name().toLowerCase(Locale.ROOT), (System.nanoTime() - t0) / 1e9));
                }
            }
        }
        return new RiskyComponents(weights.recipe().label(), texts.size(), provider, rows);
    }

    /** The file a variant is written to; the two shipping candidates get the names {@link #candidateFile} gives. */
    private static String fileName(QuantizedWeights weights, Plan plan) {
        if (isCandidate(plan)) {
            return candidateFile(weights, plan.component() == Component.NONE ? EmbeddingStorage.FP32
                    : EmbeddingStorage.INT8_PER_ROW);
        }
        return "risky-" + (plan.onWeights() ? weights.name() : "fp32") + "-"
                + plan.component().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
                + plan.precision().name().toLowerCase(Locale.ROOT).replace('_', '-') + ".onnx";
    }

    /** The file name of the weights written with {@code embeddings}, e.g. "int8-per-channel-emb-int8.onnx". */
    public static String candidateFile(QuantizedWeights weights, EmbeddingStorage embeddings) {
        return weights.name() + "-emb-" + embeddings.name().toLowerCase(Locale.ROOT).replace("_per_row", "")
                + ".onnx";
    }

    private static boolean isCandidate(Plan plan) {
        return plan.onWeights() && (plan.component() == Component.NONE
                || plan.component() == Component.EMBEDDINGS && plan.precision() == Precision.INT8_PER_ROW);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** The row for a component at a precision, on the fp32 weights or on top of the quantized ones. */
    public Row row(Component component, Precision precision, boolean onWeights) {
        return rows.stream().filter(r -> r.component() == component && r.precision() == precision
                && r.onWeights() == onWeights).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no row for " + component + " at " + precision + (onWeights ? " on the weights" : " on fp32")));
    }

    /** The weights alone: every risky component fp32. */
    public Row weightsAlone() {
        return row(Component.NONE, Precision.FP32, true);
    }

    /** Whether a component at a precision, on top of the weights, costs at most {@code tolerance} of mean cosine. */
    public boolean withinTolerance(Component component, Precision precision, double tolerance) {
        return row(component, precision, true).cost() <= tolerance;
    }

    /** One row per variant: what changed, on which weights, size, checker, agreement and cost. */
    public Table table() {
        StringColumn part = StringColumn.create("component");
        StringColumn precision = StringColumn.create("precision");
        StringColumn on = StringColumn.create("on weights");
        DoubleColumn mb = DoubleColumn.create("size (MB)");
        StringColumn checked = StringColumn.create("onnx.checker");
        DoubleColumn mean = DoubleColumn.create("mean cosine");
        DoubleColumn worst = DoubleColumn.create("worst cosine");
        DoubleColumn same = DoubleColumn.create("same nearest neighbour %");
        DoubleColumn cost = DoubleColumn.create("cost vs its base");
        for (Row r : rows) {
            part.append(r.component().label());
            precision.append(r.precision().label());
            on.append(r.onWeights() ? weights : "fp32");
            mb.append(r.bytes() / 1e6);
            checked.append(r.checker().name().toLowerCase(Locale.ROOT));
            mean.append(r.agreement().meanCosine());
            worst.append(r.agreement().worstCosine());
            same.append(100 * r.agreement().neighbourAgreement());
            cost.append(r.cost());
        }
        mb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        mean.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        worst.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        same.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        cost.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.0E0",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))));
        return Table.create("Risky components, each alone, against fp32 on " + sentences + " sentences", part,
                precision, on, mb, checked, mean, worst, same, cost);
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
