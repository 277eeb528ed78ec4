package quantlab.capstone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import quantlab.data.CourseData;
import quantlab.inference.EmbeddingStorage;
import quantlab.inference.OnnxChecker;
import quantlab.inference.WeightRecipe;
import quantlab.model.MiniLm;
import quantlab.model.ParaphraseSets;
import quantlab.capstone.RiskyComponents.Component;
import quantlab.capstone.RiskyComponents.Precision;
import quantlab.capstone.RiskyComponents.Row;

/**
 * The quantization workflow as one call: take MiniLM's weights quantized by a method (RTN, GPTQ or AWQ, see
 * {@link QuantizedWeights}), measure the risky components on top of them ({@link RiskyComponents}: embeddings,
 * LayerNorm, softmax), store the embeddings in int8 only where that measurement allows, run chapter 5's check on
 * the result (ONNX checker, ONNX Runtime against fp32 on the evaluation sentences) and ship three files side by
 * side: the model, its {@link Manifest} and a decision memo written from those measurements against a quality bar.
 */
public final class Capstone {

    /** The library version the manifest records; a test checks it against lib/pom.xml. */
    public static final String LIBRARY_VERSION = "0.1.0-SNAPSHOT";

    /**
     * The mean cosine a risky component may cost on top of the weights before it is kept in higher precision: 1e-4,
     * our choice, about a quarter of what int8 per-channel weights themselves cost MiniLM (mean cosine 0.99963 with
     * every risky component in fp32, chapter 14's table).
     */
    public static final double RISK_TOLERANCE = 1e-4;

    /**
     * What was shipped and measured.
     *
     * @param model      the ONNX file
     * @param manifest   its manifest
     * @param memo       the decision memo
     * @param weights    the weights and how they were made
     * @param risky      the risky-component measurement
     * @param embeddings how the shipped file stores its embedding tables (chosen from {@code risky})
     * @param result     the shipped file's own measurement (a row of {@code risky})
     * @param qualityBar the mean cosine to fp32 it had to reach
     * @param ships      the decision
     */
    public record Artifact(Path model, Path manifest, Path memo, QuantizedWeights weights, RiskyComponents risky,
                           EmbeddingStorage embeddings, Row result, double qualityBar, boolean ships) {
    }

    private Capstone() {
    }

