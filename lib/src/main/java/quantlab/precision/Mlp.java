package quantlab.precision;

import java.util.Arrays;
import java.util.Random;
import quantlab.formats.FloatFormat;

/**
 * A small multilayer perceptron, tanh hidden layers and a softmax output, whose weights are the fp32 master copy.
 * {@link #step} runs one forward and backward pass in a simulated format: every tensor an operation produces is
 * computed in fp32 and then rounded through a {@link RoundingMeter}, which counts what the format lost.
 * <p>
 * Mutable: {@link Adam} updates the weights in place, so each training run owns its own network.
 */
public final class Mlp {

    private final int[] sizes;
    final float[][] weights;
    final float[][] biases;

    private Mlp(int[] sizes, float[][] weights, float[][] biases) {
        this.sizes = sizes;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * A fresh network: {@code inputs}, then {@code hiddenLayers} tanh layers of {@code hiddenWidth}, then
     * {@code classes} logits. Weights are drawn from N(0, 1/fan-in), biases start at zero.
     */
    public static Mlp initialised(int inputs, int hiddenWidth, int hiddenLayers, int classes, long seed) {
        positive("inputs", inputs);
        positive("hiddenWidth", hiddenWidth);
        positive("hiddenLayers", hiddenLayers);
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        int[] sizes = new int[hiddenLayers + 2];
        sizes[0] = inputs;
        Arrays.fill(sizes, 1, hiddenLayers + 1, hiddenWidth);
        sizes[hiddenLayers + 1] = classes;
        Random random = new Random(seed);
        float[][] weights = new float[sizes.length - 1][];
        float[][] biases = new float[sizes.length - 1][];
        for (int layer = 0; layer < weights.length; layer++) {
            double std = Math.sqrt(1.0 / sizes[layer]);
            weights[layer] = new float[sizes[layer + 1] * sizes[layer]];
            for (int i = 0; i < weights[layer].length; i++) {
                weights[layer][i] = (float) (std * random.nextGaussian());
            }
            biases[layer] = new float[sizes[layer + 1]];
        }
        return new Mlp(sizes, weights, biases);
    }

    /**
     * A network with the given weights, for hand-checked examples: {@code sizes} lists the width of every layer from
     * the inputs to the logits, {@code weights[l]} is row-major (outputs x inputs). The arrays are copied.
     */
    public static Mlp of(int[] sizes, float[][] weights, float[][] biases) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("sizes must list at least inputs and classes, got "
                    + Arrays.toString(sizes));
        }
        for (int size : sizes) {
            positive("sizes", size);
        }
        if (sizes[sizes.length - 1] < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + sizes[sizes.length - 1]);
        }
        int layers = sizes.length - 1;
        if (weights == null || biases == null || weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("weights and biases must have " + layers + " layers, got "
                    + (weights == null ? "null" : weights.length) + " and " + (biases == null ? "null" : biases.length));
        }
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int layer = 0; layer < layers; layer++) {
            if (weights[layer] == null || weights[layer].length != sizes[layer + 1] * sizes[layer]) {
                throw new IllegalArgumentException("weights[" + layer + "] must hold " + sizes[layer + 1] * sizes[layer]
                        + " values, got " + (weights[layer] == null ? "null" : weights[layer].length));
            }
            if (biases[layer] == null || biases[layer].length != sizes[layer + 1]) {
                throw new IllegalArgumentException("biases[" + layer + "] must hold " + sizes[layer + 1]
                        + " values, got " + (biases[layer] == null ? "null" : biases[layer].length));
            }
            w[layer] = finite("weights[" + layer + "]", weights[layer]);
            b[layer] = finite("biases[" + layer + "]", biases[layer]);
        }
        return new Mlp(sizes.clone(), w, b);
    }

    /** Widths from the inputs to the logits. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Weight layers (one fewer than {@link #sizes()}). */
    public int layers() {
        return weights.length;
    }

    /** A copy of layer {@code layer}'s weights, row-major (outputs x inputs). */
    public float[] weights(int layer) {
        return weights[checked(layer)].clone();
    }

    /** A copy of layer {@code layer}'s biases. */
    public float[] biases(int layer) {
        return biases[checked(layer)].clone();
    }

    /** Total trainable numbers. */
    public int parameters() {
        int total = 0;
        for (int layer = 0; layer < weights.length; layer++) {
            total += weights[layer].length + biases[layer].length;
        }
        return total;
    }

    /**
     * One forward and backward pass over a batch, every tensor rounded through {@code meter}.
     * <p>
     * The loss is the batch's mean cross-entropy (computed in double from the rounded logits). The backward pass
     * starts from {@code lossGradientWeight * (softmax - one-hot)} for each row: 1/batch for a plain mean, 1/N when
     * each row is one of N in a larger global batch, times the loss scale when one is used.
     */
    public Step step(float[] features, int[] labels, double lossGradientWeight, RoundingMeter meter) {
        return pass(features, labels, lossGradientWeight, meter, null);
    }

    /**
     * The activation gradients of one fp32 backward pass, layer by layer: entry {@code l} holds, for every row, the
     * gradient of the loss with respect to the pre-activations of layer {@code l} ([rows, width of layer l + 1]),
     * so entry {@code layers() - 1} is the logit gradient, right at the loss, and entry 0 is the farthest from it.
     * Each row's loss gradient is {@code lossGradientWeight x (softmax - one-hot)}, as in {@link #step}.
     */
    public float[][] activationGradients(float[] features, int[] labels, double lossGradientWeight) {
        float[][] deltas = new float[weights.length][];
        pass(features, labels, lossGradientWeight, new RoundingMeter(FloatFormat.FP32), deltas);
        return deltas;
    }

    private Step pass(float[] features, int[] labels, double lossGradientWeight, RoundingMeter meter,
                      float[][] deltas) {
        int rows = checkBatch(features, labels);
        if (!(lossGradientWeight > 0) || Double.isInfinite(lossGradientWeight)) {
            throw new IllegalArgumentException("lossGradientWeight must be positive and finite, got "
                    + lossGradientWeight);
        }
        if (meter == null) {
            throw new IllegalArgumentException("meter must not be null");
        }
        Forward forward = forward(features, rows, meter);
        int classes = sizes[sizes.length - 1];
        float[] logits = forward.activations[weights.length];
        float[] delta = new float[rows * classes];
        double lossSum = 0;
        double[] probabilities = new double[classes];
        for (int n = 0; n < rows; n++) {
            lossSum += softmax(logits, n * classes, classes, labels[n], probabilities);
            for (int k = 0; k < classes; k++) {
                double target = k == labels[n] ? 1 : 0;
                delta[n * classes + k] = meter.backward(lossGradientWeight * (probabilities[k] - target));
            }
        }
        float[][] weightGradients = new float[weights.length][];
        float[][] biasGradients = new float[weights.length][];
        for (int layer = weights.length - 1; layer >= 0; layer--) {
            int in = sizes[layer];
            int out = sizes[layer + 1];
            float[] input = forward.activations[layer];
            if (deltas != null) {
                deltas[layer] = delta.clone();
            }
            weightGradients[layer] = weightGradient(delta, input, rows, in, out, meter);
            biasGradients[layer] = biasGradient(delta, rows, out, meter);
            if (layer > 0) {
                delta = hiddenDelta(delta, forward.castWeights[layer], input, rows, in, out, meter);
            }
        }
        return new Step(lossSum / rows, new Gradients(weightGradients, biasGradients));
    }

    /** The mean cross-entropy and the accuracy of the fp32 weights on a batch, computed wholly in fp32. */
    public Evaluation evaluate(float[] features, int[] labels) {
        int rows = checkBatch(features, labels);
        Forward forward = forward(features, rows, new RoundingMeter(FloatFormat.FP32));
        int classes = sizes[sizes.length - 1];
        float[] logits = forward.activations[weights.length];
        double lossSum = 0;
        int correct = 0;
        double[] probabilities = new double[classes];
        for (int n = 0; n < rows; n++) {
            lossSum += softmax(logits, n * classes, classes, labels[n], probabilities);
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[n * classes + k] > logits[n * classes + best]) {
                    best = k;
                }
            }
            if (best == labels[n]) {
                correct++;
            }
        }
        return new Evaluation(lossSum / rows, (double) correct / rows);
    }

    /** What one training step saw: the batch's mean loss and the gradients it produced. */
    public record Step(double loss, Gradients gradients) {
    }

    /**
     * A network's score on a batch.
     *
     * @param loss     mean cross-entropy in nats
     * @param accuracy share of rows whose largest logit is the true class, 0 to 1
     */
    public record Evaluation(double loss, double accuracy) {
    }

    private record Forward(float[][] activations, float[][] castWeights) {
    }

    /** Inputs and weights are cast into the format; each matmul, bias add and tanh is rounded once. */
    private Forward forward(float[] features, int rows, RoundingMeter meter) {
        float[][] activations = new float[weights.length + 1][];
        float[][] castWeights = new float[weights.length][];
        activations[0] = cast(features, meter);
        for (int layer = 0; layer < weights.length; layer++) {
            int in = sizes[layer];
            int out = sizes[layer + 1];
            boolean hidden = layer < weights.length - 1;
            float[] w = cast(weights[layer], meter);
            float[] b = cast(biases[layer], meter);
            castWeights[layer] = w;
            float[] input = activations[layer];
            float[] output = new float[rows * out];
            for (int n = 0; n < rows; n++) {
                int row = n * in;
                for (int j = 0; j < out; j++) {
                    float sum = 0;
                    int col = j * in;
                    for (int i = 0; i < in; i++) {
                        sum += input[row + i] * w[col + i];
                    }
                    float z = meter.forward(meter.forward(sum) + b[j]);
                    output[n * out + j] = hidden ? meter.forward(Math.tanh(z)) : z;
                }
            }
            activations[layer + 1] = output;
        }
        return new Forward(activations, castWeights);
    }

    /** dW = delta^T x input, accumulated in fp32 over the batch, then rounded. */
    private static float[] weightGradient(float[] delta, float[] input, int rows, int in, int out,
                                          RoundingMeter meter) {
        float[] sums = new float[out * in];
        for (int n = 0; n < rows; n++) {
            for (int j = 0; j < out; j++) {
                float d = delta[n * out + j];
                if (d == 0) {
                    continue;
                }
                int col = j * in;
                int row = n * in;
                for (int i = 0; i < in; i++) {
                    sums[col + i] += d * input[row + i];
                }
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] = meter.backward(sums[i]);
        }
        return sums;
    }

    /** db = the batch sum of delta, accumulated in fp32, then rounded. */
    private static float[] biasGradient(float[] delta, int rows, int out, RoundingMeter meter) {
        float[] sums = new float[out];
        for (int n = 0; n < rows; n++) {
            for (int j = 0; j < out; j++) {
                sums[j] += delta[n * out + j];
            }
        }
        for (int j = 0; j < out; j++) {
            sums[j] = meter.backward(sums[j]);
        }
        return sums;
    }

    /**
     * The delta one layer down: the gradient of the layer's input (delta x W, rounded), then through tanh
     * (times 1 - h^2, one fused, rounded operation).
     */
    private static float[] hiddenDelta(float[] delta, float[] w, float[] h, int rows, int in, int out,
                                       RoundingMeter meter) {
        float[] next = new float[rows * in];
        float[] sums = new float[in];
        for (int n = 0; n < rows; n++) {
            Arrays.fill(sums, 0);
            for (int j = 0; j < out; j++) {
                float d = delta[n * out + j];
                if (d == 0) {
                    continue;
                }
                int col = j * in;
                for (int i = 0; i < in; i++) {
                    sums[i] += d * w[col + i];
                }
            }
            int row = n * in;
            for (int i = 0; i < in; i++) {
                float dh = meter.backward(sums[i]);
                float activation = h[row + i];
                next[row + i] = meter.backward((double) dh * (1 - (double) activation * activation));
            }
        }
        return next;
    }

    /** Fills {@code probabilities} with the softmax of one row of logits and returns that row's cross-entropy. */
    private static double softmax(float[] logits, int offset, int classes, int label, double[] probabilities) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            probabilities[k] = Math.exp(logits[offset + k] - max);
            sum += probabilities[k];
        }
        for (int k = 0; k < classes; k++) {
            probabilities[k] /= sum;
        }
        return -(logits[offset + label] - max - Math.log(sum));
    }

    private static float[] cast(float[] values, RoundingMeter meter) {
        float[] cast = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            cast[i] = meter.forward(values[i]);
        }
        return cast;
    }

    private int checkBatch(float[] features, int[] labels) {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels must not be null");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("labels must not be empty, got 0 rows");
        }
        if (features.length != labels.length * sizes[0]) {
            throw new IllegalArgumentException("features must hold " + sizes[0] + " values per label, got "
                    + features.length + " values for " + labels.length + " labels");
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException("features[" + i + "] must be finite, got " + features[i]);
            }
        }
        int classes = sizes[sizes.length - 1];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("labels[" + n + "] must be in 0.." + (classes - 1) + ", got "
                        + labels[n]);
            }
        }
        return labels.length;
    }

    private int checked(int layer) {
        if (layer < 0 || layer >= weights.length) {
            throw new IllegalArgumentException("layer must be in 0.." + (weights.length - 1) + ", got " + layer);
        }
        return layer;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static float[] finite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
            }
        }
        return values.clone();
    }

    @Override
    public String toString() {
        return "MLP " + Arrays.toString(sizes) + ", tanh hidden layers, " + parameters() + " parameters";
    }
}
