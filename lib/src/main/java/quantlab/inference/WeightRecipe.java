package quantlab.inference;

import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.Quantizer;
import quantlab.quantization.Recipe;

/**
 * How a variant stores the model's MatMul weights: code width, which weights share a scale, and the ONNX operator
 * that turns the codes back into numbers. All recipes are round-to-nearest, chapter 4's baseline, symmetric (zero
 * point 0) or asymmetric (a zero point per scale).
 *
 * @param label       a short name for tables, e.g. "int8 per channel"
 * @param bits        code width, 2 to 8
 * @param scheme      symmetric or asymmetric
 * @param granularity per tensor, per output channel, or per group along the input axis
 * @param encoding    which ONNX operator reads the codes
 */
public record WeightRecipe(String label, int bits, QuantScheme scheme, Granularity granularity, Encoding encoding) {

    /** The ONNX operator that reads a variant's codes. */
    public enum Encoding {
        /**
         * The standard {@code DequantizeLinear} (opset 13, with {@code axis} for per-channel scales) feeding the
         * original {@code MatMul}. Codes are stored one per byte, whatever the bit width: INT8 when symmetric,
         * UINT8 with UINT8 zero points when asymmetric.
         */
        DEQUANTIZE_LINEAR,
        /**
         * ONNX Runtime's {@code com.microsoft.MatMulNBits}: 4-bit codes packed two per byte, one scale (and, when
         * asymmetric, one 4-bit zero point) per block of {@code block_size} weights along the input axis. Codes of
         * 2 or 3 bits are stored in the same 4-bit nibbles (exactly: their grid is part of the 4-bit one), so such a
         * file shows their accuracy, not their size.
         */
        MATMUL_NBITS
    }

    public WeightRecipe {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank, got " + (label == null ? "null" : "'"
                    + label + "'"));
        }
        if (bits < Quantizer.MIN_BITS || bits > Quantizer.MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + Quantizer.MIN_BITS + ", " + Quantizer.MAX_BITS
                    + "], got " + bits);
        }
        if (scheme == null || granularity == null || encoding == null) {
            throw new IllegalArgumentException("scheme, granularity and encoding must not be null, got " + scheme
                    + ", " + granularity + " and " + encoding);
        }
        switch (encoding) {
            case DEQUANTIZE_LINEAR -> {
                if (granularity.kind() == Granularity.Kind.PER_GROUP) {
                    throw new IllegalArgumentException("granularity of a DequantizeLinear recipe must be per tensor "
                            + "or per channel (opset 13 has no blocks), got " + granularity.label());
                }
            }
            case MATMUL_NBITS -> {
                if (bits > 4) {
                    throw new IllegalArgumentException("bits of a MatMulNBits recipe must be at most 4 (codes are "
                            + "stored in 4-bit nibbles), got " + bits);
                }
                int g = granularity.groupSize();
                if (granularity.kind() != Granularity.Kind.PER_GROUP || g < 16 || Integer.bitCount(g) != 1) {
                    throw new IllegalArgumentException("granularity of a MatMulNBits recipe must be per group with "
                            + "a power-of-two group size of at least 16, got " + granularity.label());
                }
            }
        }
    }

    /** int8, one scale for the whole matrix. */
    public static WeightRecipe int8PerTensor() {
        return new WeightRecipe("int8 per tensor", 8, QuantScheme.SYMMETRIC, Granularity.perTensor(),
                Encoding.DEQUANTIZE_LINEAR);
    }

    /** int8, one scale per output channel: the recipe that should match or beat ONNX Runtime's own int8. */
    public static WeightRecipe int8PerChannel() {
        return new WeightRecipe("int8 per channel", 8, QuantScheme.SYMMETRIC, Granularity.perRow(),
                Encoding.DEQUANTIZE_LINEAR);
    }

    /** int4 codes, one scale per output channel; stored in INT8 bytes, so it shows accuracy, not size. */
    public static WeightRecipe int4PerChannel() {
        return new WeightRecipe("int4 per channel (int8 bytes)", 4, QuantScheme.SYMMETRIC, Granularity.perRow(),
                Encoding.DEQUANTIZE_LINEAR);
    }

    /**
     * int4, one scale (and zero point, when asymmetric) per group of {@code groupSize} input weights, through
     * {@code MatMulNBits}. Asymmetric is what ONNX Runtime's own 4-bit weight quantizer does by default.
     */
    public static WeightRecipe int4Group(int groupSize, QuantScheme scheme) {
        if (scheme == null) {
            throw new IllegalArgumentException("scheme must not be null, got null");
        }
        return new WeightRecipe("int4 g" + groupSize + " " + scheme.label(), 4, scheme,
                Granularity.perGroup(groupSize), Encoding.MATMUL_NBITS);
    }

    /**
     * The ONNX encoding for a recipe, labelled in the recipe vocabulary: a group recipe of at most 4 bits with a
     * power-of-two group of at least 16 goes to {@code MatMulNBits} (2- and 3-bit codes in int4 nibbles, said in the
     * label), anything else to {@code DequantizeLinear} (codes in int8 bytes below 8 bits, said in the label).
     * The method is not part of the storage: the same recipe stores RTN's and GPTQ's codes alike.
     */
    public static WeightRecipe of(Recipe recipe) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null");
        }
        Granularity g = recipe.granularity();
        boolean nBits = g.kind() == Granularity.Kind.PER_GROUP && recipe.bits() <= 4 && g.groupSize() >= 16
                && Integer.bitCount(g.groupSize()) == 1;
        String label = recipe.formatLabel();
        if (nBits) {
            return new WeightRecipe(recipe.bits() < 4 ? label + " (int4 bytes)" : label, recipe.bits(),
                    recipe.scheme(), g, Encoding.MATMUL_NBITS);
        }
        return new WeightRecipe(recipe.bits() < 8 ? label + " (int8 bytes)" : label, recipe.bits(), recipe.scheme(),
                g, Encoding.DEQUANTIZE_LINEAR);
    }

    /** This storage as a round-to-nearest recipe (bits, scheme, granularity). */
    public Recipe recipe() {
        return Recipe.rtn(bits, scheme, granularity);
    }

    /**
     * The quantizer for a weight in the course's [out, in] layout (a row is an output channel), the layout the
     * writer transposes ONNX's [in, out] MatMul weights into.
     */
    public Quantizer quantizer() {
        return new Quantizer(bits, scheme, granularity);
    }

    @Override
    public String toString() {
        return label;
    }
}
