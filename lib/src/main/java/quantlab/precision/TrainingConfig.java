package quantlab.precision;

/**
 * The knobs of chapter 3's training runs, the same for all four precisions.
 *
 * @param hiddenWidth         units in each hidden layer
 * @param hiddenLayers        tanh layers between the inputs and the logits
 * @param steps               optimizer steps (each one a full pass over the training rows)
 * @param learningRate        Adam's step size
 * @param globalBatch         the count N each row's loss gradient is divided by: 1/N instead of 1/rows. Data-parallel
 *                            training does not do this (each device averages over its own tokens and the gradients
 *                            are averaged across devices afterwards); the chapter uses N > rows as a stress test that
 *                            pushes every gradient down by rows/N, and multiplies the weight gradients back in fp32
 * @param initialLossScale    the dynamic loss scale S at the first step
 * @param scaleGrowthInterval good steps in a row after which S doubles
 * @param seed                seed of the initial weights
 */
public record TrainingConfig(int hiddenWidth, int hiddenLayers, int steps, double learningRate, long globalBatch,
                             double initialLossScale, int scaleGrowthInterval, long seed) {

    /** The chapter's stress test: divide each loss gradient by 2^24 = 16,777,216 instead of by the 2,048 rows. */
    public static final long CHAPTER_GLOBAL_BATCH = 1L << 24;

    public TrainingConfig {
        atLeastOne("hiddenWidth", hiddenWidth);
        atLeastOne("hiddenLayers", hiddenLayers);
        atLeastOne("steps", steps);
        atLeastOne("scaleGrowthInterval", scaleGrowthInterval);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (globalBatch < 1) {
            throw new IllegalArgumentException("globalBatch must be at least 1, got " + globalBatch);
        }
        if (!(initialLossScale >= LossScaler.MIN_SCALE && initialLossScale <= LossScaler.MAX_SCALE)) {
            throw new IllegalArgumentException("initialLossScale must be in 2^-64..2^64, got " + initialLossScale);
        }
    }

    /**
     * The chapter's settings: two tanh layers of 16, 300 Adam steps at 0.01, loss gradients divided by 2^24, dynamic loss
     * scaling from S = 2^16 doubling every 100 good steps, weights from seed 1.
     */
    public static TrainingConfig chapterThree() {
        return new TrainingConfig(16, 2, 300, 0.01, CHAPTER_GLOBAL_BATCH, 0x1p16, 100, 1);
    }

    /** The same settings with other initial weights. */
    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(hiddenWidth, hiddenLayers, steps, learningRate, globalBatch, initialLossScale,
                scaleGrowthInterval, newSeed);
    }

    /** The same settings with a different number of steps. */
    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(hiddenWidth, hiddenLayers, newSteps, learningRate, globalBatch, initialLossScale,
                scaleGrowthInterval, seed);
    }

    /** The same settings averaged over a different global batch. */
    public TrainingConfig withGlobalBatch(long newGlobalBatch) {
        return new TrainingConfig(hiddenWidth, hiddenLayers, steps, learningRate, newGlobalBatch, initialLossScale,
                scaleGrowthInterval, seed);
    }

    /** The same settings with a different starting loss scale (only the dynamically scaled run uses it). */
    public TrainingConfig withInitialLossScale(double newInitialLossScale) {
        return new TrainingConfig(hiddenWidth, hiddenLayers, steps, learningRate, globalBatch, newInitialLossScale,
                scaleGrowthInterval, seed);
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
