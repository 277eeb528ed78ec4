package quantlab.inference;

import java.util.Map;

import quantlab.model.MiniLm;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Recipe;
import quantlab.model.OnnxModel;

/**
 * One model the inference check runs: a short name, how it was made, and the bytes of its {@code .onnx} file
 * (whose length is its size on disk).
 *
 * @param name   a short name that is also the file name, e.g. "int8-per-channel"
 * @param method how the weights were made, for the table
 * @param bytes  the serialized model
 */
public record ModelVariant(String name, String method, byte[] bytes) {

    public ModelVariant {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("name must be lowercase letters, digits and dashes (it becomes a file "
                    + "name), got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method must not be blank, got " + method);
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("bytes must hold an ONNX model, got "
                    + (bytes == null ? "null" : "0 bytes"));
        }
    }

    /** A published MiniLM file, unchanged. */
    public static ModelVariant published(MiniLm variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant must be FP32 or INT8, got null");
        }
        return variant == MiniLm.FP32
                ? new ModelVariant("fp32", "published fp32 weights (the reference)", variant.modelBytes())
                : new ModelVariant("ort-int8", "ONNX Runtime's quantizer: dynamic int8, weights and activations",
                variant.modelBytes());
    }

    /** The fp32 model rewritten by {@link QuantizedModelWriter} with a recipe (embeddings int8 per row). */
    public static ModelVariant quantized(OnnxModel fp32, WeightRecipe recipe) {
        return quantized(fp32, recipe, Recipe.Method.RTN, Map.of());
    }

    /**
     * The fp32 model rewritten with codes a method chose: {@code codes} maps MatMul weight initializers to their
     * {@link QuantizedTensor} in the [out, in] layout (weights it leaves out are rounded to nearest). The name is
     * the recipe's, prefixed by the method unless it is RTN, e.g. "gptq-int4-g128-symmetric".
     */
    public static ModelVariant quantized(OnnxModel fp32, WeightRecipe recipe, Recipe.Method method,
                                         Map<String, QuantizedTensor> codes) {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null");
        }
        OnnxModel q = QuantizedModelWriter.write(fp32, recipe, codes);
        String how = recipe.encoding() == WeightRecipe.Encoding.MATMUL_NBITS ? "MatMulNBits" : "DequantizeLinear";
        String by = method == Recipe.Method.RTN ? "" : method.label() + " ";
        return new ModelVariant(nameFor(recipe, method), "ours: weight-only " + by + recipe.label() + " via " + how,
                q.toBytes());
    }

    /** The name {@link #quantized} gives a variant, e.g. "int4-g128-symmetric" or "gptq-int3-g128-asymmetric". */
    public static String nameFor(WeightRecipe recipe, Recipe.Method method) {
        if (recipe == null || method == null) {
            throw new IllegalArgumentException("recipe and method must not be null, got " + recipe + " and " + method);
        }
        String base = recipe.label().replaceAll("\\(.*\\)", "").strip().replaceAll("[^a-z0-9]+", "-");
        return method == Recipe.Method.RTN ? base : method.label().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-") + "-" + base;
    }

    /** The name {@link #published} gives a variant: "fp32" or "ort-int8". */
    public static String nameFor(MiniLm variant) {
        return published(variant).name();
    }

    /** The file's size in bytes. */
    public long size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " bytes)";
    }
}
