package quantlab.gptq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import quantlab.calibration.CalibrationSet;
import quantlab.data.CourseData;
import quantlab.inference.InferenceCheck;
import quantlab.inference.ModelVariant;
import quantlab.inference.VariantResult;
import quantlab.inference.WeightRecipe;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.Recipe;
import quantlab.transformer.MiniLmEncoder;

/**
 * Chapter 6's full run, too long for the notebook's time budget, checked in under data/: the dampening survey on
 * all 36 matrices ({@link DampeningSearch#survey}, int4 g128 symmetric, written to {@value #DAMPENING_FILE}), and
 * sequential GPTQ at the survey's model-wide dampening in the chapter's four formats, each written as an ONNX file
 * and run by ONNX Runtime on the evaluation sentences ({@value #FORMATS_FILE}). The notebook runs int4 g128
 * symmetric live and reads the other formats' rows from the file. The same command also writes the run the chapter
 * shows once and never reports: int4 g128 symmetric GPTQ calibrated on the evaluation sentences themselves
 * ({@value #ON_TEST_FILE}); {@code --on-test} re-runs only that one, at the checked-in survey's dampening.
 *
 * <p>Command, from the repository root after a build:
 * {@code java -cp lib/target/classes:$(cat lib/target/runtime-classpath.txt) quantlab.gptq.GptqFormats}
 * (see data/README).
 */
public final class GptqFormats {

    /** The survey's file under data/: one row per matrix with the chosen dampening and each grid value's score. */
    public static final String DAMPENING_FILE = "ch06-gptq-dampening.csv";
    /** The formats' file under data/: one row per format, GPTQ's file size and agreement with fp32. */
    public static final String FORMATS_FILE = "ch06-gptq-formats.csv";
    /** The on-purpose wrong run's file under data/: GPTQ int4 g128 symmetric calibrated on the evaluation sentences. */
    public static final String ON_TEST_FILE = "ch06-gptq-on-test.csv";
    /** Moby-Dick paragraphs of the calibration, as in the chapter. */
    public static final int CALIBRATION_PARAGRAPHS = 24;

    private GptqFormats() {
    }

    /** The chapter's four formats, int4 g128 symmetric first. */
    public static List<Recipe> formats() {
        return List.of(Recipe.rtn(4, QuantScheme.SYMMETRIC, Granularity.perGroup(128)),
                Recipe.rtn(4, QuantScheme.ASYMMETRIC, Granularity.perGroup(128)),
                Recipe.rtn(4, QuantScheme.SYMMETRIC, Granularity.perRow()),
                Recipe.rtn(3, QuantScheme.SYMMETRIC, Granularity.perGroup(128)));
    }

    /**
     * One checked-in matrix of the survey.
     *
     * @param matrix    the matrix label, e.g. "L5 attn out"
     * @param dampening the λ its two-fold cross-validation chose
     */
    public record SurveyRow(String matrix, double dampening) {
    }

    /**
     * One checked-in format.
     *
     * @param format             the recipe label, e.g. "int4 g128 asymmetric"
     * @param dampening          the λ GPTQ ran with on every matrix
     * @param bytes              the ONNX file's size
     * @param meanCosine         mean cosine to fp32 on the evaluation sentences
     * @param worstCosine        worst cosine
     * @param neighbourAgreement share of sentences whose nearest neighbour is the fp32 model's
     */
    public record FormatRow(String format, double dampening, long bytes, double meanCosine, double worstCosine,
                            double neighbourAgreement) {
    }

    /** The checked-in survey, in the model's matrix order. */
    public static List<SurveyRow> survey() {
        List<SurveyRow> rows = new ArrayList<>();
        for (String[] f : read(DAMPENING_FILE)) {
            rows.add(new SurveyRow(f[0], Double.parseDouble(f[1])));
        }
        return rows;
    }

