package quantlab.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import quantlab.data.CourseData;

/**
 * A short re-run of chapter 11's comparison on the real model and the real task, and the checked-in full results
 * against hand-counted parameter and byte figures.
 */
class FineTuneComparisonTest {

    /** Head 384 x 4 + 4; q,v adapters in one block: 2 x r x (384 + 384). */
    private static final long HEAD = 384 * 4 + 4;

    @Test
    void splitKeepsEveryAddressOnOneSide() {
        SotuEras.Split split = SotuEras.split(4, 2, 2);
        Set<String> train = new HashSet<>();
        split.train().forEach(e -> train.add(e.group()));
        split.test().forEach(e -> assertTrue(!train.contains(e.group()), e.group() + " is on both sides"));
        assertTrue(split.test().size() > 100, "test passages: " + split.test().size());
        assertEquals(2, SotuEras.eraOf(1933)); // 1900-1949
        assertEquals(3, SotuEras.eraOf(1950));
        assertEquals(0, SotuEras.eraOf(1849));
    }

    @Test
    void encoderParameterCount() {
        // (30,522 + 512 + 2) x 384 embeddings + 768 LayerNorm + 6 x 1,774,464
        assertEquals(11_918_592L + 6 * 1_774_464L, ComparisonReport.MINILM_PARAMETERS);
        assertEquals(ComparisonReport.MINILM_PARAMETERS, EncoderWeights.miniLm().parameters());
    }

    @Test
    void shortRunOnTheRealModel() {
        FineTuneComparison.Budget tiny = new FineTuneComparison.Budget(2, 1, 1,
                new TrainConfig(1, 4, 1e-3, 1e-2, 0.01, 32), 2e-3, 2e-4, 1, 8);
        List<RunResult> runs = FineTuneComparison.run(tiny, List.of(FineTunePlan.head(false),
                FineTunePlan.lora(FineTunePlan.queryValue(), 4, false, 1)), null);
        assertEquals(2, runs.size());
        RunResult head = runs.get(0);
        RunResult lora = runs.get(1);
        assertEquals(HEAD, head.trainableParameters());
        assertEquals(HEAD + 2 * 4 * 768, lora.trainableParameters()); // 7,684
        assertEquals(8 * lora.trainableParameters(), lora.optimizerStateBytes()); // two fp32 moments
        assertEquals(6L * (4 * 384 * 384 + 2 * 384 * 1536) * 4, lora.baseMatrixBytes()); // 42,467,328
        assertEquals(2, lora.losses().length); // 8 passages in batches of 4, one epoch
        for (RunResult r : runs) {
            assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1);
            for (double l : r.losses()) {
                assertTrue(Double.isFinite(l) && l > 0, "loss " + l);
            }
        }
    }

    @Test
    void checkedInResultsHaveEveryMethodAtThreeSeeds() {
        List<RunResult> runs = FineTuneComparison.read(CourseData.file(FineTuneComparison.RUNS_FILE));
        // hand counts: one trained block; NF4 + DQ bytes per 384 x 384 matrix 73,728 + 2,304 + 9 x 4 + 4 = 76,072,
        // per 384 x 1536 matrix 294,912 + 9,216 + 36 x 4 + 4 = 304,276; six layers of 4 + 2: 5,477,040
        Map<String, Long> trainable = Map.of(
                "head only", HEAD,
                "LoRA q,v r=4", HEAD + 2 * 4 * 768,
                "LoRA q,v r=8", HEAD + 2 * 8 * 768,
                "LoRA q,v r=16", HEAD + 2 * 16 * 768,
                "LoRA all r=8", HEAD + 8 * (4 * 768 + 2 * 1920),
                "full FT", HEAD + 4 * (384 * 384 + 384) + (384 * 1536 + 1536) + (1536 * 384 + 384) + 4 * 384,
                "NF4 base, head only", HEAD,
                "QLoRA q,v r=8", HEAD + 2 * 8 * 768);
        assertEquals(24, runs.size());
        for (RunResult r : runs) {
            assertEquals(trainable.get(r.label()), r.trainableParameters(), r.label());
            assertEquals(r.label().startsWith("NF4") || r.label().startsWith("QLoRA") ? 5_477_040L : 42_467_328L,
                    r.baseMatrixBytes(), r.label());
            assertTrue(r.seed() >= 1 && r.seed() <= 3);
        }
    }
}
