package quantlab.retrieval;

/**
 * "Fine-tuning the documents in", the smallest honest version: a softmax classifier over frozen MiniLM sentence
 * embeddings that maps a question to one of the facts it was trained on, and answers with the text that fact had
 * at training time. Like a fine-tuned generator, it holds its answers in its weights, so it knows only what it was
 * trained on until it is trained again. Trained by full-batch gradient descent on the cross-entropy from zero
 * weights (the loss is convex, so the result does not depend on a seed).
 */
public final class AnswerHead {

    private final double[][] weights;
    private final double[] bias;
    private final String[] answers;

    private AnswerHead(double[][] weights, double[] bias, String[] answers) {
        this.weights = weights;
        this.bias = bias;
        this.answers = answers;
    }

    /**
     * Trains on {@code inputs[i]} labelled {@code labels[i]}, a class from 0 to answers.length - 1; class c answers
     * {@code answers[c]}.
     */
    public static AnswerHead train(float[][] inputs, int[] labels, String[] answers, int epochs, double learningRate) {
        if (inputs.length == 0 || inputs.length != labels.length) {
            throw new IllegalArgumentException("inputs and labels must be non-empty and the same length, got "
                    + inputs.length + " and " + labels.length);
        }
        if (epochs < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs must be >= 1 and learningRate > 0, got " + epochs + " and "
                    + learningRate);
        }
        int classes = answers.length;
        int dim = inputs[0].length;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] must be 0 to " + (classes - 1) + ", got "
                        + labels[i]);
            }
            if (inputs[i].length != dim) {
                throw new IllegalArgumentException("inputs[" + i + "] must have " + dim + " components, got "
                        + inputs[i].length);
            }
        }
        double[][] w = new double[classes][dim];
        double[] b = new double[classes];
        double[][] gw = new double[classes][dim];
        double[] gb = new double[classes];
        double[] p = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (double[] row : gw) {
                java.util.Arrays.fill(row, 0);
            }
            java.util.Arrays.fill(gb, 0);
            for (int i = 0; i < inputs.length; i++) {
                softmax(w, b, inputs[i], p);
                for (int c = 0; c < classes; c++) {
                    double g = p[c] - (c == labels[i] ? 1 : 0);
                    gb[c] += g;
                    for (int d = 0; d < dim; d++) {
                        gw[c][d] += g * inputs[i][d];
                    }
                }
            }
            double step = learningRate / inputs.length;
            for (int c = 0; c < classes; c++) {
                b[c] -= step * gb[c];
                for (int d = 0; d < dim; d++) {
                    w[c][d] -= step * gw[c][d];
                }
            }
        }
        return new AnswerHead(w, b, answers.clone());
    }

    private static void softmax(double[][] w, double[] b, float[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = b[c];
            for (int d = 0; d < x.length; d++) {
                z += w[c][d] * x[d];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
    }

    /** The class the head picks for {@code input}. */
    public int predict(float[] input) {
        double[] p = new double[answers.length];
        softmax(weights, bias, input, p);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The answer it learnt for class {@code c}. */
    public String answer(int c) {
        return answers[c];
    }

    /** Trainable numbers: one weight row and one bias per class. */
    public long parameters() {
        return (long) weights.length * (weights[0].length + 1);
    }
}
