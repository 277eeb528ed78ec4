package quantlab.gptq;

import quantlab.quantization.WeightMatrix;

/**
 * The quantity GPTQ minimises for one linear layer, ||W X - Ŵ X||² summed over tokens and outputs, measured from a
 * Hessian: with ΔW = W - Ŵ and H = 2 X Xᵀ it is Σ_rows Δ_r (H / 2) Δ_rᵀ. Pass a Hessian of held-out inputs to
 * measure on data the method did not see.
 */
public final class LayerObjective {

    private LayerObjective() {
    }

    /** ||W X - Ŵ X||² over the tokens behind {@code h}. */
    public static double error(WeightMatrix w, WeightMatrix quantized, Hessian h) {
        if (w == null || quantized == null || h == null) {
            throw new IllegalArgumentException("w, quantized and h must not be null");
        }
        if (w.out() != quantized.out() || w.in() != quantized.in() || h.width() != w.in()) {
            throw new IllegalArgumentException("quantized must be " + w.out() + " x " + w.in() + " and h " + w.in()
                    + " wide, got " + quantized.out() + " x " + quantized.in() + " and " + h.width());
        }
        int n = w.in();
        float[] a = w.values();
        float[] b = quantized.values();
        double[] hm = h.matrix();
        // Rows are independent: each task sums its own rows, and the task sums are added in row order, so the
        // total does not depend on how many cores ran it.
        int tasks = (w.out() + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        double[] parts = new double[tasks];
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> {
            double[] delta = new double[n];
            double[] hd = new double[n];
            double part = 0;
            for (int r = task * ROWS_PER_TASK; r < Math.min(w.out(), (task + 1) * ROWS_PER_TASK); r++) {
                for (int i = 0; i < n; i++) {
                    delta[i] = (double) a[r * n + i] - b[r * n + i];
                }
                java.util.Arrays.fill(hd, 0);
                for (int i = 0; i < n; i++) {
                    double di = delta[i];
                    if (di == 0) {
                        continue;
                    }
                    int row = i * n;
                    for (int j = 0; j < n; j++) {
                        hd[j] += di * hm[row + j];
                    }
                }
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += delta[j] * hd[j];
                }
                part += s / 2;
            }
            parts[task] = part;
        });
        double total = 0;
        for (double p : parts) {
            total += p;
        }
        return total;
    }

    /** Rows (or tokens) per parallel task. */
    private static final int ROWS_PER_TASK = 32;

    /**
     * ||W X - Ŵ X||² straight from the inputs, row-major [tokens, in] (one row per token): the outputs' error
     * y_t = (W - Ŵ) x_t summed in squares. Cheaper than a Hessian when there are fewer tokens than inputs.
     */
    public static double error(WeightMatrix w, WeightMatrix quantized, float[] inputs, int tokens) {
        if (w == null || quantized == null || w.out() != quantized.out() || w.in() != quantized.in()) {
            throw new IllegalArgumentException("w and quantized must be given with the same shape, got " + w + " and "
                    + quantized);
        }
        int n = w.in();
        int out = w.out();
        if (tokens < 1 || inputs == null || inputs.length != (long) tokens * n) {
            throw new IllegalArgumentException("inputs must hold tokens x in = " + tokens + " x " + n
                    + " activations, got " + (inputs == null ? "null" : inputs.length));
        }
        float[] a = w.values();
        float[] b = quantized.values();
        float[] deltaT = new float[n * out]; // (W - Ŵ)ᵀ, [in, out], so each token is a sum of rows
        for (int r = 0; r < out; r++) {
            for (int i = 0; i < n; i++) {
                deltaT[i * out + r] = a[r * n + i] - b[r * n + i];
            }
        }
        int tasks = (tokens + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        double[] parts = new double[tasks];
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> { // token sums added in order below
            float[] y = new float[out];
            double part = 0;
            for (int t = task * ROWS_PER_TASK; t < Math.min(tokens, (task + 1) * ROWS_PER_TASK); t++) {
                java.util.Arrays.fill(y, 0f);
                int base = t * n;
                for (int i = 0; i < n; i++) {
                    float x = inputs[base + i];
                    int row = i * out;
                    for (int r = 0; r < out; r++) {
                        y[r] += x * deltaT[row + r];
                    }
                }
                for (int r = 0; r < out; r++) {
                    part += (double) y[r] * y[r];
                }
            }
            parts[task] = part;
        });
        double total = 0;
        for (double p : parts) {
            total += p;
        }
        return total;
    }
}
