package quantlab.gptq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLmMatrix;
import quantlab.model.Tokens;
import quantlab.quantization.WeightMatrix;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/**
 * GPTQ's dampening chosen per matrix from the calibration text alone, by two-fold cross-validation: the
 * calibration sentences are split in two halves, GPTQ is run on each half's Hessian at every dampening of the grid
 * and scored on the other half's inputs (||W X - Ŵ X||², {@link LayerObjective}), and the dampening with the lowest
 * total is kept. It exists because a fixed 1% over-fits matrices whose inputs span few directions (MiniLM's last
 * attention output): GPTQ then tunes the codes to directions the calibration text barely samples, and the gain does
 * not carry over to other text. More dampening pulls GPTQ toward round to nearest; the search finds how much, per
 * matrix, without ever looking at evaluation data.
 *
 * @param grid the dampening values tried (each from 0 to 1), in increasing order
 */
public record DampeningSearch(double[] grid) {

    /** The course's grid: the paper's 1% and three larger values, half a decade apart. */
    public static final DampeningSearch DEFAULT = new DampeningSearch(new double[] {0.01, 0.03, 0.1, 0.3});

    public DampeningSearch {
        if (grid == null || grid.length == 0) {
            throw new IllegalArgumentException("grid must hold at least one dampening, got "
                    + (grid == null ? "null" : "none"));
        }
        grid = grid.clone();
        for (int k = 0; k < grid.length; k++) {
            if (!(grid[k] > 0 && grid[k] <= 1) || (k > 0 && grid[k] <= grid[k - 1])) {
                throw new IllegalArgumentException("grid must increase within (0, 1], got " + Arrays.toString(grid));
            }
        }
    }

    @Override
    public double[] grid() {
        return grid.clone();
    }

    /**
     * The outcome for one matrix.
     *
     * @param dampening the chosen λ
     * @param scores    per grid value, GPTQ's objective summed over the two held-out halves
     */
    public record Choice(double dampening, double[] scores) {
    }

    /**
     * Chooses λ for one matrix.
     *
     * @param weight  the matrix
     * @param halfA   the first half's inputs, row-major [tokensA, in], and its Hessian
     * @param halfB   the second half's
     * @param options the format and GPTQ's other settings (their dampening is ignored)
     */
    public Choice choose(WeightMatrix weight, Half halfA, Half halfB, Gptq.Options options) {
        if (weight == null || halfA == null || halfB == null || options == null) {
            throw new IllegalArgumentException("weight, both halves and options must be given, got " + weight + ", "
                    + halfA + ", " + halfB + " and " + options);
        }
        double[] scores = new double[grid.length];
        int best = 0;
        for (int k = 0; k < grid.length; k++) {
            Gptq.Options o = options.withDampening(grid[k]).withFewTokensAllowed(true); // each half has fewer tokens
            WeightMatrix onA = Gptq.quantize(weight, halfA.hessian(), o).dequantized();
            WeightMatrix onB = Gptq.quantize(weight, halfB.hessian(), o).dequantized();
            scores[k] = score(weight, onA, halfB) + score(weight, onB, halfA);
            if (scores[k] < scores[best]) {
                best = k;
            }
        }
        return new Choice(grid[best], scores);
    }

    /**
     * One matrix's choice in a {@link #survey}.
     *
     * @param matrix which matrix
     * @param choice the chosen dampening and the scores behind it
     */
    public record MatrixChoice(MiniLmMatrix matrix, Choice choice) {
    }

    /**
     * The search on each of {@code matrices}, with the fp32 model's inputs on the calibration text split into
     * sentences at even and at odd positions. A model-wide dampening can then be read off it (see {@link #mostChosen}).
     */
    public List<MatrixChoice> survey(MiniLmEncoder fp32, List<Tokens> calibration, Gptq.Options options,
                                     List<MiniLmMatrix> matrices) {
        if (fp32 == null || calibration == null || calibration.size() < 2 || options == null || matrices == null
                || matrices.isEmpty()) {
            throw new IllegalArgumentException("fp32, calibration (at least two sentences), options and matrices must"
                    + " be given, got " + fp32 + ", " + (calibration == null ? "null" : calibration.size()
                    + " sentences") + ", " + options + " and " + matrices);
        }
        LinearInputs inputs = fp32.record(calibration, new HashSet<>(matrices));
        boolean[] even = new boolean[inputs.tokens()];
        int at = 0;
        for (int s = 0; s < calibration.size(); s++) {
            Arrays.fill(even, at, at + calibration.get(s).length(), s % 2 == 0);
            at += calibration.get(s).length();
        }
        boolean[] odd = new boolean[even.length];
        for (int r = 0; r < even.length; r++) {
            odd[r] = !even[r];
        }
        Map<FloatTensor, Half[]> halves = new IdentityHashMap<>(); // query, key and value share one input
        List<MatrixChoice> out = new ArrayList<>();
        for (MiniLmMatrix m : matrices) {
            FloatTensor x = inputs.of(m);
            Half[] pair = halves.computeIfAbsent(x, t -> new Half[] {Half.of(t.data(), t.cols(), even),
                    Half.of(t.data(), t.cols(), odd)});
            FloatTensor w = fp32.weight(m);
            out.add(new MatrixChoice(m, choose(new WeightMatrix(w.rows(), w.cols(), w.data()), pair[0], pair[1],
                    options)));
        }
        return out;
    }

    /** The grid value chosen most often in a survey (the smaller one on a tie). */
    public double mostChosen(List<MatrixChoice> choices) {
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("choices must not be empty, got " + choices);
        }
        int[] counts = new int[grid.length];
        for (MatrixChoice c : choices) {
            counts[Arrays.binarySearch(grid, c.choice().dampening())]++;
        }
        int best = 0;
        for (int k = 1; k < grid.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return grid[best];
    }

    /** ||W X - Ŵ X||² on one half, from its inputs or from its Hessian, whichever is fewer multiply-adds. */
    static double score(WeightMatrix weight, WeightMatrix quantized, Half half) {
        return half.tokens() < weight.in()
                ? LayerObjective.error(weight, quantized, half.inputs(), half.tokens())
                : LayerObjective.error(weight, quantized, half.hessian());
    }

    /**
     * One half of the calibration for one matrix input.
     *
     * @param inputs  row-major [tokens, in]
     * @param tokens  rows
     * @param hessian H = 2 X Xᵀ of those rows
     */
    public record Half(float[] inputs, int tokens, Hessian hessian) {

        /** The rows of {@code inputs} ([rows, width]) where {@code take[row]} holds, with their Hessian. */
        public static Half of(float[] inputs, int width, boolean[] take) {
            if (inputs == null || take == null || inputs.length != (long) take.length * width) {
                throw new IllegalArgumentException("take must mark each of the " + (inputs == null ? 0
                        : inputs.length / Math.max(1, width)) + " rows, got " + (take == null ? "null"
                        : take.length));
            }
            int rows = 0;
            for (boolean t : take) {
                rows += t ? 1 : 0;
            }
            if (rows == 0) {
                throw new IllegalArgumentException("a half must hold at least one row, got none");
            }
            float[] x = new float[rows * width];
            int at = 0;
            for (int r = 0; r < take.length; r++) {
                if (take[r]) {
                    System.arraycopy(inputs, r * width, x, at * width, width);
                    at++;
                }
            }
            return new Half(x, rows, Hessian.of(x, rows, width));
        }
    }
}