    /**
     * The model-wide dampening the checked-in survey chose: the value most matrices chose (the smaller on a tie),
     * which chapter 6 and the capstone run GPTQ with instead of the paper's 1 %.
     */
    public static double modelWideDampening() {
        java.util.TreeMap<Double, Integer> counts = new java.util.TreeMap<>();
        for (SurveyRow r : survey()) {
            counts.merge(r.dampening(), 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException(DAMPENING_FILE + " has no rows (regenerate it with quantlab.gptq.GptqFormats)");
        }
        double best = counts.firstKey();
        for (var e : counts.entrySet()) {
            if (e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** The checked-in formats, in {@link #formats()} order. */
    public static List<FormatRow> checkedIn() {
        List<FormatRow> rows = new ArrayList<>();
        for (String[] f : read(FORMATS_FILE)) {
            rows.add(row(f));
        }
        return rows;
    }

    /**
     * The checked-in run calibrated on the evaluation sentences (int4 g128 symmetric, the model-wide dampening): the
     * figure chapter 6 shows once as the one a report must not contain.
     */
    public static FormatRow onTest() {
        List<String[]> rows = read(ON_TEST_FILE);
        if (rows.size() != 1) {
            throw new IllegalStateException(ON_TEST_FILE + " must hold one row, has " + rows.size()
                    + " (regenerate it with quantlab.gptq.GptqFormats --on-test)");
        }
        return row(rows.get(0));
    }

    private static FormatRow row(String[] f) {
        return new FormatRow(f[0], Double.parseDouble(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]));
    }

    /** The checked-in row of one format. */
    public static FormatRow checkedIn(Recipe format) {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        return checkedIn().stream().filter(r -> r.format().equals(format.label())).findFirst().orElseThrow(
                () -> new IllegalArgumentException("format must be one of " + FORMATS_FILE + "'s, got "
                        + format.label()));
    }

    private static List<String[]> read(String name) {
        Path file = CourseData.directory().resolve(name);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    out.add(line.split(","));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (regenerate it with quantlab.gptq.GptqFormats)",
                    e);
        }
    }

    /**
     * Runs the survey and the four formats and writes both files under data/, then the run calibrated on the
     * evaluation sentences; with {@code --on-test}, only that last run, at the checked-in survey's dampening.
     */
    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        boolean onTestOnly = List.of(args).contains("--on-test");
        MiniLmEncoder fp32 = MiniLmEncoder.load();
        List<Recipe> formats = formats();
        OnnxModel model = OnnxModel.load(MiniLm.FP32);
        double lambda;
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            if (onTestOnly) {
                lambda = modelWideDampening();
            } else {
                CalibrationSet calibration = CalibrationSet.mobyDick(CALIBRATION_PARAGRAPHS, tokenizer);
                lambda = surveyAndFormats(fp32, model, calibration, formats, start);
            }
            CalibrationSet onTest = CalibrationSet.of("the 208 evaluation sentences", ParaphraseSets.load().texts(),
                    tokenizer);
            Recipe g128 = formats.get(0);
            SequentialGptq.Run run = SequentialGptq.run(fp32, onTest.tokens(),
                    Gptq.Options.of(g128.quantizer()).withDampening(lambda), null);
            System.out.printf(Locale.ROOT, "GPTQ %s calibrated on %s (%d tokens): %.0f s%n", g128.label(),
                    onTest.source(), onTest.tokenCount(), run.seconds());
            List<ModelVariant> variants = List.of(ModelVariant.published(MiniLm.FP32),
                    ModelVariant.quantized(model, WeightRecipe.of(g128), Recipe.Method.GPTQ, run.byInitializer(model)));
            List<VariantResult> check = InferenceCheck.run(variants, ParaphraseSets.load(),
                    InferenceCheck.defaultDirectory(), QdqCompute.FLOAT32_ACTIVATIONS, 0);
            Files.writeString(CourseData.directory().resolve(ON_TEST_FILE), HEADER
                    + line(g128, lambda, check.get(1)), StandardCharsets.UTF_8);
        }
        System.out.printf(Locale.ROOT, "wrote %s in %.0f s%n", onTestOnly ? ON_TEST_FILE
                : DAMPENING_FILE + ", " + FORMATS_FILE + " and " + ON_TEST_FILE, (System.nanoTime() - start) / 1e9);
    }

    private static final String HEADER = "format,dampening,bytes,mean cosine,worst cosine,same nearest neighbour\n";

    private static String line(Recipe format, double lambda, VariantResult v) {
        return String.format(Locale.ROOT, "%s,%.2f,%d,%.6f,%.6f,%.6f%n", format.label(), lambda, v.bytes(),
                v.agreement().meanCosine(), v.agreement().worstCosine(), v.agreement().neighbourAgreement());
    }

    private static double surveyAndFormats(MiniLmEncoder fp32, OnnxModel model, CalibrationSet calibration,
                                           List<Recipe> formats, long start) throws IOException {
        Gptq.Options base = Gptq.Options.of(formats.get(0).quantizer());
        List<DampeningSearch.MatrixChoice> survey = DampeningSearch.DEFAULT.survey(fp32, calibration.tokens(),
                base, MiniLmMatrix.all());
        double lambda = DampeningSearch.DEFAULT.mostChosen(survey);
        StringBuilder d = new StringBuilder("matrix,chosen dampening");
        for (double g : DampeningSearch.DEFAULT.grid()) {
            d.append(String.format(Locale.ROOT, ",score at %.2f", g));
        }
        d.append('\n');
        for (DampeningSearch.MatrixChoice c : survey) {
            d.append(c.matrix().label()).append(String.format(Locale.ROOT, ",%.2f", c.choice().dampening()));
            for (double s : c.choice().scores()) {
                d.append(String.format(Locale.ROOT, ",%.6g", s));
            }
            d.append('\n');
        }
        Files.writeString(CourseData.directory().resolve(DAMPENING_FILE), d.toString(), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "survey done in %.0f s, model-wide dampening %.2f%n",
                (System.nanoTime() - start) / 1e9, lambda);

        List<ModelVariant> variants = new ArrayList<>();
        variants.add(ModelVariant.published(MiniLm.FP32));
        for (Recipe r : formats) {
            SequentialGptq.Run run = SequentialGptq.run(fp32, calibration.tokens(),
                    Gptq.Options.of(r.quantizer()).withDampening(lambda), null);
            variants.add(ModelVariant.quantized(model, WeightRecipe.of(r), Recipe.Method.GPTQ,
                    run.byInitializer(model)));
            System.out.printf(Locale.ROOT, "GPTQ %s: %.0f s%n", r.label(), run.seconds());
        }
        List<VariantResult> check = InferenceCheck.run(variants, ParaphraseSets.load(),
                InferenceCheck.defaultDirectory(), QdqCompute.FLOAT32_ACTIVATIONS, 0);
        StringBuilder f = new StringBuilder(HEADER);
        for (int i = 0; i < formats.size(); i++) {
            f.append(line(formats.get(i), lambda, check.get(i + 1)));
        }
        Files.writeString(CourseData.directory().resolve(FORMATS_FILE), f.toString(), StandardCharsets.UTF_8);
        return lambda;
    }
}
