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

    /** Head 384 x 2 + 2; q,v adapters in one block: 2 x r x (384 + 384). */
    private static final long HEAD = 384 * 2 + 2;

    @Test
    void heldOutSentencesShareNoWordOrFrameWithTraining() {
        FineTuneComparison.Split split = FineTuneComparison.split(FineTuneComparison.Budget.FULL);
        assertEquals(512, split.train().size());
        assertEquals(400, split.test().size());
        Set<String> trainWords = new HashSet<>();
        Set<String> trainFrames = new HashSet<>();
        for (Example e : split.train()) {
            trainWords.addAll(words(e.text()));
            trainFrames.add(e.group());
        }
        // the only words the two sides share are "the", "by" and "was"; every person, animal, verb and frame word
        // of a held-out sentence is new
        Set<String> shared = Set.of("the", "by", "was");
        for (Example e : split.test()) {
            assertTrue(!trainFrames.contains(e.group()), e.group() + " is on both sides");
            for (String w : words(e.text())) {
                if (!shared.contains(w)) {
                    assertTrue(!trainWords.contains(w), "'" + w + "' of '" + e.text() + "' occurs in training");
                }
            }
        }
        for (List<Example> side : List.of(split.train(), split.test())) {
            for (int i = 0; i < side.size(); i += 2) { // each sentence next to its mirror: same words, other label
                Example a = side.get(i);
                Example b = side.get(i + 1);
                assertEquals(sorted(words(a.text())), sorted(words(b.text())), a.text() + " / " + b.text());
                assertEquals(1, a.label() + b.label(), a.text() + " / " + b.text());
            }
        }
        assertEquals("The goat was chased by the baker.", WhoDidWhat.fill("The {o} was {v} by the {s}.", "baker",
                "chased", "goat"));
    }

    private static List<String> words(String text) {
        return List.of(text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z ]", "").split(" +"));
    }

    private static List<String> sorted(List<String> words) {
        return words.stream().sorted().toList();
    }

    @Test
    void sotuSplitKeepsEveryAddressOnOneSide() {
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
        FineTuneComparison.Budget tiny = new FineTuneComparison.Budget(2, 2, 1,
                new TrainConfig(1, 2, 1e-3, 1e-2, 0.01, 32), 5e-3, 2e-3, 3e-4, 1);
        List<RunResult> runs = FineTuneComparison.run(tiny, List.of(FineTunePlan.head(false),
                FineTunePlan.lora(FineTunePlan.queryValue(), 4, false, 1)), null);
        assertEquals(2, runs.size());
        RunResult head = runs.get(0);
        RunResult lora = runs.get(1);
        assertEquals(HEAD, head.trainableParameters());
        assertEquals(HEAD + 2 * 4 * 768, lora.trainableParameters()); // 6,914
        assertEquals(8 * lora.trainableParameters(), lora.optimizerStateBytes()); // two fp32 moments
        assertEquals(6L * (4 * 384 * 384 + 2 * 384 * 1536) * 4, lora.baseMatrixBytes()); // 42,467,328
        assertEquals(2, lora.losses().length); // 4 sentences in batches of 2, one epoch
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
        // hand counts: two trained blocks; NF4 + DQ bytes per 384 x 384 matrix 73,728 + 2,304 + 9 x 4 + 4 = 76,072,
        // per 384 x 1536 matrix 294,912 + 9,216 + 36 x 4 + 4 = 304,276; six layers of 4 + 2: 5,477,040
        long block = 4 * (384 * 384 + 384) + (384 * 1536 + 1536) + (1536 * 384 + 384) + 4 * 384; // 1,774,464
        Map<String, Long> trainable = Map.of(
                "head only", HEAD,
                "LoRA q,v r=4", HEAD + 2 * 2 * 4 * 768,
                "LoRA q,v r=8", HEAD + 2 * 2 * 8 * 768,
                "LoRA q,v r=16", HEAD + 2 * 2 * 16 * 768,
                "LoRA all r=8", HEAD + 2 * 8 * (4 * 768 + 2 * 1920),
                "full FT", HEAD + 2 * block,
                "NF4 base, head only", HEAD,
                "QLoRA q,v r=8", HEAD + 2 * 2 * 8 * 768,
                "QLoRA all r=8", HEAD + 2 * 8 * (4 * 768 + 2 * 1920));
        assertEquals(27, runs.size());
        for (RunResult r : runs) {
            assertEquals(trainable.get(r.label()), r.trainableParameters(), r.label());
            assertEquals(r.label().startsWith("NF4") || r.label().startsWith("QLoRA") ? 5_477_040L : 42_467_328L,
                    r.baseMatrixBytes(), r.label());
            assertTrue(r.seed() >= 1 && r.seed() <= 3);
        }
        List<RunResult> sotu = FineTuneComparison.read(CourseData.file(FineTuneComparison.SOTU_RUNS_FILE));
        assertEquals(24, sotu.size()); // the first task: 8 methods x 3 seeds, one trained block, four eras
        assertEquals(384 * 4 + 4, sotu.get(0).trainableParameters());
    }
}
