package quantlab.awq;

import java.util.ArrayList;
import java.util.List;

import quantlab.inference.ModelVariant;
import quantlab.inference.QuantizedModelWriter;
import quantlab.inference.WeightRecipe;
import quantlab.model.OnnxModel;
import quantlab.model.MiniLmMatrix;
import quantlab.quantization.QuantScheme;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/**
 * AWQ models as files for chapter 5's check: the scales searched for a recipe's format, put into the fp32 graph
 * ({@link AwqModelWriter}), then written by {@link QuantizedModelWriter} exactly as the round-to-nearest variant
 * of the same recipe is, so the two files differ only in the scales.
 */
public final class AwqVariants {

    private AwqVariants() {
    }

    /** The four formats chapter 7 compares: int4 g128 symmetric and asymmetric, int4 per channel, int3 g128. */
    public static List<WeightRecipe> chapterRecipes() {
        return List.of(WeightRecipe.int4Group(128, QuantScheme.SYMMETRIC),
                WeightRecipe.int4Group(128, QuantScheme.ASYMMETRIC),
                WeightRecipe.int4PerChannel(),
                WeightRecipe.narrowGroup(3, 128, QuantScheme.SYMMETRIC));
    }

    /** The file name a recipe's variant gets, e.g. "int4-g128-symmetric"; prefix it with the method. */
    public static String baseName(WeightRecipe recipe) {
        return recipe.label().replaceAll("\\(.*\\)", "").strip().replaceAll("[^a-z0-9]+", "-");
    }

    /** The AWQ variant of a recipe with already chosen scales. */
    public static ModelVariant awq(OnnxModel fp32, List<SiteScale> scales, WeightRecipe recipe, String tag) {
        if (recipe == null || scales == null || tag == null || !tag.matches("[a-z0-9-]*")) {
            throw new IllegalArgumentException("recipe, scales and tag (lowercase, digits, dashes) must be given, got "
                    + recipe + ", " + scales + " and '" + tag + "'");
        }
        OnnxModel scaled = AwqModelWriter.withScales(fp32, scales);
        OnnxModel q = QuantizedModelWriter.write(scaled, recipe);
        List<String> sites = new ArrayList<>();
        for (ScaleSite s : ScaleSite.values()) {
            if (scales.stream().anyMatch(x -> x.site() == s)) {
                sites.add(s.label());
            }
        }
        return new ModelVariant("awq" + tag + "-" + baseName(recipe), "AWQ scales at " + String.join(", ", sites)
                + ", then " + recipe.label(), q.toBytes());
    }

    /** Searches the scales for a recipe's format at the given sites and returns them (see {@link AwqSearch}). */
    public static List<SiteScale> search(MiniLmEncoder encoder, LinearInputs calibration, WeightRecipe recipe,
                                         java.util.Set<ScaleSite> sites, int searchTokens) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null, got null");
        }
        return AwqSearch.search(encoder, calibration, recipe.quantizer(), sites, searchTokens);
    }

    /** The matrices a list of scales touches, for tables. */
    public static List<MiniLmMatrix> matrices(List<SiteScale> scales) {
        List<MiniLmMatrix> out = new ArrayList<>();
        for (SiteScale s : scales) {
            out.addAll(s.site().matrices(s.layer()));
        }
        return out;
    }
}
