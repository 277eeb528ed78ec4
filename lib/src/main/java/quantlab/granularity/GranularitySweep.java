package quantlab.granularity;

import java.util.ArrayList;
import java.util.List;
import quantlab.model.LayerNames;
import quantlab.model.LinearWeight;
import quantlab.model.OnnxModel;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantError;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;
import quantlab.quantization.Recipe;
import quantlab.quantization.WeightMatrix;

/**
 * Chapter 5's sweep: quantizes every MatMul weight of a model per tensor, per output channel and per group at
 * several bit widths and returns the errors as plain {@link Result}s ({@link SweepTables} turns them into tables
 * and charts). All recipes are symmetric round-to-nearest. Reading the weights is {@link LinearWeight}'s job, naming
 * them {@link LayerNames}'.
 */
public final class GranularitySweep {

    /** The group sizes compared, largest first. */
    public static final List<Integer> GROUP_SIZES = List.of(128, 64, 32);

    /** Bytes are not counted here, only scales: each is assumed stored as fp16. */
    public static final int SCALE_BITS = 16;

    private GranularitySweep() {
    }

    /**
     * One weight matrix laid out [out, in]: each row is one output channel and groups run along the input axis.
     *
     * @param layer  short name such as "L0 query"
     * @param out    output features (rows)
     * @param in     input features (columns)
     * @param values row-major [out, in]
     */
    public record LayerWeight(String layer, int out, int in, float[] values) {

        public LayerWeight {
            if (layer == null || layer.isBlank()) {
                throw new IllegalArgumentException("layer must be a non-blank name, got '" + layer + "'");
            }
            if (out < 1 || in < 1) {
                throw new IllegalArgumentException("out and in must be at least 1, got out " + out + ", in " + in);
            }
            if (values == null || values.length != (long) out * in) {
                throw new IllegalArgumentException("values must hold out x in = " + (long) out * in
                        + " numbers, got " + (values == null ? "null" : values.length));
            }
        }

        /** From ONNX's MatMul layout [in, out] (x · W), transposed to [out, in]. */
        public static LayerWeight fromInByOut(String layer, float[] inByOut, int in, int out) {
            return of(layer, WeightMatrix.fromInByOut(inByOut, in, out));
        }

        /** A named matrix. */
        public static LayerWeight of(String layer, WeightMatrix matrix) {
            return new LayerWeight(layer, matrix.out(), matrix.in(), matrix.values());
        }

        /** The values as the course's [out, in] matrix type. */
        public WeightMatrix matrix() {
            return new WeightMatrix(out, in, values);
        }
    }

    /**
     * One quantization of one layer: which layer, the recipe, how many scales, and the error.
     *
     * @param layer   short name such as "L0 query"
     * @param recipe  the recipe (round to nearest, symmetric here)
     * @param scales  how many scales the recipe stores for this layer
     * @param weights how many weights the layer has
     * @param error   the quantization error against the fp32 values
     */
    public record Result(String layer, Recipe recipe, int scales, int weights, QuantError error) {

        /** The granularity's short name: "per tensor", "per channel", "g128". */
        public String method() {
            return recipe.granularity().shortLabel();
        }

        /** The code width. */
        public int bits() {
            return recipe.bits();
        }

        /** Scale storage spread over the weights, in bits per weight (fp16 scales). */
        public double scaleBitsPerWeight() {
            return (double) SCALE_BITS * scales / weights;
        }
    }

    /** The 2-D float MatMul weights of an ONNX model in file order, each turned to [out, in] and short-named. */
    public static List<LayerWeight> matMulWeights(OnnxModel model) {
        return LinearWeight.all(model).stream().map(w -> LayerWeight.of(w.label(), w.matrix())).toList();
    }

    /** "/encoder/layer.3/attention/self/query/MatMul" becomes "L3 query"; other names lose only "/MatMul". */
    public static String shortName(String node) {
        return LayerNames.shortName(node);
    }

    /** Row-major [rows, cols] to row-major [cols, rows]; {@link WeightMatrix#transpose} is the one copy. */
    public static float[] transpose(float[] values, int rows, int cols) {
        return WeightMatrix.transpose(values, rows, cols);
    }

    /** The five recipes at one width: per tensor, per channel (a row of [out, in]), per group of 128, 64, 32. */
    public static List<Quantizer> recipes(int bits) {
        if (bits < Quantizer.MIN_BITS || bits > Quantizer.MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + Quantizer.MIN_BITS + ", " + Quantizer.MAX_BITS
                    + "], got " + bits);
        }
        List<Quantizer> list = new ArrayList<>();
        list.add(Quantizer.symmetric(bits));
        list.add(Quantizer.symmetric(bits).with(Granularity.perRow()));
        for (int g : GROUP_SIZES) {
            list.add(Quantizer.symmetric(bits).with(Granularity.perGroup(g)));
        }
        return list;
    }

    /** "per tensor", "per channel", "g128": {@link Granularity#shortLabel}. */
    public static String method(Granularity g) {
        return g.shortLabel();
    }

    /** The recipes of {@link #recipes(int)} as typed values, for finding a result without matching strings. */
    public static Recipe recipe(int bits, Granularity g) {
        return Recipe.rtn(bits, QuantScheme.SYMMETRIC, g);
    }

    /** {@link #run} on the weights {@link LinearWeight#all} reads from a model. */
    public static List<Result> sweep(List<LinearWeight> weights, int... bits) {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("weights must be a non-empty list, got " + weights);
        }
        return run(weights.stream().map(w -> LayerWeight.of(w.label(), w.matrix())).toList(), bits);
    }

    /** Every layer at every width with every recipe of {@link #recipes(int)}. */
    public static List<Result> run(List<LayerWeight> weights, int... bits) {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("weights must be a non-empty list, got " + weights);
        }
        if (bits == null || bits.length == 0) {
            throw new IllegalArgumentException("bits must name at least one width, got none");
        }
        List<Result> results = new ArrayList<>();
        for (int b : bits) {
            List<Quantizer> recipes = recipes(b);
            for (LayerWeight w : weights) {
                for (Quantizer q : recipes) {
                    if (q.granularity().kind() == Granularity.Kind.PER_GROUP && w.in() % q.granularity().groupSize() != 0) {
                        continue; // a group that does not tile the input axis is skipped, not padded
                    }
                    QuantizedTensor t = q.quantize(w.values(), w.out(), w.in());
                    results.add(new Result(w.layer(), q.recipe(Recipe.Method.RTN), t.scales().length,
                            w.values().length, QuantError.of(w.values(), t)));
                }
            }
        }
        return results;
    }

    private static void checkResults(List<Result> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("results must be a non-empty list, got " + results);
        }
    }
}
