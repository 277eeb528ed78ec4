package quantlab.finetune;

/**
 * The budget of a run, the same for every method compared: epochs over the training passages, examples per
 * step, passages cut to {@code maxTokens} word pieces; and the learning rate and weight decay of AdamW (the
 * learning rate may differ per method, see {@link FineTuneComparison}).
 *
 * @param epochs       passes over the training set
 * @param batchSize    examples per optimizer step
 * @param learningRate AdamW's peak learning rate (linear decay to 0 over the run)
 * @param headLearningRate the peak learning rate of the freshly initialised classifier head
 * @param weightDecay  AdamW's decoupled weight decay on matrices
 * @param maxTokens    word pieces kept per passage, [CLS] and [SEP] included
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double headLearningRate, double weightDecay,
                          int maxTokens) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(headLearningRate > 0) || Double.isInfinite(headLearningRate)) {
            throw new IllegalArgumentException("headLearningRate must be positive and finite, got " + headLearningRate);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be non-negative, got " + weightDecay);
        }
        if (maxTokens < 3 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in [3, 512], got " + maxTokens);
        }
    }

    /** This budget at another learning rate. */
    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, headLearningRate, weightDecay, maxTokens);
    }
}
