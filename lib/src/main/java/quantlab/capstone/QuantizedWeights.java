package quantlab.capstone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import quantlab.awq.AwqModelWriter;
import quantlab.awq.AwqVariants;
import quantlab.awq.ScaleSite;
import quantlab.awq.SiteScale;
import quantlab.calibration.CalibrationSet;
import quantlab.gptq.Gptq;
import quantlab.gptq.GptqFormats;
import quantlab.gptq.SequentialGptq;
import quantlab.inference.EmbeddingStorage;
import quantlab.inference.ModelVariant;
import quantlab.inference.QuantizedModelWriter;
import quantlab.inference.WeightRecipe;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Recipe;
import quantlab.transformer.MiniLmEncoder;

/**
 * The capstone's MatMul weights after the method step: MiniLM's weights in a recipe's format with codes chosen by
 * round to nearest, GPTQ (chapter 6, {@link SequentialGptq}) or AWQ (chapter 7, {@link AwqVariants}), ready to be
 * written with any {@link EmbeddingStorage}. GPTQ and AWQ calibrate on a {@link CalibrationSet} (Moby-Dick, never
 * the evaluation sentences); RTN reads none.
 *
 * @param recipe      format and method, e.g. GPTQ int4 g128 symmetric
 * @param storage     how the file stores the codes (chapter 5's {@link WeightRecipe})
 * @param base        the fp32 graph the codes belong to: MiniLM itself, or with AWQ's scales put in
 * @param codes       GPTQ's codes by MatMul initializer; empty for RTN and AWQ, which the writer rounds
 * @param calibration the calibration text, or null for RTN
 * @param seconds     wall time of the method (recording activations and searching or solving included)
 */
public record QuantizedWeights(Recipe recipe, WeightRecipe storage, OnnxModel base, Map<String, QuantizedTensor> codes,
                               CalibrationSet calibration, double seconds) {

    /** Calibration tokens AWQ's search measures each site's output error on (chapter 7's setting). */
    public static final int AWQ_SEARCH_TOKENS = 128;

    public QuantizedWeights {
        if (recipe == null || storage == null || base == null || codes == null) {
            throw new IllegalArgumentException("recipe, storage, base and codes must not be null, got " + recipe
                    + ", " + storage + ", " + base + " and " + codes);
        }
        if ((recipe.method() == Recipe.Method.RTN) != (calibration == null)) {
            throw new IllegalArgumentException("calibration must be given for " + recipe.method().label()
                    + " and only then (RTN reads none), got " + calibration + " for " + recipe.label());
        }
        codes = Map.copyOf(codes);
    }

    /**
     * MiniLM's weights quantized by {@code recipe}: RTN needs no calibration (pass null), GPTQ and AWQ need one.
     *
     * @param progress receives a line per step (GPTQ: per matrix); may be null
     * @throws IllegalArgumentException for AWQ+GPTQ (not wired into the capstone), or a calibration given to RTN or
     *                                  missing for GPTQ or AWQ
     */
    public static QuantizedWeights of(Recipe recipe, CalibrationSet calibration, Consumer<String> progress) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null, got null");
        }
        if ((recipe.method() == Recipe.Method.RTN) != (calibration == null)) {
            throw new IllegalArgumentException("calibration must be given for " + recipe.method().label()
                    + " and only then (RTN reads none), got " + calibration + " for " + recipe.label());
        }
        WeightRecipe storage = WeightRecipe.of(recipe);
        OnnxModel fp32 = MiniLm.FP32.model();
        long start = System.nanoTime();
        switch (recipe.method()) {
            case RTN -> {
                return new QuantizedWeights(recipe, storage, fp32, Map.of(), null, 0);
            }
            case GPTQ -> {
                SequentialGptq.Run run = SequentialGptq.run(MiniLmEncoder.of(fp32), calibration.tokens(),
                        Gptq.Options.of(recipe.quantizer()).withDampening(GptqFormats.modelWideDampening()),
                        progress);
                return new QuantizedWeights(recipe, storage, fp32, run.byInitializer(fp32), calibration,
                        (System.nanoTime() - start) / 1e9);
            }
            case AWQ -> {
                MiniLmEncoder encoder = MiniLmEncoder.of(fp32);
                List<SiteScale> scales = AwqVariants.search(encoder, calibration.collectAll(encoder), storage,
                        EnumSet.allOf(ScaleSite.class), AWQ_SEARCH_TOKENS);
                if (progress != null) {
                    progress.accept("AWQ: " + scales.size() + " scale sites searched");
                }
                return new QuantizedWeights(recipe, storage, AwqModelWriter.withScales(fp32, scales), Map.of(),
                        calibration, (System.nanoTime() - start) / 1e9);
            }
            default -> throw new IllegalArgumentException("recipe's method must be RTN, GPTQ or AWQ for the "
                    + "capstone, got " + recipe.method().label());
        }
    }

    /** The ONNX model: these weights, the embedding tables stored as {@code embeddings} says. */
    public OnnxModel write(EmbeddingStorage embeddings) {
        return QuantizedModelWriter.write(base, storage, codes, embeddings);
    }

    /** The file name chapter 5's check gives these weights, e.g. "gptq-int4-g128-symmetric". */
    public String name() {
        return ModelVariant.nameFor(storage, recipe.method());
    }

    /** Where the calibration text came from, or "none" for RTN. */
    public String calibrationSource() {
        return calibration == null ? "none: round to nearest reads no activations"
                : calibration.source() + ", " + calibration.tokenCount() + " tokens";
    }

    /** The SHA-256 of the calibration text ({@link #sha256(List)}), or "none" for RTN. */
    public String calibrationSha256() {
        return calibration == null ? "none" : sha256(calibration.texts());
    }

    /** The lowercase hex SHA-256 of texts as UTF-8, each followed by one newline: how the manifest pins them. */
    public static String sha256(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("texts must hold at least one text, got " + texts);
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String t : texts) {
                d.update((t + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return recipe.label() + (calibration == null ? "" : " calibrated on " + calibration.source());
    }
}
