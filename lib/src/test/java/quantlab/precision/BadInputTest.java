package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.formats.FloatFormat;
import quantlab.data.CourseData;

/** Bad input fails loudly, naming the parameter and the value; nothing turns into a silent NaN. */
class BadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    private static final TrainingConfig OK = TrainingConfig.chapterThree();

    @Test
    void trainingConfig() {
        rejects(() -> new TrainingConfig(0, 2, 300, 0.01, 1L << 24, 65536, 100, 1), "hiddenWidth", "0");
        rejects(() -> new TrainingConfig(16, -1, 300, 0.01, 1L << 24, 65536, 100, 1), "hiddenLayers", "-1");
        rejects(() -> OK.withSteps(0), "steps", "0");
        rejects(() -> new TrainingConfig(16, 2, 300, Double.NaN, 1L << 24, 65536, 100, 1), "learningRate", "NaN");
        rejects(() -> new TrainingConfig(16, 2, 300, -0.01, 1L << 24, 65536, 100, 1), "learningRate", "-0.01");
        rejects(() -> OK.withGlobalBatch(0), "globalBatch", "0");
        rejects(() -> OK.withInitialLossScale(Double.POSITIVE_INFINITY), "initialLossScale", "Infinity");
        rejects(() -> OK.withInitialLossScale(0), "initialLossScale", "0.0");
        rejects(() -> new TrainingConfig(16, 2, 300, 0.01, 1L << 24, 65536, 0, 1), "scaleGrowthInterval", "0");
    }

    @Test
    void globalBatchSmallerThanTheRowsItHolds() {
        SpiralDataSet data = SpiralDataSet.parse(SpiralGenerator.csv(5, 8, 2));
        rejects(() -> PrecisionTraining.run(data, TrainingPrecision.FP16, OK.withGlobalBatch(4)), "globalBatch", "4");
        rejects(() -> PrecisionTraining.run(data, null, OK), "precision", "null");
        rejects(() -> PrecisionTraining.sweepGlobalBatch(data, TrainingPrecision.FP16, OK, List.of()),
                "globalBatches", "[]");
    }

    @Test
    void lossScaler() {
        rejects(() -> LossScaler.dynamic(0, 10), "initialScale", "0.0");
        rejects(() -> LossScaler.dynamic(Double.NaN, 10), "initialScale", "NaN");
        rejects(() -> LossScaler.dynamic(65536, 0), "growthInterval", "0");
    }

    @Test
    void networkShapesAndValues() {
        rejects(() -> Mlp.initialised(2, 0, 2, 4, 1), "hiddenWidth", "0");
        rejects(() -> Mlp.initialised(2, 16, 2, 1, 1), "classes", "1");
        rejects(() -> Mlp.of(new int[] {1, 2}, new float[][] {{1f}}, new float[][] {{0f, 0f}}), "weights[0]", "1");
        rejects(() -> Mlp.of(new int[] {1, 2}, new float[][] {{1f, Float.NaN}}, new float[][] {{0f, 0f}}),
                "weights[0][1]", "NaN");
        Mlp model = Mlp.initialised(2, 4, 1, 4, 1);
        RoundingMeter meter = new RoundingMeter(FloatFormat.FP16);
        rejects(() -> model.step(new float[] {1f, 2f, 3f}, new int[] {0}, 1, meter), "features", "3");
        rejects(() -> model.step(new float[] {1f, 2f}, new int[] {4}, 1, meter), "labels[0]", "4");
        rejects(() -> model.step(new float[] {1f, 2f}, new int[] {0}, Double.NaN, meter), "lossGradientWeight",
                "NaN");
        rejects(() -> model.step(new float[] {1f, 2f}, new int[] {0}, 0, meter), "lossGradientWeight", "0.0");
        rejects(() -> model.step(new float[] {1f, Float.POSITIVE_INFINITY}, new int[] {0}, 1, meter), "features[1]",
                "Infinity");
        rejects(() -> model.evaluate(new float[] {Float.NaN, 0f}, new int[] {0}), "features[0]", "NaN");
        rejects(() -> model.weights(3), "layer", "3");
        rejects(() -> new RoundingMeter(null), "format", "null");
        rejects(() -> new Adam(model, 0), "learningRate", "0.0");
    }

    @Test
    void dataFiles() {
        rejects(() -> SpiralDataSet.parse("x,y\n"), "csv", "x,y");
        rejects(() -> SpiralDataSet.parse("split,x,y,label\ntrain,0.1,0.2\n"), "csv line 2", "train,0.1,0.2");
        rejects(() -> SpiralDataSet.parse("split,x,y,label\nvalid,0.1,0.2,1\n"), "split", "valid");
        rejects(() -> SpiralDataSet.parse("split,x,y,label\ntrain,0.1,abc,1\ntest,0,0,0\n"), "csv line 2", "abc");
        rejects(() -> SpiralDataSet.parse("split,x,y,label\ntrain,0.1,0.2,7\ntest,0,0,0\n"), "labels[0]", "7");
        rejects(() -> SpiralDataSet.parse("split,x,y,label\ntrain,0.1,0.2,1\n"), "test", "test");
        rejects(() -> SpiralDataSet.parse("split,x,y,label\ntrain,NaN,0.2,1\ntest,0,0,0\n"), "features[0]", "NaN");
        rejects(() -> CourseData.file("../secrets.csv"), "name", "../secrets.csv");
        rejects(() -> SpiralGenerator.csv(1, 0, 4), "trainRows", "0");
    }

    @Test
    void reports() {
        rejects(() -> new RoundingCounts(1, 2, 0, 0), "nonzero=2", "values=1");
        rejects(() -> new RoundingCounts(-1, 0, 0, 0), "counts", "-1");
    }
}
