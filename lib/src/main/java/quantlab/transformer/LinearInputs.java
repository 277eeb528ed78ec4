package quantlab.transformer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLmMatrix;

/**
 * What {@link MiniLmEncoder#record} saw: for each requested matrix, the input vectors it was multiplied with,
 * one row per token of every sentence in order ([tokens, in]). These are the calibration activations GPTQ builds
 * its Hessian from and AWQ measures channel salience on. The query, key and value matrices of a layer read the
 * same input, so they share one tensor.
 */
public final class LinearInputs {

    private final Map<MiniLmMatrix, FloatTensor> inputs;
    private final int tokens;
    private final int sentences;

    LinearInputs(Map<MiniLmMatrix, FloatTensor> inputs, int tokens, int sentences) {
        this.inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
        this.tokens = tokens;
        this.sentences = sentences;
    }

    /** The inputs of one matrix, shape [tokens, in], row-major: row t is the vector token t fed it. */
    public FloatTensor of(MiniLmMatrix matrix) {
        FloatTensor t = inputs.get(matrix);
        if (t == null) {
            throw new IllegalArgumentException("matrix must be one that was recorded (" + inputs.keySet()
                    + "), got " + matrix);
        }
        return t;
    }

    /** The matrices recorded, in forward order. */
    public List<MiniLmMatrix> matrices() {
        return List.copyOf(inputs.keySet());
    }

    /** Token rows recorded per matrix (all sentences together). */
    public int tokens() {
        return tokens;
    }

    /** Sentences run. */
    public int sentences() {
        return sentences;
    }

    @Override
    public String toString() {
        return "LinearInputs(" + inputs.size() + " matrices, " + tokens + " tokens from " + sentences
                + " sentences)";
    }
}
