package quantlab.capstone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import quantlab.data.CourseData;
import quantlab.inference.InferenceCheck;
import quantlab.inference.ModelVariant;
import quantlab.inference.VariantResult;
import quantlab.inference.WeightRecipe;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;

/**
 * The quantization workflow as one call: quantize all-MiniLM-L6-v2 with a recipe, write the ONNX file, run ONNX's
 * checker on it, run it in ONNX Runtime against fp32 on the evaluation sentences, and ship three files side by side:
 * the model, its {@link Manifest} and a decision memo written from those measurements against a quality bar.
 */
public final class Capstone {

    /** The library version the manifest records; a test checks it against lib/pom.xml. */
    public static final String LIBRARY_VERSION = "0.1.0-SNAPSHOT";

    /** What was shipped and measured. */
    public record Artifact(Path model, Path manifest, Path memo, VariantResult fp32, VariantResult result,
            double qualityBar, boolean ships) {
    }

    private Capstone() {
    }

    /**
     * Ships MiniLM quantized with {@code recipe} (round to nearest; no calibration data) into {@code dir}; the memo
     * recommends it when the mean cosine to fp32 reaches {@code qualityBar} and ONNX's checker did not reject it.
     */
    public static Artifact ship(WeightRecipe recipe, double qualityBar, Path dir) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null, got null");
        }
        if (!(qualityBar > 0 && qualityBar <= 1)) {
            throw new IllegalArgumentException("qualityBar must be a cosine in (0, 1], got " + qualityBar);
        }
        OnnxModel fp32 = MiniLm.FP32.model();
        ModelVariant candidate = ModelVariant.quantized(fp32, recipe);
        ParaphraseSets sentences = ParaphraseSets.load();
        List<VariantResult> results = InferenceCheck.run(List.of(ModelVariant.published(MiniLm.FP32), candidate),
                sentences, dir, QdqCompute.FLOAT32_ACTIVATIONS, 1);
        VariantResult ref = results.get(0);
        VariantResult r = results.get(1);
        Path model = dir.resolve(candidate.name() + ".onnx");
        boolean checkerRejected = r.check().status() == quantlab.inference.OnnxChecker.Status.FAILED;
        boolean ships = r.agreement().meanCosine() >= qualityBar && !checkerRejected;

        Map<String, String> f = new LinkedHashMap<>();
        f.put("file", model.getFileName().toString());
        f.put("sha256", Manifest.sha256(model));
        f.put("bytes", Long.toString(r.bytes()));
        f.put("base_model", "all-MiniLM-L6-v2 (published fp32 ONNX, " + ref.bytes() + " bytes)");
        f.put("recipe", recipe.label() + "; bits " + recipe.bits() + ", " + recipe.scheme() + ", "
                + recipe.granularity().label() + ", encoding " + recipe.encoding());
        f.put("method", "RTN (round to nearest)");
        f.put("kept_in_fp32", "LayerNorm, softmax, biases and activations; token embeddings are int8 per row");
        f.put("calibration_data", "none: round to nearest reads no activations");
        f.put("calibration_sha256", "none");
        f.put("evaluation_data", "data/" + ParaphraseSets.FILE + " (" + sentences.size() + " sentences)");
        f.put("evaluation_sha256", Manifest.sha256(CourseData.file(ParaphraseSets.FILE)));
        f.put("library", "quantlab-lib " + LIBRARY_VERSION);
        f.put("runtime", "ONNX Runtime on " + r.provider() + ", " + r.compute());
        f.put("onnx_checker", r.check().status().toString());
        f.put("mean_cosine_to_fp32", "%.6f".formatted(r.agreement().meanCosine()));
        f.put("worst_cosine_to_fp32", "%.6f".formatted(r.agreement().worstCosine()));
        f.put("paraphrase_hits", "%.4f".formatted(r.paraphraseHits()));
        f.put("size_ratio_to_fp32", "%.4f".formatted((double) r.bytes() / ref.bytes()));
        f.put("quality_bar_mean_cosine", Double.toString(qualityBar));
        f.put("decision", ships ? "ship" : "do not ship");
        Manifest manifest = new Manifest(f);
        Path manifestFile = dir.resolve(candidate.name() + ".manifest.txt");
        Path memoFile = dir.resolve(candidate.name() + ".memo.md");
        try {
            Files.writeString(manifestFile, manifest.text(), StandardCharsets.UTF_8);
            Files.writeString(memoFile, memo(recipe, ref, r, qualityBar, ships, checkerRejected),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest or memo into " + dir, e);
        }
        return new Artifact(model, manifestFile, memoFile, ref, r, qualityBar, ships);
    }

    /** The decision memo, every figure in it taken from the measurement. */
    static String memo(WeightRecipe recipe, VariantResult ref, VariantResult r, double bar, boolean ships,
            boolean rejected) {
        double mean = r.agreement().meanCosine();
        return """
                # Decision memo: %s for all-MiniLM-L6-v2

                **Decision: %s.** %s

                * Target: CPU inference with ONNX Runtime (%s here); format ONNX, weights %s.
                * Size: %,d bytes against %,d for fp32 (%.1f %%).
                * Quality on the %d evaluation sentences: mean cosine to fp32 %.4f (bar %.4f), worst sentence %.4f,
                  paraphrase hits %.1f %%. ONNX checker: %s.
                * Method: round to nearest, no calibration data. LayerNorm, softmax and activations stay in fp32;
                  the token embeddings are int8 per row.
                * Not measured here: latency under load, a GPU or CUDA run, and any task beyond sentence similarity.
                  Re-run this check on the product's own evaluation set before the rollout.
                """.formatted(recipe.label(), ships ? "ship" : "do not ship",
                ships ? "It meets the quality bar at a fraction of the size."
                        : rejected ? "ONNX's checker rejected the file."
                        : "Its mean cosine is below the bar; try per-channel or grouped scales, or GPTQ/AWQ.",
                r.provider(), recipe.label(), r.bytes(), ref.bytes(), 100.0 * r.bytes() / ref.bytes(),
                r.agreement().sentences(), mean, bar, r.agreement().worstCosine(), 100 * r.paraphraseHits(),
                r.check().status());
    }
}
