package quantlab.kvcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import quantlab.memory.ByteSize;
import quantlab.memory.Gpu;
import quantlab.memory.MemoryBudget;

/**
 * Every KV figure of the seed (its section 4.2 example, the concurrency 8 / 16 lines, the medium exercise,
 * scenarios A and B, mental model 3), recomputed and compared with values worked by hand, in GB and in GiB.
 */
class KvSeedFiguresTest {

    private static final long GIB = 1L << 30;
    private static final double EXACT = 1e-12;

    /** The seed's "70B-style" shape: 80 layers, 8 KV heads, head dim 128 (Llama 3.1 70B has exactly these). */
    private static KvCacheSize seed70b(long tokens, long requests) {
        return new KvCacheSize(requests, tokens, 80, 8, 128, KvFormat.BF16);
    }

    @Test
    void perRequestAt8kIs2point5GibNot2point5Gb() {
        // 8192 x 80 x 8 x 128 x 2 x 2 = 2,684,354,560 B = 2.5 x 2^30 B = 2.68435456 GB
        ByteSize one = seed70b(8192, 1).total();
        assertEquals(2_684_354_560L, one.bytes());
        assertEquals(2.5, one.gib(), EXACT);
        assertEquals(2.68435456, one.gb(), EXACT);
        // the same through the real preset
        assertEquals(2_684_354_560L, ModelConfigs.LLAMA_3_1_70B.kv(8192, 1, KvFormat.BF16).total().bytes());
    }

    @Test
    void perTokenOfTheSeedShape() {
        // 80 x 8 x 128 x 2 x 2 = 327,680 B = 320 KiB
        assertEquals(327_680L, seed70b(1, 1).perToken().bytes());
    }

    @Test
    void concurrency8And16() {
        // 8 x 2.5 GiB = 20 GiB = 21,474,836,480 B = 21.47 GB; 16 x 2.5 GiB = 40 GiB = 42.95 GB
        ByteSize eight = seed70b(8192, 8).total();
        ByteSize sixteen = seed70b(8192, 16).total();
        assertEquals(20 * GIB, eight.bytes());
        assertEquals(21.47483648, eight.gb(), EXACT);
        assertEquals(40 * GIB, sixteen.bytes());
        assertEquals(42.94967296, sixteen.gb(), EXACT);
    }

    @Test
    void mentalModelThreeTenRequests() {
        // 10 x 2.5 GiB = 25 GiB = 26.8435456 GB
        ByteSize ten = seed70b(8192, 10).total();
        assertEquals(25.0, ten.gib(), EXACT);
        assertEquals(26.8435456, ten.gb(), EXACT);
    }

    @Test
    void mediumExerciseAt4096Tokens() {
        // 4096 x 327,680 = 1,342,177,280 B = 1.25 GiB = 1.34217728 GB
        ByteSize medium = seed70b(4096, 1).total();
        assertEquals(1_342_177_280L, medium.bytes());
        assertEquals(1.25, medium.gib(), EXACT);
        assertEquals(1.34217728, medium.gb(), EXACT);
    }

    @Test
    void scenarioBContextDoublesTo16k() {
        // 16384 x 327,680 = 5,368,709,120 B = 5 GiB = 5.37 GB
        ByteSize b = seed70b(16_384, 1).total();
        assertEquals(5 * GIB, b.bytes());
        assertEquals(5.36870912, b.gb(), EXACT);
    }

    private static ServingPlanner scenarioA(boolean binary) {
        MemoryBudget fixed = MemoryBudget.named("70B int4, seed scenario A")
                .add("weights, int4 effective", binary ? ByteSize.ofGiB(42) : ByteSize.ofGB(42))
                .runtimeOverhead(binary ? ByteSize.ofGiB(5) : ByteSize.ofGB(5));
        return ServingPlanner.of(fixed, seed70b(1, 1).perToken());
    }

    private static final Gpu CARD_80_GIB = new Gpu("80 GiB card", ByteSize.ofGiB(80));
    private static final Gpu CARD_80_GB = new Gpu("80 GB (decimal) card", ByteSize.ofGB(80));

    @Test
    void scenarioAReadInGib() {
        // 42 + 5 = 47 GiB fixed; 80 - 47 = 33 GiB; 33 / 2.5 = 13.2 -> 13
        ServingPlan a = scenarioA(true).plan(CARD_80_GIB, 8192, 1.0);
        assertEquals(47 * GIB, a.fixedTotal().bytes());
        assertEquals(33 * GIB, a.freeForKv().bytes());
        assertEquals(13.2, a.concurrencyQuotient(), EXACT);
        assertEquals(13, a.maxConcurrency());
        // 90 % utilization (vLLM's default): 72 - 47 = 25 GiB / 2.5 = 10; 85 %: 68 - 47 = 21 / 2.5 = 8.4 -> 8
        assertEquals(10, scenarioA(true).plan(CARD_80_GIB, 8192, 0.90).maxConcurrencyWithMargin());
        assertEquals(8, scenarioA(true).plan(CARD_80_GIB, 8192, 0.85).maxConcurrencyWithMargin());
    }

    @Test
    void scenarioBReadInGib() {
        // 33 GiB / 5 GiB = 6.6 -> 6; inside 90 %: 25 / 5 = 5
        ServingPlan b = scenarioA(true).plan(CARD_80_GIB, 16_384, 0.90);
        assertEquals(6.6, b.concurrencyQuotient(), EXACT);
        assertEquals(6, b.maxConcurrency());
        assertEquals(5, b.maxConcurrencyWithMargin());
    }

    @Test
    void scenarioAReadInDecimalGbGivesTwelveNotThirteen() {
        // 80 GB - 47 GB = 33 GB = 33e9 B; per request 2.68435456e9 B; 33e9 / 2.68435456e9 = 12.293 -> 12
        ServingPlan a = scenarioA(false).plan(CARD_80_GB, 8192, 1.0);
        assertEquals(33_000_000_000L, a.freeForKv().bytes());
        assertEquals(33e9 / 2.68435456e9, a.concurrencyQuotient(), EXACT);
        assertEquals(12, a.maxConcurrency());
        // 16K: 33e9 / 5.36870912e9 = 6.147 -> 6
        assertEquals(6, scenarioA(false).plan(CARD_80_GB, 16_384, 1.0).maxConcurrency());
    }

    @Test
    void inverseQuestions() {
        ServingPlanner a = scenarioA(true);
        // 13 requests on 33 GiB: 33 x 2^30 / (13 x 327,680) = 8,318.4 -> 8,318 tokens each
        assertEquals(33L * GIB / (13L * 327_680L), a.longestContext(CARD_80_GIB, 1, 13, 1.0));
        assertEquals(8318, a.longestContext(CARD_80_GIB, 1, 13, 1.0));
        // 16 requests at 8K = 40 GiB of KV + 47 GiB fixed = 87 GiB: one 80 GiB card is short, two hold 160 GiB
        assertEquals(2, a.gpusNeeded(CARD_80_GIB, 16, 8192, 1.0, 8));
        assertEquals(1, a.gpusNeeded(CARD_80_GIB, 13, 8192, 1.0, 8));
    }
}
