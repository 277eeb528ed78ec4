package quantlab.precision;

import java.util.Arrays;
import java.util.List;

/**
 * Runs chapter 3's training: the same network, data and fp32 optimizer under each {@link TrainingPrecision}, with
 * nothing but the rounding of the forward and backward passes (and, for one run, the loss scale) changed.
 */
public final class PrecisionTraining {

    private PrecisionTraining() {
    }

    /** The four runs on the committed data with the chapter's settings. */
    public static PrecisionComparison chapterThree() {
        return compare(SpiralDataSet.chapterThree(), TrainingConfig.chapterThree());
    }

    /** All four precisions on the same data and settings, run side by side (they share nothing). */
    public static PrecisionComparison compare(SpiralDataSet data, TrainingConfig config) {
        checkInputs(data, config);
        List<RunReport> runs = Arrays.stream(TrainingPrecision.values())
                .parallel()
                .map(precision -> run(data, precision, config))
                .toList();
        return new PrecisionComparison(config, runs);
    }

    /**
     * One precision at several global batch sizes (everything else as in {@code config}), run side by side.
     */
    public static GlobalBatchSweep sweepGlobalBatch(SpiralDataSet data, TrainingPrecision precision,
                                                    TrainingConfig config, List<Long> globalBatches) {
        if (globalBatches == null || globalBatches.isEmpty()) {
            throw new IllegalArgumentException("globalBatches must not be empty, got " + globalBatches);
        }
        List<TrainingConfig> configs = globalBatches.stream().map(n -> {
            if (n == null) {
                throw new IllegalArgumentException("globalBatches must not hold null, got " + globalBatches);
            }
            return config.withGlobalBatch(n);
        }).toList();
        configs.forEach(each -> checkInputs(data, each));
        List<RunReport> runs = configs.parallelStream().map(each -> run(data, precision, each)).toList();
        return new GlobalBatchSweep(precision, config, runs);
    }

    /**
     * One run. Each step is a full pass over the training rows: the loss gradient of each row is (softmax - one-hot)
     * x S / globalBatch, the backward pass runs in the run's format, and the weight gradients are then multiplied in
     * fp32 by globalBatch / rows and divided by S, so Adam sees the plain mean over the rows. With globalBatch =
     * rows this is ordinary training (and what one data-parallel device does with its own batch); a larger
     * globalBatch is the chapter's stress test, which shifts every gradient of the backward pass down by
     * rows / globalBatch.
     */
    public static RunReport run(SpiralDataSet data, TrainingPrecision precision, TrainingConfig config) {
        checkInputs(data, config);
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        float[] features = data.train().features();
        int[] labels = data.train().labels();
        int rows = labels.length;
        Mlp model = Mlp.initialised(SpiralDataSet.FEATURES, config.hiddenWidth(), config.hiddenLayers(),
                SpiralDataSet.CLASSES, config.seed());
        Adam adam = new Adam(model, config.learningRate());
        LossScaler scaler = precision.lossScaling()
                ? LossScaler.dynamic(config.initialLossScale(), config.scaleGrowthInterval())
                : LossScaler.none();
        RoundingMeter meter = new RoundingMeter(precision.format());
        double shares = (double) config.globalBatch() / rows;
        double[] losses = new double[config.steps()];
        for (int step = 0; step < config.steps(); step++) {
            double scale = scaler.scale();
            Mlp.Step result = model.step(features, labels, scale / config.globalBatch(), meter);
            losses[step] = result.loss();
            if (scaler.update(result.gradients().allFinite())) {
                adam.update(model, result.gradients(), shares / scale);
            }
        }
        Mlp.Evaluation train = model.evaluate(features, labels);
        Mlp.Evaluation test = model.evaluate(data.test().features(), data.test().labels());
        return new RunReport(precision, config, Arrays.stream(losses).boxed().toList(), train.loss(), test.accuracy(),
                meter.forwardCounts(), meter.backwardCounts(), scaler.skippedSteps(), scaler.scale(),
                meter.backwardMagnitudes());
    }

    private static void checkInputs(SpiralDataSet data, TrainingConfig config) {
        if (data == null || config == null) {
            throw new IllegalArgumentException("data and config must not be null, got " + data + " and " + config);
        }
        if (config.globalBatch() < data.train().rows()) {
            throw new IllegalArgumentException("globalBatch must be at least the " + data.train().rows()
                    + " training rows it contains, got " + config.globalBatch());
        }
    }
}
