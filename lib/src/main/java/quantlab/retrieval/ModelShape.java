package quantlab.retrieval;

/**
 * The few numbers of a transformer's config that PEFT parameter counts need, with the published total parameter
 * count and where the figures come from.
 *
 * @param kvDim the output width of the key and value projections, kvHeads × headDim (= hidden without GQA)
 */
public record ModelShape(String name, int hidden, int layers, int intermediate, int kvDim, long parameters,
        String source) {

    public ModelShape {
        if (hidden < 1 || layers < 1 || intermediate < 1 || kvDim < 1 || parameters < 1) {
            throw new IllegalArgumentException("hidden, layers, intermediate, kvDim and parameters must be positive,"
                    + " got " + hidden + ", " + layers + ", " + intermediate + ", " + kvDim + ", " + parameters);
        }
    }

    /** Llama 2 7B: config.json of meta-llama/Llama-2-7b-hf; 6,738,415,616 parameters (PEFT's own count of it). */
    public static final ModelShape LLAMA2_7B = new ModelShape("Llama 2 7B", 4096, 32, 11008, 4096, 6_738_415_616L,
            "meta-llama/Llama-2-7b-hf config.json (hidden 4096, 32 layers, 32 KV heads, intermediate 11008)");

    /** Llama 3.1 8B: 8 KV heads of 128, so k and v project to 1024. */
    public static final ModelShape LLAMA31_8B = new ModelShape("Llama 3.1 8B", 4096, 32, 14336, 1024, 8_030_261_248L,
            "meta-llama/Llama-3.1-8B config.json (hidden 4096, 32 layers, 8 KV heads x 128, intermediate 14336)");

    /** all-MiniLM-L6-v2, the course's model: a 6-layer BERT of width 384. */
    public static final ModelShape MINILM_L6 = new ModelShape("all-MiniLM-L6-v2", 384, 6, 1536, 384, 22_713_216L,
            "sentence-transformers/all-MiniLM-L6-v2 config.json (hidden 384, 6 layers, 12 heads, intermediate 1536)");
}
