package quantlab.kvcache;

import java.util.List;

/**
 * Real model configurations, each read from the model's published configuration (the Hugging Face
 * {@code config.json} named in its source, or the paper where no such file exists). Parameter counts are the
 * safetensors totals that Hugging Face shows where we have them, otherwise the published round figure, as the
 * source says. Only the KV-relevant fields (layers, KV heads, head dim) enter the KV figures.
 */
public final class ModelConfigs {

    private ModelConfigs() {
    }

    private static final String HF = "Hugging Face ";

    /** Llama 2 7B: MHA, 32 layers x 32 heads x 128. */
    public static final ModelConfig LLAMA_2_7B = new ModelConfig("Llama 2 7B", 32, 32, 32, 128, 4096, 32_000, 4096,
            6_738_415_616L, HF + "meta-llama/Llama-2-7b-hf config.json; parameters: safetensors total");
    /** Llama 2 13B: MHA, 40 layers x 40 heads x 128. */
    public static final ModelConfig LLAMA_2_13B = new ModelConfig("Llama 2 13B", 40, 40, 40, 128, 5120, 32_000, 4096,
            13_015_864_320L, HF + "meta-llama/Llama-2-13b-hf config.json; parameters: safetensors total");
    /** Llama 2 70B: GQA with 8 KV heads for 64 query heads, 80 layers. */
    public static final ModelConfig LLAMA_2_70B = new ModelConfig("Llama 2 70B", 80, 64, 8, 128, 8192, 32_000, 4096,
            68_976_648_192L, HF + "meta-llama/Llama-2-70b-hf config.json; parameters: safetensors total");
    /** Llama 3.1 8B: GQA-8, 32 layers, 128K context. */
    public static final ModelConfig LLAMA_3_1_8B = new ModelConfig("Llama 3.1 8B", 32, 32, 8, 128, 4096, 128_256,
            131_072, 8_030_261_248L, HF + "meta-llama/Llama-3.1-8B config.json; parameters: safetensors total");
    /** Llama 3.1 70B: the seed's "70B-style" shape (80 layers, 8 KV heads, head dim 128) with a 128K context. */
    public static final ModelConfig LLAMA_3_1_70B = new ModelConfig("Llama 3.1 70B", 80, 64, 8, 128, 8192, 128_256,
            131_072, 70_553_706_496L, HF + "meta-llama/Llama-3.1-70B config.json; parameters: safetensors total");
    /** Llama 3.1 405B: 126 layers, 128 query heads, 8 KV heads. */
    public static final ModelConfig LLAMA_3_1_405B = new ModelConfig("Llama 3.1 405B", 126, 128, 8, 128, 16_384,
            128_256, 131_072, 405_000_000_000L,
            HF + "meta-llama/Llama-3.1-405B config.json; parameters: the model card's round 405B");
    /** Mistral 7B v0.1: GQA-8, 32 layers (its 4,096-token sliding window is ignored here: a full cache). */
    public static final ModelConfig MISTRAL_7B = new ModelConfig("Mistral 7B", 32, 32, 8, 128, 4096, 32_000, 32_768,
            7_241_732_096L, HF + "mistralai/Mistral-7B-v0.1 config.json; parameters: safetensors total");
    /** Mixtral 8x7B: Mistral's attention (GQA-8, 32 layers) with eight expert MLPs; the cache ignores the experts. */
    public static final ModelConfig MIXTRAL_8X7B = new ModelConfig("Mixtral 8x7B", 32, 32, 8, 128, 4096, 32_000,
            32_768, 46_702_792_704L, HF + "mistralai/Mixtral-8x7B-v0.1 config.json; parameters: safetensors total");
    /** Qwen2.5 7B: 28 layers, 28 query heads, only 4 KV heads. */
    public static final ModelConfig QWEN_2_5_7B = new ModelConfig("Qwen2.5 7B", 28, 28, 4, 128, 3584, 152_064,
            131_072, 7_615_616_512L, HF + "Qwen/Qwen2.5-7B config.json; parameters: safetensors total");
    /** Qwen2.5 72B: 80 layers, 64 query heads, 8 KV heads. */
    public static final ModelConfig QWEN_2_5_72B = new ModelConfig("Qwen2.5 72B", 80, 64, 8, 128, 8192, 152_064,
            131_072, 72_706_203_648L, HF + "Qwen/Qwen2.5-72B config.json; parameters: safetensors total");
    /**
     * Falcon 7B: true multi-query attention, one KV head for 71 query heads of 64 elements. (Falcon 40B, often
     * filed as MQA too, keeps 8 KV heads: see {@link #FALCON_40B}.)
     */
    public static final ModelConfig FALCON_7B = new ModelConfig("Falcon 7B", 32, 71, 1, 64, 4544, 65_024, 2048,
            6_921_720_704L, HF + "tiiuae/falcon-7b config.json (multi_query); parameters: safetensors total");
    /** Falcon 40B: 60 layers, 128 query heads of 64, n_head_kv = 8 (grouped, not single-head, in its config). */
    public static final ModelConfig FALCON_40B = new ModelConfig("Falcon 40B", 60, 128, 8, 64, 8192, 65_024, 2048,
            40_000_000_000L, HF + "tiiuae/falcon-40b config.json (n_head_kv 8); parameters: the model card's round 40B");
    /** OPT-13B: MHA, 40 layers x 40 heads x 128; the vLLM paper's 800 KB-per-token example. */
    public static final ModelConfig OPT_13B = new ModelConfig("OPT-13B", 40, 40, 40, 128, 5120, 50_272, 2048,
            13_000_000_000L, HF + "facebook/opt-13b config.json; parameters: the round 13B of Zhang et al. 2022");
    /** GPT-3 175B: 96 layers x 96 heads x 128, 2,048-token context (Brown et al. 2020, Table 2.1). */
    public static final ModelConfig GPT_3_175B = new ModelConfig("GPT-3 175B", 96, 96, 96, 128, 12_288, 50_257, 2048,
            175_000_000_000L, "Brown et al. 2020, Language Models are Few-Shot Learners, Table 2.1");
    /** all-MiniLM-L6-v2, chapter 5's model: 6 layers, 12 heads of 32 (an encoder, so it keeps no cache in use). */
    public static final ModelConfig MINILM_L6 = new ModelConfig("all-MiniLM-L6-v2", 6, 12, 12, 32, 384, 30_522, 512,
            22_700_000L, HF + "sentence-transformers/all-MiniLM-L6-v2 config.json; parameters: the 22.7M its model page shows");

    /** The presets of decoder models that serve text, in the order of the chapter's tables. */
    public static List<ModelConfig> all() {
        return List.of(LLAMA_2_7B, LLAMA_2_13B, LLAMA_2_70B, LLAMA_3_1_8B, LLAMA_3_1_70B, LLAMA_3_1_405B, MISTRAL_7B,
                MIXTRAL_8X7B, QWEN_2_5_7B, QWEN_2_5_72B, FALCON_7B, FALCON_40B, OPT_13B, GPT_3_175B);
    }

    /** Looks a preset up by its name, ignoring case. */
    public static ModelConfig named(String name) {
        for (ModelConfig c : all()) {
            if (c.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return c;
            }
        }
        if (MINILM_L6.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
            return MINILM_L6;
        }
        throw new IllegalArgumentException("name: no model preset called '" + name + "'; known: "
                + all().stream().map(ModelConfig::name).toList());
    }
}
