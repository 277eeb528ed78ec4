package quantlab.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model reduced to what memory math needs: a name and a parameter count. The presets come in two kinds, the
 * round "nominal" counts the course's tables use (7B means exactly 7e9) and published counts of real models (a
 * "7B" Llama 2 really has 6.74e9), so the gap between the label and the real number stays visible.
 *
 * @param name                    a display name
 * @param parameters              the parameter count, at least 1
 * @param highPrecisionParameters parameters that 4-bit recipes usually leave in 16-bit: the token embedding, the
 *                                output head and the norm weights; 0 when the preset does not break them out
 * @param source                  where the count comes from
 */
public record ModelPreset(String name, long parameters, long highPrecisionParameters, String source) {

    /** A round 7e9, as in the course's tables. */
    public static final ModelPreset NOMINAL_7B = nominal(7);
    /** A round 13e9, as in the course's tables. */
    public static final ModelPreset NOMINAL_13B = nominal(13);
    /** A round 65e9, as in the course's 65B example. */
    public static final ModelPreset NOMINAL_65B = nominal(65);
    /** A round 70e9, as in the course's tables. */
    public static final ModelPreset NOMINAL_70B = nominal(70);

    /**
     * Llama 2 7B: 6,738,415,616 parameters (Hugging Face, meta-llama/Llama-2-7b-hf, safetensors metadata). The
     * 16-bit share is 2 x 32,000 x 4,096 embedding and head weights plus 32 x 2 x 4,096 + 4,096 norm weights.
     */
    public static final ModelPreset LLAMA_2_7B = new ModelPreset("Llama 2 7B", 6_738_415_616L,
            262_144_000L + 266_240L, "Hugging Face meta-llama/Llama-2-7b-hf, safetensors metadata");

    /**
     * Llama 2 13B: 13,015,864,320 parameters (Hugging Face, meta-llama/Llama-2-13b-hf, safetensors metadata). The
     * 16-bit share is 2 x 32,000 x 5,120 embedding and head weights plus 40 x 2 x 5,120 + 5,120 norm weights.
     */
    public static final ModelPreset LLAMA_2_13B = new ModelPreset("Llama 2 13B", 13_015_864_320L,
            327_680_000L + 414_720L, "Hugging Face meta-llama/Llama-2-13b-hf, safetensors metadata");

    /**
     * LLaMA-65B: 65.2e9 parameters, the rounded figure in Table 2 of the LLaMA paper (Touvron et al., 2023,
     * "LLaMA: Open and Efficient Foundation Language Models"); the paper gives no exact count. The 16-bit share
     * uses the paper's dimension 8,192, 80 layers and 32,000-token vocabulary.
     */
    public static final ModelPreset LLAMA_65B = new ModelPreset("LLaMA-65B", 65_200_000_000L,
            524_288_000L + 1_318_912L, "LLaMA paper (Touvron et al. 2023), Table 2: 65.2B, rounded by the paper");

    /**
     * Llama 2 70B: 68,976,648,192 parameters (Hugging Face, meta-llama/Llama-2-70b-hf, safetensors metadata). The
     * 16-bit share is 2 x 32,000 x 8,192 embedding and head weights plus 80 x 2 x 8,192 + 8,192 norm weights.
     */
    public static final ModelPreset LLAMA_2_70B = new ModelPreset("Llama 2 70B", 68_976_648_192L,
            524_288_000L + 1_318_912L, "Hugging Face meta-llama/Llama-2-70b-hf, safetensors metadata");

    public ModelPreset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (parameters <= 0) {
            throw new IllegalArgumentException("parameters must be positive, got " + parameters);
        }
        if (highPrecisionParameters < 0 || highPrecisionParameters >= parameters) {
            throw new IllegalArgumentException("highPrecisionParameters must be in [0, parameters), got "
                    + highPrecisionParameters + " for parameters " + parameters);
        }
        Objects.requireNonNull(source, "source");
    }

    /** A model with only a name and a count; nothing is set aside as 16-bit. */
    public static ModelPreset of(String name, long parameters) {
        return new ModelPreset(name, parameters, 0, "given");
    }

    /** A model sized in billions, such as {@code ofBillions("my 8B", 8.03)}; rounded to the nearest parameter. */
    public static ModelPreset ofBillions(String name, double billions) {
        if (Double.isNaN(billions) || Double.isInfinite(billions)) {
            throw new IllegalArgumentException("billions must be a finite number, got " + billions);
        }
        if (billions <= 0) {
            throw new IllegalArgumentException("billions must be positive, got " + billions);
        }
        long count = BigDecimal.valueOf(billions).movePointRight(9)
                .setScale(0, RoundingMode.HALF_UP).longValue();
        return new ModelPreset(name, count, 0, "given");
    }

    private static ModelPreset nominal(int billions) {
        return new ModelPreset(billions + "B (nominal)", billions * 1_000_000_000L, 0,
                "round figure used by the course's tables");
    }

    /** The four round sizes the course uses: 7B, 13B, 65B, 70B. */
    public static List<ModelPreset> nominalSizes() {
        return List.of(NOMINAL_7B, NOMINAL_13B, NOMINAL_65B, NOMINAL_70B);
    }

    /** The four published counts behind those labels: Llama 2 7B and 13B, LLaMA-65B, Llama 2 70B. */
    public static List<ModelPreset> publishedSizes() {
        return List.of(LLAMA_2_7B, LLAMA_2_13B, LLAMA_65B, LLAMA_2_70B);
    }

    /** The parameter count in billions, for example 6.738 for Llama 2 7B. */
    public double billions() {
        return parameters / 1e9;
    }

    /** Parameters that a 4-bit recipe would quantize: all of them less {@link #highPrecisionParameters()}. */
    public long quantizableParameters() {
        return parameters - highPrecisionParameters;
    }

    /** Raw weight memory in {@code format}: parameters x bits / 8. */
    public ByteSize weights(WeightFormat format) {
        return WeightStorage.raw(parameters, format).size();
    }

    /** Weight memory in {@code format} with group metadata on every weight. */
    public ByteSize weights(WeightFormat format, GroupOverhead groups) {
        return WeightStorage.grouped(parameters, format, groups).size();
    }

    /**
     * The weights of a quantized deployment as separate budget terms: the codes, the group metadata, and the
     * {@link #highPrecisionParameters()} kept in fp16. Add runtime overhead and workspace, then check a GPU.
     */
    public MemoryBudget quantizedWeights(WeightFormat format, GroupOverhead groups) {
        WeightStorage body = WeightStorage.grouped(quantizableParameters(), format, groups);
        MemoryBudget budget = MemoryBudget.named(name + " in " + format.label())
                .add(format.label() + " codes", body.codeSize());
        if (!groups.isNone()) {
            budget = budget.add("group scales + zero points (group " + groups.groupSize() + ")", body.overheadSize());
        }
        if (highPrecisionParameters > 0) {
            budget = budget.add("embeddings, head, norms kept in fp16",
                    WeightStorage.raw(highPrecisionParameters, WeightFormat.FP16).size());
        }
        return budget;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%,d parameters)", name, parameters);
    }
}
