package quantlab.kvcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import quantlab.memory.ByteSize;
import quantlab.memory.Gpu;
import quantlab.memory.GroupOverhead;
import quantlab.memory.WeightFormat;

/**
 * The presets' per-token KV bytes against 2 x layers x kvHeads x headDim x 2 bytes worked by hand from each
 * published config (the factors are written in the table, not read from the presets), the storage formats'
 * byte counts, and bad input.
 */
class KvCacheTest {

    @ParameterizedTest(name = "{0}: {1} B per token in fp16")
    @CsvSource(delimiter = '|', value = {
        // name           | bytes     | hand calculation: 2 (K,V) x layers x kvHeads x headDim x 2 B
        "Llama 2 7B       | 524288    | 2 x 32 x 32 x 128 x 2",
        "Llama 2 13B      | 819200    | 2 x 40 x 40 x 128 x 2",
        "Llama 2 70B      | 327680    | 2 x 80 x 8 x 128 x 2",
        "Llama 3.1 8B     | 131072    | 2 x 32 x 8 x 128 x 2",
        "Llama 3.1 70B    | 327680    | 2 x 80 x 8 x 128 x 2",
        "Llama 3.1 405B   | 516096    | 2 x 126 x 8 x 128 x 2",
        "Mistral 7B       | 131072    | 2 x 32 x 8 x 128 x 2",
        "Mixtral 8x7B     | 131072    | 2 x 32 x 8 x 128 x 2",
        "Qwen2.5 7B       | 57344     | 2 x 28 x 4 x 128 x 2",
        "Qwen2.5 72B      | 327680    | 2 x 80 x 8 x 128 x 2",
        "Falcon 7B        | 8192      | 2 x 32 x 1 x 64 x 2",
        "Falcon 40B       | 122880    | 2 x 60 x 8 x 64 x 2",
        "OPT-13B          | 819200    | 2 x 40 x 40 x 128 x 2 (vLLM: 2 x 5120 x 40 x 2)",
        "GPT-3 175B       | 4718592   | 2 x 96 x 96 x 128 x 2",
    })
    void perTokenBytesOfEveryPreset(String name, long expected, String handCalculation) {
        assertEquals(expected, ModelConfigs.named(name).kvPerToken(KvFormat.FP16).bytes(), handCalculation);
        assertEquals(expected, ModelConfigs.named(name).kvPerToken(KvFormat.BF16).bytes(), "bf16 is also 2 bytes");
    }

    @Test
    void opt13bIs800KibPerTokenAnd1point6GbPerRequest() {
        ByteSize token = ModelConfigs.OPT_13B.kvPerToken(KvFormat.FP16);
        assertEquals(800 * 1024, token.bytes());
        // the vLLM paper's "as much as 1.6 GB" for 2,048 tokens: 2048 x 819,200 = 1,677,721,600 B = 1.68 GB = 1.5625 GiB
        ByteSize request = ModelConfigs.OPT_13B.kv(2048, 1, KvFormat.FP16).total();
        assertEquals(1_677_721_600L, request.bytes());
        assertEquals(1.5625, request.gib(), 1e-12);
    }

    @Test
    void storageFormatsCountTheirScales() {
        // head dim 128: fp8 128 B; int8 + one fp16 scale = 130 B; int4 g32: 64 B codes + 4 x (2 + 2) B = 80 B
        assertEquals(128, KvFormat.FP8.bytesPerHeadVector(128));
        assertEquals(130, KvFormat.INT8_PER_HEAD.bytesPerHeadVector(128));
        assertEquals(80, KvFormat.INT4_G32.bytesPerHeadVector(128));
        assertEquals(16.0 / 80, KvFormat.INT4_G32.overheadFraction(128), 1e-12);
        // Llama 3.1 70B per token: 2 x 80 x 8 = 1,280 head vectors
        assertEquals(1280L * 128, ModelConfigs.LLAMA_3_1_70B.kvPerToken(KvFormat.FP8).bytes());
        assertEquals(1280L * 130, ModelConfigs.LLAMA_3_1_70B.kvPerToken(KvFormat.INT8_PER_HEAD).bytes());
        assertEquals(1280L * 80, ModelConfigs.LLAMA_3_1_70B.kvPerToken(KvFormat.INT4_G32).bytes());
        // a head dim that is not a multiple of the group: 72 -> ceil(72 / 32) = 3 groups, 36 + 12 B
        assertEquals(48, KvFormat.INT4_G32.bytesPerHeadVector(72));
    }

