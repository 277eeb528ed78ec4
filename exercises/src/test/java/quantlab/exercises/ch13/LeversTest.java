package quantlab.exercises.ch13;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import quantlab.exercises.ch13.Levers.Decision;
import quantlab.exercises.ch13.Levers.Lever;
import quantlab.exercises.ch13.Levers.Reason;
import quantlab.exercises.ch13.Levers.Situation;
import quantlab.grading.Points;

/**
 * Grades chapter 13, "Prompt vs PEFT vs RAG". The situations are the five rows of the chapter's decision table
 * plus the support bot's two parts; the counts are worked by hand for real configs, in a comment beside each.
 */
@DisplayName("Chapter 13: choosing the lever, PEFT parameter counts, recall@k")
class LeversTest {

    private static Decision decide(boolean fresh, boolean knows, boolean tried, boolean deep, boolean data,
            boolean limited) {
        return Levers.decide(new Situation(fresh, knows, tried, deep, data, limited));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 1: each row of the decision table gets its lever and the reason for it")
    void decisionTable() {
        assertAll(
                () -> assertEquals(new Decision(Lever.PROMPT, Reason.CHEAPEST_LEVER_FIRST),
                        decide(false, true, false, false, false, false),
                        "the model knows the facts and only the output style is off: try the prompt first"),
                () -> assertEquals(new Decision(Lever.RAG, Reason.KNOWLEDGE_IS_FRESH_OR_PRIVATE),
                        decide(true, false, false, false, false, false),
                        "private knowledge that changes weekly goes into an index, not the weights"),
                () -> assertEquals(new Decision(Lever.PEFT, Reason.STABLE_BEHAVIOUR_WITH_DATA),
                        decide(false, true, true, false, false, false),
                        "a stable format across many requests, prompt already tried: LoRA / PEFT"),
                () -> assertEquals(new Decision(Lever.FULL_FINE_TUNE, Reason.DEEP_SHIFT_WITH_DATA_AND_BUDGET),
                        decide(false, false, true, true, true, false),
                        "a deep capability shift with lots of data and budget: full fine-tune"),
                () -> assertEquals(new Decision(Lever.QLORA, Reason.LIMITED_HARDWARE),
                        decide(false, false, true, false, false, true),
                        "training on limited hardware: a 4-bit frozen base with small adapters"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 1: the support bot, and the rules' order")
    void supportBotAndOrder() {
        assertAll(
                // the support bot: fresh policy facts are RAG even though the team would like to train
                () -> assertEquals(new Decision(Lever.RAG, Reason.KNOWLEDGE_IS_FRESH_OR_PRIVATE),
                        decide(true, false, true, true, true, true),
                        "fresh policy facts come first: RAG, whatever else is true"),
                // its strict JSON: the model can write JSON, so a schema in the prompt is the first move
                () -> assertEquals(new Decision(Lever.PROMPT, Reason.CHEAPEST_LEVER_FIRST),
                        decide(false, true, false, false, false, true),
                        "strict JSON the model can already write: a prompt with the schema, before any training"),
                // prompt tried, still failing, on one small GPU: QLoRA, not a full fine-tune
                () -> assertEquals(new Decision(Lever.QLORA, Reason.LIMITED_HARDWARE),
                        decide(false, true, true, true, true, true),
                        "limited hardware rules out the full fine-tune even with data and budget"),
                () -> assertEquals(new Decision(Lever.PEFT, Reason.STABLE_BEHAVIOUR_WITH_DATA),
                        decide(false, false, true, true, false, false),
                        "a deep shift without the data and budget for it: PEFT"),
                () -> assertThrows(IllegalArgumentException.class, () -> Levers.decide(null)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: prompt and prefix tuning on Llama 2 7B")
    void promptAndPrefix() {
        assertAll(
                // 20 x 4096
                () -> assertEquals(81_920L, Levers.promptTuning(20, 4096), "20 virtual tokens of width 4096"),
                // 20 x 32 layers x 2 (key, value) x 4096
                () -> assertEquals(5_242_880L, Levers.prefixTuning(20, 32, 4096),
                        "prefix tuning learns a key and a value per token and layer: 20 x 32 x 2 x 4096"),
                // 100 x 80 x 2 x 8192 = 131,072,000 (a 70B-size model)
                () -> assertEquals(131_072_000L, Levers.prefixTuning(100, 80, 8192), "100 x 80 x 2 x 8192"),
                () -> assertThrows(IllegalArgumentException.class, () -> Levers.promptTuning(0, 4096)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: IA3 and bottleneck adapters")
    void ia3AndAdapters() {
        assertAll(
                // Llama 2 7B: 32 x (4096 + 4096 + 11008)
                () -> assertEquals(614_400L, Levers.ia3(32, 4096, 11008), "IA3 on Llama 2 7B"),
                // Llama 3.1 8B, 8 KV heads of 128: 32 x (1024 + 1024 + 14336)
                () -> assertEquals(524_288L, Levers.ia3(32, 1024, 14336), "IA3 on Llama 3.1 8B"),
                // (4096 x 64 + 64) + (64 x 4096 + 4096) = 528,448 per adapter; x 2 x 32
                () -> assertEquals(33_820_672L, Levers.bottleneckAdapters(32, 4096, 64, 2),
                        "Houlsby adapters m = 64, two per layer, on Llama 2 7B"),
                // MiniLM: (384 x 16 + 16) + (16 x 384 + 384) = 12,688 per adapter; x 1 x 6
                () -> assertEquals(76_128L, Levers.bottleneckAdapters(6, 384, 16, 1), "one m = 16 adapter per MiniLM layer"),
                () -> assertThrows(IllegalArgumentException.class, () -> Levers.ia3(32, 0, 11008)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 3: recall@1 and recall@3 of a ranked list")
    void recall() {
        List<List<String>> ranked = List.of(List.of("f01", "f12", "f04"), List.of("f02", "f03", "f01"),
                List.of("f11", "f12", "f14"), List.of("f09"));
        List<String> relevant = List.of("f01", "f03", "f14", "f06");
        assertAll(
                // only query 0 has its document first
                () -> assertEquals(0.25, Levers.recallAtK(ranked, relevant, 1), 1e-12, "1 of 4 at rank 1"),
                // queries 0 and 1 within 2
                () -> assertEquals(0.5, Levers.recallAtK(ranked, relevant, 2), 1e-12, "2 of 4 within 2"),
                // queries 0, 1, 2 within 3; query 3's one-result list never has f06
                () -> assertEquals(0.75, Levers.recallAtK(ranked, relevant, 3), 1e-12, "3 of 4 within 3"),
                () -> assertEquals(0.75, Levers.recallAtK(ranked, relevant, 10), 1e-12, "k past the list length"),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> Levers.recallAtK(ranked, relevant, 0)).getMessage().contains("k")),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> Levers.recallAtK(ranked, List.of("f01"), 1)));
    }
}
