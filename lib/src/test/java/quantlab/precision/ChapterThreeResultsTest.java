package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

/**
 * The chapter's measured story on two weight seeds: 1 (the notebook's) and 3 (of seeds 1-3, the one closest to
 * the bounds). Each bound sits far from what was measured (see the comments), so no seed passes or fails it by
 * luck: fp16 without scaling loses about half its nonzero gradients and ends over 100 times worse than fp32;
 * fp16 with loss scaling and bf16 lose under 1% and end within a few percent of fp32.
 */
class ChapterThreeResultsTest {

    private static final Map<Long, PrecisionComparison> RUNS = new ConcurrentHashMap<>();

    private static PrecisionComparison runs(long seed) {
        return RUNS.computeIfAbsent(seed, s -> PrecisionTraining.compare(SpiralDataSet.chapterThree(),
                TrainingConfig.chapterThree().withSeed(s)));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 3})
    void fp16WithoutScalingLosesItsGradientsAndFailsToTrain(long seed) {
        PrecisionComparison runs = runs(seed);
        RunReport fp32 = runs.run(TrainingPrecision.FP32);
        RunReport fp16 = runs.run(TrainingPrecision.FP16);
        // measured 53-58% on seeds 1-3
        assertTrue(fp16.underflowFraction() > 0.40, "fp16 underflow fraction " + fp16.underflowFraction());
        // measured 127-145 times fp32's final loss
        assertTrue(fp16.finalLoss() > 20 * fp32.finalLoss(),
                "fp16 final loss " + fp16.finalLoss() + " vs fp32 " + fp32.finalLoss());
        // measured 25-51% test accuracy against fp32's 99.9-100%
        assertTrue(fp16.testAccuracy() < 0.70, "fp16 accuracy " + fp16.testAccuracy());
        assertEquals(0, fp16.overflows());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 3})
    void fp32TrainsWell(long seed) {
        RunReport fp32 = runs(seed).run(TrainingPrecision.FP32);
        assertTrue(fp32.finalLoss() < 0.05, "fp32 final loss " + fp32.finalLoss());       // measured 0.009-0.017
        assertTrue(fp32.testAccuracy() > 0.97, "fp32 accuracy " + fp32.testAccuracy());  // measured 99.9-100%
        assertEquals(0, fp32.backward().underflows());
        assertTrue(fp32.lossPerStep().get(fp32.steps() - 1) < fp32.lossPerStep().get(0) / 20,
                "the loss falls steadily: " + fp32.lossPerStep().get(0) + " -> " + fp32.lastStepLoss());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 3})
    void lossScalingRecoversFp16(long seed) {
        PrecisionComparison runs = runs(seed);
        RunReport fp32 = runs.run(TrainingPrecision.FP32);
        RunReport scaled = runs.run(TrainingPrecision.FP16_LOSS_SCALED);
        assertTrue(scaled.underflowFraction() < 0.01, "scaled underflow " + scaled.underflowFraction()); // 0.4-0.6%
        assertEquals(fp32.finalLoss(), scaled.finalLoss(), 0.10 * fp32.finalLoss(), "within 10% (measured 1%)");
        assertTrue(scaled.testAccuracy() > 0.97, "scaled accuracy " + scaled.testAccuracy());
        assertEquals(0, scaled.skippedSteps());
        assertEquals(0x1p19, scaled.finalLossScale(), "2^16 doubled after steps 100, 200 and 300");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 3})
    void bf16TrainsWithoutScaling(long seed) {
        PrecisionComparison runs = runs(seed);
        RunReport fp32 = runs.run(TrainingPrecision.FP32);
        RunReport bf16 = runs.run(TrainingPrecision.BF16);
        assertEquals(0, bf16.backward().underflows(), "bf16 reaches down to 2^-133; these gradients never do");
        assertEquals(0, bf16.overflows());
        assertEquals(fp32.finalLoss(), bf16.finalLoss(), 0.10 * fp32.finalLoss(), "within 10% (measured 0-7%)");
        assertTrue(bf16.testAccuracy() > 0.97, "bf16 accuracy " + bf16.testAccuracy());
    }

    @Test
    void mostFp32GradientsLieBelowFp16sFloor() {
        MagnitudeHistogram histogram = runs(1).run(TrainingPrecision.FP32).gradientMagnitudes();
        // measured 97%: values below 2^-25 round to zero in fp16
        assertTrue(histogram.fractionBelow(-25) > 0.8, "below 2^-25: " + histogram.fractionBelow(-25));
        assertTrue(histogram.occupiedRange()[1] < -14, "none even reaches fp16's normal range");
    }

    @Test
    void tooLargeAStartingScaleOverflowsThenBacksOff() {
        TrainingConfig config = TrainingConfig.chapterThree().withInitialLossScale(0x1p40);
        RunReport run = PrecisionTraining.run(SpiralDataSet.chapterThree(), TrainingPrecision.FP16_LOSS_SCALED, config);
        RunReport fp32 = runs(1).run(TrainingPrecision.FP32);
        assertTrue(run.overflows() > 0, "S = 2^40 makes loss gradients of up to 2^16, past fp16's 65504");
        assertTrue(run.skippedSteps() >= 1 && run.skippedSteps() < 30, "skipped " + run.skippedSteps()); // 8
        assertTrue(run.finalLossScale() < 0x1p40, "the scale came down: " + run.lossScaleText());
        assertEquals(fp32.finalLoss(), run.finalLoss(), 0.15 * fp32.finalLoss(), "still trains (measured +6%)");
    }

    @Test
    void underflowGrowsWithTheGlobalBatch() {
        GlobalBatchSweep sweep = PrecisionTraining.sweepGlobalBatch(SpiralDataSet.chapterThree(),
                TrainingPrecision.FP16, TrainingConfig.chapterThree(), List.of(1L << 11, 1L << 22));
        assertEquals(List.of(1L << 11, 1L << 22), sweep.globalBatches());
        RunReport plainMean = sweep.runs().get(0);
        RunReport fourMillion = sweep.runs().get(1);
        RunReport chapter = runs(1).run(TrainingPrecision.FP16);
        RunReport fp32 = runs(1).run(TrainingPrecision.FP32);
        // measured 3.1%, 29.9%, 54.7%
        assertTrue(plainMean.underflowFraction() < 0.10, "N = 2^11: " + plainMean.underflowFraction());
        assertTrue(plainMean.underflowFraction() < fourMillion.underflowFraction());
        assertTrue(fourMillion.underflowFraction() < chapter.underflowFraction());
        // measured: as good as fp32 at 2^11 (0.0164 vs 0.0164), 4 times worse at 2^22, 141 times at 2^24
        assertEquals(fp32.finalLoss(), plainMean.finalLoss(), 0.10 * fp32.finalLoss(), "N = 2^11 trains like fp32");
        assertTrue(fourMillion.finalLoss() > 2 * fp32.finalLoss(), "N = 2^22: " + fourMillion.finalLoss());
        assertEquals(2, sweep.table().rowCount());
    }

    @Test
    void whatTheNotebookSaysAboutTheDefaultSeed() {
        RunReport fp16 = runs(1).run(TrainingPrecision.FP16);
        // "no better than where it started" (measured 1.43 -> 2.31) and "not much above the 25% of guessing" (32%)
        assertTrue(fp16.finalLoss() > fp16.lossPerStep().get(0), "fp16 start " + fp16.lossPerStep().get(0)
                + ", end " + fp16.finalLoss());
        assertTrue(fp16.testAccuracy() < 0.5, "fp16 accuracy " + fp16.testAccuracy());
        // "falls for the first few dozen steps ... then climbs" (measured: lowest at step 39)
        List<Double> losses = fp16.lossPerStep();
        int lowest = losses.indexOf(losses.stream().min(Double::compare).orElseThrow());
        assertTrue(lowest > 10 && lowest < 100, "lowest fp16 loss at step " + (lowest + 1));
        // "about half of its nonzero gradients" (measured 54.7%)
        assertTrue(fp16.underflowFraction() > 0.45 && fp16.underflowFraction() < 0.65);
        RunReport scaled = runs(1).run(TrainingPrecision.FP16_LOSS_SCALED);
        assertEquals(0, scaled.overflows(), "the chapter's scaled run never overflowed");
    }

    @Test
    void formatsWithFp32sExponentDoNotNoticeTheGlobalBatch() {
        // N and S are powers of two, so in fp32 and bf16 (8 exponent bits) the 1/N factor and its undoing are exact.
        SpiralDataSet data = SpiralDataSet.chapterThree();
        TrainingConfig config = TrainingConfig.chapterThree().withSteps(20);
        for (TrainingPrecision precision : List.of(TrainingPrecision.FP32, TrainingPrecision.BF16)) {
            RunReport small = PrecisionTraining.run(data, precision, config.withGlobalBatch(1L << 11));
            RunReport large = PrecisionTraining.run(data, precision, config.withGlobalBatch(1L << 24));
            assertEquals(small.lossPerStep(), large.lossPerStep(), precision.label());
            assertEquals(small.finalLoss(), large.finalLoss(), precision.label());
        }
        RunReport fp16Small = PrecisionTraining.run(data, TrainingPrecision.FP16, config.withGlobalBatch(1L << 11));
        RunReport fp16Large = PrecisionTraining.run(data, TrainingPrecision.FP16, config.withGlobalBatch(1L << 24));
        assertTrue(fp16Small.finalLoss() != fp16Large.finalLoss(), "fp16 does notice");
    }

    @Test
    void summaryTableAndFigures() {
        PrecisionComparison runs = runs(1);
        Table table = runs.table();
        assertEquals(4, table.rowCount());
        assertEquals("fp16, no loss scaling", table.stringColumn("run").get(1));
        String html = runs.toHtml();
        for (TrainingPrecision precision : TrainingPrecision.values()) {
            assertTrue(html.contains(precision.label()), html);
        }
        String curves = runs.lossCurves().asJavascript("curves");
        assertEquals(4, curves.split("type: 'scatter'", -1).length - 1, curves);
        assertTrue(runs.gradientMagnitudes().asJavascript("hist").contains("2^-25"));
        assertEquals(4, SpiralDataSet.chapterThree().scatter().asJavascript("points").split("type: 'scatter'", -1)
                .length - 1);
        RunReport fp16 = runs.run(TrainingPrecision.FP16);
        assertTrue(fp16.toHtml().contains("fp16, no loss scaling"));
        assertTrue(fp16.toString().contains("underflowed"));
        assertTrue(fp16.zeroFraction() > fp16.underflowFraction(), "zeros flow backwards and make more zeros");
    }
}