    /** Round to nearest with chapter 5's storage {@code recipe}, on the course's evaluation sentences. */
    public static Artifact ship(WeightRecipe recipe, double qualityBar, Path dir) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null, got null");
        }
        checkBar(qualityBar);
        return ship(QuantizedWeights.of(recipe.recipe(), null, null), qualityBar, dir);
    }

    /** {@link #ship(QuantizedWeights, double, Path, Path, Consumer)} on data/sentences.tsv, without progress. */
    public static Artifact ship(QuantizedWeights weights, double qualityBar, Path dir) {
        return ship(weights, qualityBar, dir, CourseData.file(ParaphraseSets.FILE), null);
    }

    /**
     * Ships {@code weights} into {@code dir}. The embedding tables are stored int8 per row when that costs at most
     * {@link #RISK_TOLERANCE} of mean cosine on top of the weights, else fp32; LayerNorm and softmax stay fp32 in
     * the file (their fp16 and bf16 costs are measured and recorded for a target that would run them so). The memo
     * recommends the file when its mean cosine to fp32 reaches {@code qualityBar} and ONNX's checker did not
     * reject it.
     *
     * @param evaluationFile the sentences to judge on, in data/sentences.tsv's format (never the calibration text)
     * @param progress       receives one line per measured variant; may be null
     */
    public static Artifact ship(QuantizedWeights weights, double qualityBar, Path dir, Path evaluationFile,
                                Consumer<String> progress) {
        if (weights == null || dir == null || evaluationFile == null) {
            throw new IllegalArgumentException("weights, dir and evaluationFile must not be null, got " + weights
                    + ", " + dir + " and " + evaluationFile);
        }
        checkBar(qualityBar);
        RiskyComponents risky = RiskyComponents.measure(weights, evaluationFile, dir, progress);
        boolean int8Embeddings = risky.withinTolerance(Component.EMBEDDINGS, Precision.INT8_PER_ROW, RISK_TOLERANCE);
        EmbeddingStorage embeddings = int8Embeddings ? EmbeddingStorage.INT8_PER_ROW : EmbeddingStorage.FP32;
        Row r = int8Embeddings ? risky.row(Component.EMBEDDINGS, Precision.INT8_PER_ROW, true)
                : risky.weightsAlone();
        Path model = dir.resolve(weights.name() + ".onnx");
        try {
            Files.move(dir.resolve(RiskyComponents.candidateFile(weights, embeddings)), model,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve(RiskyComponents.candidateFile(weights, int8Embeddings
                    ? EmbeddingStorage.FP32 : EmbeddingStorage.INT8_PER_ROW)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the shipped model in place at " + model, e);
        }
        boolean rejected = r.checker() == OnnxChecker.Status.FAILED;
        boolean ships = r.agreement().meanCosine() >= qualityBar && !rejected;
        long fp32Bytes = MiniLm.FP32.modelBytes().length;
        WeightRecipe storage = weights.storage();

        Map<String, String> f = new LinkedHashMap<>();
        f.put("file", model.getFileName().toString());
        f.put("sha256", Manifest.sha256(model));
        f.put("bytes", Long.toString(r.bytes()));
        f.put("base_model", "all-MiniLM-L6-v2 (published fp32 ONNX, " + fp32Bytes + " bytes)");
        f.put("recipe", weights.recipe().label() + "; stored as " + storage.label() + ": bits " + storage.bits()
                + ", " + storage.scheme() + ", " + storage.granularity().label() + ", encoding " + storage.encoding());
        f.put("method", methodText(weights));
        f.put("calibration_data", weights.calibrationSource());
        f.put("calibration_sha256", weights.calibrationSha256());
        f.put("embeddings", embeddings.label() + " (int8 per row costs " + cost(risky, Component.EMBEDDINGS,
                Precision.INT8_PER_ROW) + " of mean cosine on top of the weights; tolerance " + RISK_TOLERANCE + ")");
        f.put("kept_in_fp32", "LayerNorm, softmax, biases and activations"
                + (int8Embeddings ? "" : ", embedding tables"));
        for (Component c : new Component[] {Component.EMBEDDINGS, Component.LAYER_NORM, Component.SOFTMAX}) {
            for (Precision p : c == Component.EMBEDDINGS
                    ? new Precision[] {Precision.INT8_PER_ROW, Precision.INT4_PER_ROW}
                    : new Precision[] {Precision.FP16, Precision.BF16}) {
                Row on = risky.row(c, p, true);
                Row alone = risky.row(c, p, false);
                f.put("risk_" + c.name().toLowerCase(Locale.ROOT) + "_" + p.name().toLowerCase(Locale.ROOT)
                                .replace("_per_row", ""),
                        String.format(Locale.ROOT, "cost %.2e on the weights (mean cosine %.6f), %.2e alone on fp32",
                                on.cost(), on.agreement().meanCosine(), alone.cost()));
            }
        }
        f.put("risk_tolerance_mean_cosine", Double.toString(RISK_TOLERANCE));
        f.put("evaluation_data", evaluationFile.getFileName() + " (" + risky.sentences() + " sentences)");
        f.put("evaluation_sha256", Manifest.sha256(evaluationFile));
        f.put("library", "quantlab-lib " + LIBRARY_VERSION);
        f.put("runtime", "ONNX Runtime on " + risky.provider() + ", float32 activations");
        f.put("onnx_checker", r.checker().toString());
        f.put("mean_cosine_to_fp32", "%.6f".formatted(r.agreement().meanCosine()));
        f.put("worst_cosine_to_fp32", "%.6f".formatted(r.agreement().worstCosine()));
        f.put("same_nearest_neighbour", "%.4f".formatted(r.agreement().neighbourAgreement()));
        f.put("paraphrase_hits", "%.4f".formatted(r.paraphraseHits()));
        f.put("size_ratio_to_fp32", "%.4f".formatted((double) r.bytes() / fp32Bytes));
        f.put("quality_bar_mean_cosine", Double.toString(qualityBar));
        f.put("decision", ships ? "ship" : "do not ship");
        Manifest manifest = new Manifest(f);
        Path manifestFile = dir.resolve(weights.name() + ".manifest.txt");
        Path memoFile = dir.resolve(weights.name() + ".memo.md");
        try {
            Files.writeString(manifestFile, manifest.text(), StandardCharsets.UTF_8);
            Files.writeString(memoFile, memo(weights, risky, embeddings, r, fp32Bytes, qualityBar, ships, rejected),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest or memo into " + dir, e);
        }
        return new Artifact(model, manifestFile, memoFile, weights, risky, embeddings, r, qualityBar, ships);
    }

    private static void checkBar(double qualityBar) {
        if (!(qualityBar > 0 && qualityBar <= 1)) {
            throw new IllegalArgumentException("qualityBar must be a cosine in (0, 1], got " + qualityBar);
        }
    }

    private static String methodText(QuantizedWeights w) {
        return switch (w.recipe().method()) {
            case RTN -> "RTN (round to nearest)";
            case GPTQ -> String.format(Locale.ROOT, "GPTQ (chapter 6, SequentialGptq, block by block, dampening %.2f "
                    + "as chapter 6's survey chose), %.1f s", quantlab.gptq.GptqFormats.modelWideDampening(), w.seconds());
            case AWQ -> String.format(Locale.ROOT, "AWQ (chapter 7, scales searched at every site on %d tokens "
                    + "each, then round to nearest), %.1f s", QuantizedWeights.AWQ_SEARCH_TOKENS, w.seconds());
            default -> w.recipe().method().label();
        };
    }

    private static String cost(RiskyComponents risky, Component c, Precision p) {
        return String.format(Locale.ROOT, "%.1e", risky.row(c, p, true).cost());
    }

    private static String verdict(RiskyComponents risky, Component c, Precision p) {
        return risky.withinTolerance(c, p, RISK_TOLERANCE) ? "within" : "over";
    }

    /** "both within tolerance", "both over tolerance" or "fp16 within, bf16 over tolerance". */
    private static String verdicts(RiskyComponents risky, Component c) {
        String a = verdict(risky, c, Precision.FP16);
        String b = verdict(risky, c, Precision.BF16);
        return a.equals(b) ? "both " + a + " tolerance" : "fp16 " + a + ", bf16 " + b + " tolerance";
    }

    /** The decision memo, every figure in it taken from the measurement. */
    static String memo(QuantizedWeights w, RiskyComponents risky, EmbeddingStorage embeddings, Row r, long fp32Bytes,
                       double bar, boolean ships, boolean rejected) {
        double mean = r.agreement().meanCosine();
        Row alone = risky.weightsAlone();
        return """
                # Decision memo: %s for all-MiniLM-L6-v2

                **Decision: %s.** %s

                * Target: CPU inference with ONNX Runtime (%s here); format ONNX, weights %s.
                * Size: %,d bytes against %,d for fp32 (%.1f %%).
                * Quality on the %d evaluation sentences: mean cosine to fp32 %.4f (bar %.4f), worst sentence %.4f,
                  same nearest neighbour %.1f %%, paraphrase hits %.1f %%. ONNX checker: %s.
                * Method: %s. Calibration: %s.
                * Risky components, measured one at a time on top of these weights (cost = mean cosine lost against
                  the weights alone, %.6f; tolerance %s):
                  - embedding tables int8 per row: %s (%s tolerance), so they are stored %s; int4 per row would
                    cost %s;
                  - LayerNorm inputs and outputs in fp16: %s, in bf16: %s (%s);
                  - softmax inputs and outputs in fp16: %s, in bf16: %s (%s).
                  LayerNorm and softmax stay fp32 in this file (ONNX Runtime's CPU kernels compute them in fp32);
                  the fp16 and bf16 figures are for a target that would run them so, simulated by rounding their
                  inputs and outputs.
                * Not measured here: latency under load, a GPU or CUDA run, and any task beyond sentence similarity.
                  Re-run this check on the product's own evaluation set before the rollout.
                """.formatted(w.recipe().label(), ships ? "ship" : "do not ship",
                ships ? "It meets the quality bar at a fraction of the size."
                        : rejected ? "ONNX's checker rejected the file."
                        : "Its mean cosine is below the bar; try a wider format, smaller groups, or another method.",
                risky.provider(), w.storage().label(), r.bytes(), fp32Bytes, 100.0 * r.bytes() / fp32Bytes,
                r.agreement().sentences(), mean, bar, r.agreement().worstCosine(),
                100 * r.agreement().neighbourAgreement(), 100 * r.paraphraseHits(), r.checker(),
                methodText(w), w.calibrationSource(),
                alone.agreement().meanCosine(), RISK_TOLERANCE,
                cost(risky, Component.EMBEDDINGS, Precision.INT8_PER_ROW),
                verdict(risky, Component.EMBEDDINGS, Precision.INT8_PER_ROW), embeddings.label(),
                cost(risky, Component.EMBEDDINGS, Precision.INT4_PER_ROW),
                cost(risky, Component.LAYER_NORM, Precision.FP16), cost(risky, Component.LAYER_NORM, Precision.BF16),
                verdicts(risky, Component.LAYER_NORM),
                cost(risky, Component.SOFTMAX, Precision.FP16), cost(risky, Component.SOFTMAX, Precision.BF16),
                verdicts(risky, Component.SOFTMAX));
    }
}
