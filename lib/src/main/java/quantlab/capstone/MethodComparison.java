package quantlab.capstone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import quantlab.calibration.CalibrationSet;
import quantlab.data.CourseData;
import quantlab.display.Displayable;
import quantlab.display.TableHtml;
import quantlab.inference.InferenceCheck;
import quantlab.inference.ModelVariant;
import quantlab.inference.OnnxChecker;
import quantlab.inference.VariantResult;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.Recipe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Step 5 of the capstone, the method: the same formats with codes chosen by round to nearest, GPTQ and AWQ
 * ({@link QuantizedWeights}), every file judged by chapter 5's check ({@link InferenceCheck}: onnx.checker, ONNX
 * Runtime against fp32 on the evaluation sentences), the embedding tables int8 per row in all of them. GPTQ over
 * MiniLM takes tens of seconds on two cores, so the course keeps the comparison in {@code data/}{@value #FILE},
 * written by {@code bin/capstone-methods} ({@link #main}); the notebook reads it, and a test re-runs the RTN rows
 * (which need no calibration) and checks that they match the file to the digit.
 *
 * @param calibration       where the calibration text came from, with its token count
 * @param calibrationSha256 its SHA-256 ({@link QuantizedWeights#sha256})
 * @param sentences         how many evaluation sentences each variant embedded
 * @param rows              one per recipe
 */
public record MethodComparison(String calibration, String calibrationSha256, int sentences, List<Row> rows)
        implements Displayable {

    /** The checked-in result under {@code data/}. */
    public static final String FILE = "capstone-methods.tsv";

    /** Moby-Dick paragraphs GPTQ and AWQ calibrate on (chapter 6's 24). */
    public static final int CALIBRATION_PARAGRAPHS = 24;

    private static final String HEADER = String.join("\t", "bits", "scheme", "granularity", "method", "label",
            "bytes", "onnx_checker", "mean_cosine", "worst_cosine", "same_nearest_neighbour", "paraphrase_hits",
            "method_seconds");

    /**
     * One recipe's measurement.
     *
     * @param recipe        format and method
     * @param bytes         the file's size
     * @param checker       what onnx.checker said
     * @param meanCosine    mean cosine to fp32 on the evaluation sentences
     * @param worstCosine   the lowest
     * @param sameNeighbour fraction of sentences with the same nearest neighbour as under fp32
     * @param paraphraseHits fraction whose nearest other sentence is a paraphrase
     * @param methodSeconds wall time of the method (0 for RTN; it is machine-dependent)
     */
    public record Row(Recipe recipe, long bytes, OnnxChecker.Status checker, double meanCosine, double worstCosine,
                      double sameNeighbour, double paraphraseHits, double methodSeconds) {
    }

    public MethodComparison {
        rows = List.copyOf(rows);
    }

    /** The capstone's candidates: int8 per channel RTN, and int4 g128 symmetric by RTN, GPTQ and AWQ. */
    public static List<Recipe> recipes() {
        Recipe int4 = Recipe.rtn(4, QuantScheme.SYMMETRIC, Granularity.perGroup(128));
        return List.of(Recipe.rtn(8, QuantScheme.SYMMETRIC, Granularity.perRow()), int4,
                int4.with(Recipe.Method.GPTQ), int4.with(Recipe.Method.AWQ));
    }

    /** The calibration text of the comparison: {@value #CALIBRATION_PARAGRAPHS} Moby-Dick paragraphs. */
    public static CalibrationSet calibration(MiniLmTokenizer tokenizer) {
        return CalibrationSet.mobyDick(CALIBRATION_PARAGRAPHS, tokenizer);
    }

    /**
     * Quantizes MiniLM with each recipe (GPTQ and AWQ on {@code calibration}) and runs chapter 5's check on all of
     * them at once, fp32 first as the reference; files go to {@code dir}.
     *
     * @param progress receives a line per step; may be null
     */
    public static MethodComparison run(List<Recipe> recipes, CalibrationSet calibration, Path dir,
                                       Consumer<String> progress) {
        if (recipes == null || recipes.isEmpty() || calibration == null || dir == null) {
            throw new IllegalArgumentException("recipes (at least one), calibration and dir must be given, got "
                    + recipes + ", " + calibration + " and " + dir);
        }
        List<ModelVariant> variants = new ArrayList<>();
        variants.add(ModelVariant.published(MiniLm.FP32));
        List<Double> seconds = new ArrayList<>();
        for (Recipe r : recipes) {
            QuantizedWeights w = QuantizedWeights.of(r, r.method() == Recipe.Method.RTN ? null : calibration,
                    null);
            if (progress != null) {
                progress.accept(String.format(Locale.ROOT, "%-26s quantized in %.1f s", r.label(), w.seconds()));
            }
            variants.add(new ModelVariant(w.name(), r.label(),
                    w.write(quantlab.inference.EmbeddingStorage.INT8_PER_ROW).toBytes()));
            seconds.add(w.seconds());
        }
        ParaphraseSets sentences = ParaphraseSets.load();
        List<VariantResult> results = InferenceCheck.run(variants, sentences, dir, QdqCompute.FLOAT32_ACTIVATIONS, 0);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < recipes.size(); i++) {
            VariantResult v = results.get(i + 1);
            rows.add(new Row(recipes.get(i), v.bytes(), v.check().status(), v.agreement().meanCosine(),
                    v.agreement().worstCosine(), v.agreement().neighbourAgreement(), v.paraphraseHits(),
                    seconds.get(i)));
        }
        return new MethodComparison(calibration.source() + ", " + calibration.tokenCount() + " tokens",
                QuantizedWeights.sha256(calibration.texts()), sentences.size(), rows);
    }

    /** The row of a recipe. */
    public Row row(Recipe recipe) {
        return rows.stream().filter(r -> r.recipe().equals(recipe)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("recipe must be one of " + rows.stream().map(r -> r.recipe().label())
                        .toList() + ", got " + recipe));
    }

    /** The file's text: comment lines, a header, one tab-separated row per recipe. */
    public String tsv() {
        StringBuilder b = new StringBuilder();
        b.append("# The capstone's method comparison (chapter 14), written by bin/capstone-methods; do not edit.\n");
        b.append("# calibration: ").append(calibration).append('\n');
        b.append("# calibration_sha256: ").append(calibrationSha256).append('\n');
        b.append("# evaluation: data/").append(ParaphraseSets.FILE).append(", ").append(sentences)
                .append(" sentences; embedding tables int8 per row in every file\n");
        b.append(HEADER).append('\n');
        for (Row r : rows) {
            Granularity g = r.recipe().granularity();
            String gran = switch (g.kind()) {
                case PER_TENSOR -> "per_tensor";
                case PER_CHANNEL -> "per_row";
                case PER_GROUP -> "group_" + g.groupSize();
            };
            b.append(String.join("\t", Integer.toString(r.recipe().bits()), r.recipe().scheme().name(), gran,
                    r.recipe().method().name(), r.recipe().label(), Long.toString(r.bytes()), r.checker().name(),
                    "%.6f".formatted(r.meanCosine()), "%.6f".formatted(r.worstCosine()),
                    "%.4f".formatted(r.sameNeighbour()), "%.4f".formatted(r.paraphraseHits()),
                    "%.1f".formatted(r.methodSeconds()))).append('\n');
        }
        return b.toString();
    }

    /** Reads a file written by {@link #tsv()}. */
    public static MethodComparison parse(String text) {
        String calibration = null;
        String sha = null;
        int sentences = -1;
        boolean header = false;
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("# calibration: ")) {
                calibration = line.substring("# calibration: ".length());
            } else if (line.startsWith("# calibration_sha256: ")) {
                sha = line.substring("# calibration_sha256: ".length());
            } else if (line.startsWith("# evaluation: ")) {
                String rest = line.substring(line.indexOf(", ") + 2);
                sentences = Integer.parseInt(rest.substring(0, rest.indexOf(' ')));
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (!header) {
                if (!line.equals(HEADER)) {
                    throw new IllegalArgumentException("line " + (i + 1) + " must be the header '" + HEADER
                            + "', got '" + line + "'");
                }
                header = true;
            } else {
                String[] c = line.split("\t", -1);
                if (c.length != 12) {
                    throw new IllegalArgumentException("line " + (i + 1) + " must have 12 tab-separated fields, got "
                            + c.length + ": '" + line + "'");
                }
                Granularity g = c[2].equals("per_tensor") ? Granularity.perTensor() : c[2].equals("per_row")
                        ? Granularity.perRow() : Granularity.perGroup(Integer.parseInt(c[2].substring(6)));
                Recipe r = new Recipe(Integer.parseInt(c[0]), QuantScheme.valueOf(c[1]), g,
                        Recipe.Method.valueOf(c[3]));
                if (!r.label().equals(c[4])) {
                    throw new IllegalArgumentException("line " + (i + 1) + " labels its recipe '" + c[4]
                            + "' but its fields make '" + r.label() + "'");
                }
                rows.add(new Row(r, Long.parseLong(c[5]), OnnxChecker.Status.valueOf(c[6]),
                        Double.parseDouble(c[7]), Double.parseDouble(c[8]), Double.parseDouble(c[9]),
                        Double.parseDouble(c[10]), Double.parseDouble(c[11])));
            }
        }
        if (calibration == null || sha == null || sentences < 0 || rows.isEmpty()) {
            throw new IllegalArgumentException("a method comparison needs its '# calibration', "
                    + "'# calibration_sha256' and '# evaluation' lines and at least one row");
        }
        return new MethodComparison(calibration, sha, sentences, rows);
    }

    /** The checked-in comparison, {@code data/}{@value #FILE}. */
    public static MethodComparison load() {
        Path file = CourseData.file(FILE);
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; write it with bin/capstone-methods", e);
        }
    }

    /** One row per recipe: method, size, checker, agreement with fp32 and the method's time. */
    public Table table() {
        StringColumn recipe = StringColumn.create("recipe");
        DoubleColumn mb = DoubleColumn.create("size (MB)");
        StringColumn checked = StringColumn.create("onnx.checker");
        DoubleColumn mean = DoubleColumn.create("mean cosine");
        DoubleColumn worst = DoubleColumn.create("worst cosine");
        DoubleColumn same = DoubleColumn.create("same nearest neighbour %");
        DoubleColumn hits = DoubleColumn.create("paraphrase hits %");
        DoubleColumn secs = DoubleColumn.create("method s");
        for (Row r : rows) {
            recipe.append(r.recipe().label());
            mb.append(r.bytes() / 1e6);
            checked.append(r.checker().name().toLowerCase(Locale.ROOT));
            mean.append(r.meanCosine());
            worst.append(r.worstCosine());
            same.append(100 * r.sameNeighbour());
            hits.append(100 * r.paraphraseHits());
            secs.append(r.methodSeconds());
        }
        mb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        mean.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        worst.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        same.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        hits.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        secs.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("Methods against fp32 on " + sentences + " sentences (calibration: " + calibration + ")",
                recipe, mb, checked, mean, worst, same, hits, secs);
    }

    @Override
    public String toString() {
        return table().printAll();
    }

    @Override
    public String toHtml() {
        return TableHtml.of(table());
    }

    /**
     * Writes {@code data/}{@value #FILE}: all four recipes, calibration as {@link #calibration}, model files under
     * build/models/capstone-methods. Prints progress.
     */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        MethodComparison m;
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            m = run(recipes(), calibration(tokenizer), InferenceCheck.defaultDirectory().resolve("capstone-methods"),
                    System.out::println);
        }
        Path file = CourseData.directory().resolve(FILE);
        try {
            Files.writeString(file, m.tsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.print(m);
        System.out.printf(Locale.ROOT, "%nwrote %s in %.0f s%n", file, (System.nanoTime() - t0) / 1e9);
    }
}