    @Test
    void factorsMultiplyToTheTotal() {
        KvCacheSize s = ModelConfigs.LLAMA_2_7B.kv(100, 3, KvFormat.FP16);
        long product = s.factors().values().stream().reduce(1L, Math::multiplyExact);
        assertEquals(3L * 100 * 32 * 32 * 2 * 256, product);
        assertEquals(product, s.total().bytes());
    }

    @Test
    void gqaFractions() {
        assertEquals(1.0 / 8, ModelConfigs.LLAMA_2_70B.kvFractionOfMha(), 0);
        assertEquals(8, ModelConfigs.LLAMA_2_70B.queriesPerKvHead());
        assertEquals("MQA", ModelConfigs.FALCON_7B.attentionKind());
        assertEquals("GQA-8", ModelConfigs.FALCON_40B.attentionKind());
        assertEquals(1.0 / 64, ModelConfigs.LLAMA_2_70B.withKvHeads(1).kvFractionOfMha(), 0);
        // the 64-head table: MHA 64 KV heads -> 5 x ..., MQA 1/64 of it
        long mha = ModelConfigs.LLAMA_2_70B.withKvHeads(64).kvPerToken(KvFormat.FP16).bytes();
        assertEquals(2L * 80 * 64 * 128 * 2, mha);
        assertEquals(mha / 64, ModelConfigs.LLAMA_2_70B.withKvHeads(1).kvPerToken(KvFormat.FP16).bytes());
    }

    @Test
    void plannerForARealModelUsesChapterOnesWeights() {
        ServingPlanner p = ServingPlanner.of(ModelConfigs.LLAMA_3_1_8B, WeightFormat.FP16, GroupOverhead.NONE,
                ByteSize.ofGiB(2), KvFormat.FP16);
        // weights 8,030,261,248 x 2 B; runtime 2 GiB
        assertEquals(8_030_261_248L * 2 + 2L * (1L << 30), p.plan(Gpu.L4, 4096, 1.0).fixedTotal().bytes());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> p.plan(Gpu.L4, 200_000, 0.9));
        assertTrue(tooLong.getMessage().contains("context 200,000"), tooLong.getMessage());
    }

    @Test
    void badInputIsNamed() {
        assertMessage("queryHeads of x must be positive, got 0",
                () -> new ModelConfig("x", 2, 0, 1, 64, 64, 10, 10, 1, "s"));
        assertMessage("kvHeads must divide queryHeads, got kvHeads 3 for queryHeads 8",
                () -> new ModelConfig("x", 2, 8, 3, 64, 64, 10, 10, 1, "s"));
        assertMessage("kvHeads of x must be positive, got 0", () -> new ModelConfig("x", 2, 8, 0, 64, 64, 10, 10, 1, "s"));
        assertMessage("tokens must not be negative, got -1", () -> ModelConfigs.LLAMA_2_7B.kv(-1, 1, KvFormat.FP16));
        assertMessage("tokens 4,097 is longer than Llama 2 7B's context length of 4,096",
                () -> ModelConfigs.LLAMA_2_7B.kv(4097, 1, KvFormat.FP16));
        assertMessage("requests must not be negative, got -2", () -> ModelConfigs.LLAMA_2_7B.kv(10, -2, KvFormat.FP16));
        ServingPlanner p = ServingPlanner.of(ModelConfigs.LLAMA_2_7B, WeightFormat.FP16, GroupOverhead.NONE,
                ByteSize.ZERO, KvFormat.FP16);
        assertMessage("context must be positive, got -5", () -> p.plan(Gpu.L4, -5, 0.9));
        assertMessage("utilization must be in (0, 1], got 1.5", () -> p.plan(Gpu.L4, 5, 1.5));
        assertMessage("gpuCount must be positive, got 0", () -> p.plan(Gpu.L4, 0, 5, 0.9));
        assertMessage("headDim must be positive, got 0", () -> KvFormat.FP16.bytesPerHeadVector(0));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
