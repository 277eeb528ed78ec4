package quantlab.transformer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import ai.onnx.proto.OnnxMl;
import quantlab.model.FloatTensor;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.model.OnnxModel;
import quantlab.model.Tokens;

/**
 * all-MiniLM-L6-v2's encoder in plain Java, read from the weights of its ONNX file: the same numbers ONNX Runtime
 * computes (cosine above 0.99999 on every course sentence, see the tests), written so the forward pass can be read
 * top to bottom in {@link #hiddenStates}. It exists so the course can look inside the model: record the input of
 * every linear layer (the calibration data of GPTQ and AWQ, {@link #record}) and run the model with some weight
 * matrices replaced ({@link #withWeight}), for example by a quantized-and-dequantized copy.
 *
 * <p>Speed: matrix products are plain Java loops in the layout C2 auto-vectorizes (see {@link Linear}), and
 * {@link #embed(List)} runs sentences on all cores through the common fork-join pool. No Vector API (notebooks run
 * without {@code --add-modules jdk.incubator.vector}) and no padding: each sentence runs at its own length (tokens
 * that carry padding are honoured through their attention mask). Instances are immutable and safe to share between threads.
 */
public final class MiniLmEncoder {

    /** Attention heads per layer. */
    public static final int HEADS = 12;

    /** Width of one head: 384 / 12. */
    public static final int HEAD_SIZE = MiniLm.HIDDEN / HEADS;

    private final float[][] wordEmbeddings;      // [vocabulary][hidden]
    private final float[][] positionEmbeddings;  // [512][hidden]
    private final float[][] tokenTypeEmbeddings; // [2][hidden]
    private final LayerNorm embeddingNorm;
    private final List<Block> blocks;

    /** One transformer block's weights: four attention matrices, two feed-forward ones, two LayerNorms. */
    record Block(Map<MiniLmMatrix.Kind, Linear> linear, LayerNorm attentionNorm, LayerNorm outputNorm) {

        Linear get(MiniLmMatrix.Kind kind) {
            return linear.get(kind);
        }
    }

    private MiniLmEncoder(float[][] word, float[][] position, float[][] tokenType, LayerNorm embeddingNorm,
                          List<Block> blocks) {
        this.wordEmbeddings = word;
        this.positionEmbeddings = position;
        this.tokenTypeEmbeddings = tokenType;
        this.embeddingNorm = embeddingNorm;
        this.blocks = List.copyOf(blocks);
    }

    /** The published fp32 model. */
    public static MiniLmEncoder load() {
        return of(MiniLm.FP32.model());
    }

    /**
     * Reads the weights of an fp32 MiniLM graph (the published one, or one rewritten with other float weights,
     * e.g. with AWQ's scales folded in). A model whose MatMul weights are quantized cannot be read.
     */
    public static MiniLmEncoder of(OnnxModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null, got null");
        }
        Map<String, String> weightOfNode = new HashMap<>();
        for (OnnxMl.NodeProto node : model.proto().getGraph().getNodeList()) {
            if (node.getOpType().equals("MatMul") && node.getInputCount() == 2) {
                weightOfNode.put(node.getName(), node.getInput(1));
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (int layer = 0; layer < MiniLm.LAYERS; layer++) {
            Map<MiniLmMatrix.Kind, Linear> linear = new EnumMap<>(MiniLmMatrix.Kind.class);
            for (MiniLmMatrix m : MiniLmMatrix.ofLayer(layer)) {
                String weight = weightOfNode.get(m.matMulNode());
                if (weight == null || !model.hasInitializer(weight) || !model.initializer(weight).isFloat()) {
                    throw new IllegalArgumentException("model must be an fp32 MiniLM whose node " + m.matMulNode()
                            + " multiplies by a float32 initializer, got " + (weight == null ? "no such MatMul"
                            : "input '" + weight + "'"));
                }
                FloatTensor w = model.floatTensor(weight);
                checkShape(w, m.inputs(), m.outputs());
                linear.put(m.kind(), Linear.fromInOut(w.data(), m.inputs(), m.outputs(),
                        vector(model, m.biasName(), m.outputs())));
            }
            String prefix = "encoder.layer." + layer;
            blocks.add(new Block(linear, norm(model, prefix + ".attention.output.LayerNorm"),
                    norm(model, prefix + ".output.LayerNorm")));
        }
        return new MiniLmEncoder(
                rows(model, "embeddings.word_embeddings.weight"),
                rows(model, "embeddings.position_embeddings.weight"),
                rows(model, "embeddings.token_type_embeddings.weight"),
                norm(model, "embeddings.LayerNorm"), blocks);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The forward pass
    // ---------------------------------------------------------------------------------------------------------

    /** The last hidden state of one sentence: one 384-wide row per token, what the ONNX graph outputs. */
    public float[][] hiddenStates(Tokens tokens) {
        return forward(tokens, null, MiniLm.LAYERS - 1);
    }

    /**
     * The forward pass up to and including block {@code lastLayer}; when {@code recorder} is not null, every
     * linear layer's input is handed to it on the way.
     */
    private float[][] forward(Tokens tokens, Map<MiniLmMatrix, float[][]> recorder, int lastLayer) {
        float[][] x = embeddings(tokens);
        boolean[] padding = padding(tokens);
        for (int layer = 0; layer <= lastLayer; layer++) {
            x = block(layer, x, padding, recorder);
        }
        return x;
    }

    /** One transformer block: the hidden state entering block {@code layer} in, the one leaving it out. */
    private float[][] block(int layer, float[][] x, boolean[] padding, Map<MiniLmMatrix, float[][]> recorder) {
        Block block = blocks.get(layer);

        // Self-attention: every token looks at every token, in 12 heads of 32 channels.
        float[][] q = linear(block, layer, MiniLmMatrix.Kind.QUERY, x, recorder);
        float[][] k = linear(block, layer, MiniLmMatrix.Kind.KEY, x, recorder);
        float[][] v = linear(block, layer, MiniLmMatrix.Kind.VALUE, x, recorder);
        float[][] context = attention(q, k, v, padding);
        float[][] attended = linear(block, layer, MiniLmMatrix.Kind.ATTENTION_OUTPUT, context, recorder);
        x = block.attentionNorm().apply(add(attended, x));

        // Feed-forward: widen to 1536, GELU, narrow back to 384.
        float[][] up = linear(block, layer, MiniLmMatrix.Kind.FFN_UP, x, recorder);
        Gelu.applyInPlace(up);
        float[][] down = linear(block, layer, MiniLmMatrix.Kind.FFN_DOWN, up, recorder);
        return block.outputNorm().apply(add(down, x));
    }

    /** Token embedding: word piece + position + segment, then LayerNorm. */
    private float[][] embeddings(Tokens tokens) {
        long[] ids = tokens.ids();
        long[] types = tokens.typeIds();
        if (ids.length == 0 || ids.length > positionEmbeddings.length) {
            throw new IllegalArgumentException("tokens must hold 1 to " + positionEmbeddings.length
                    + " tokens, got " + ids.length);
        }
        float[][] x = new float[ids.length][MiniLm.HIDDEN];
        for (int t = 0; t < ids.length; t++) {
            float[] word = wordEmbeddings[checkId(ids[t], wordEmbeddings.length, "ids", t)];
            float[] type = tokenTypeEmbeddings[checkId(types[t], tokenTypeEmbeddings.length, "typeIds", t)];
            float[] position = positionEmbeddings[t];
            for (int d = 0; d < MiniLm.HIDDEN; d++) {
                x[t][d] = word[d] + type[d] + position[d];
            }
        }
        return embeddingNorm.apply(x);
    }

    /**
     * Scaled dot-product attention per head: token t's output is the average of the value vectors weighted by
     * softmax over s of q_t . k_s / sqrt(32). Padding tokens (attention mask 0) get no weight as keys.
     */
    private static float[][] attention(float[][] q, float[][] k, float[][] v, boolean[] padding) {
        int n = q.length;
        float scale = (float) Math.sqrt(HEAD_SIZE);
        float[][] out = new float[n][MiniLm.HIDDEN];
        float[] scores = new float[n];
        for (int h = 0; h < HEADS; h++) {
            int from = h * HEAD_SIZE;
            for (int t = 0; t < n; t++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < n; s++) {
                    if (padding[s]) {
                        scores[s] = Float.NEGATIVE_INFINITY;
                        continue;
                    }
                    float dot = 0;
                    for (int d = from; d < from + HEAD_SIZE; d++) {
                        dot += q[t][d] * k[s][d];
                    }
                    scores[s] = dot / scale;
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s < n; s++) {
                    scores[s] = (float) Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                float[] o = out[t];
                for (int s = 0; s < n; s++) {
                    float p = (float) (scores[s] / sum);
                    for (int d = from; d < from + HEAD_SIZE; d++) {
                        o[d] += p * v[s][d];
                    }
                }
            }
        }
        return out;
    }

    private static float[][] linear(Block block, int layer, MiniLmMatrix.Kind kind, float[][] input,
                                    Map<MiniLmMatrix, float[][]> recorder) {
        if (recorder != null) {
            recorder.computeIfPresent(new MiniLmMatrix(layer, kind), (m, none) -> input);
        }
        return block.get(kind).apply(input);
    }

    /** Which tokens the attention mask marks as padding (0); a sentence run alone has none. */
    private static boolean[] padding(Tokens tokens) {
        long[] mask = tokens.attentionMask();
        boolean[] padding = new boolean[mask.length];
        boolean any = false;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] != 0 && mask[t] != 1) {
                throw new IllegalArgumentException("attentionMask[" + t + "] must be 0 or 1, got " + mask[t]);
            }
            padding[t] = mask[t] == 0;
            any |= !padding[t];
        }
        if (!any) {
            throw new IllegalArgumentException("attentionMask must mark at least one real token, got all 0");
        }
        return padding;
    }

    /** a + b, row by row, into a. */
    private static float[][] add(float[][] a, float[][] b) {
        for (int t = 0; t < a.length; t++) {
            for (int d = 0; d < a[t].length; d++) {
                a[t][d] += b[t][d];
            }
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sentence embeddings
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The sentence embedding: the mean of the last hidden states over the real tokens (attention mask 1), scaled
     * to unit length, as sentence-transformers pools this model.
     */
    public float[] embed(Tokens tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must not be null, got null");
        }
        float[][] hidden = hiddenStates(tokens);
        boolean[] padding = padding(tokens);
        double[] mean = new double[MiniLm.HIDDEN];
        int count = 0;
        for (int t = 0; t < hidden.length; t++) {
            if (padding[t]) {
                continue;
            }
            count++;
            for (int d = 0; d < MiniLm.HIDDEN; d++) {
                mean[d] += hidden[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < MiniLm.HIDDEN; d++) {
            mean[d] /= count;
            norm += mean[d] * mean[d];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[MiniLm.HIDDEN];
        for (int d = 0; d < MiniLm.HIDDEN; d++) {
            out[d] = (float) (mean[d] / norm);
        }
        return out;
    }

    /** The embeddings of several sentences, in order, computed on all cores. */
    public float[][] embed(List<Tokens> sentences) {
        checkSentences(sentences);
        return IntStream.range(0, sentences.size()).parallel()
                .mapToObj(i -> embed(sentences.get(i)))
                .toArray(float[][]::new);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Calibration: the inputs of chosen linear layers
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Runs the sentences and keeps, for each requested matrix, the vectors it was multiplied with: one row per
     * token, all sentences in order. Only the blocks up to the last requested layer run. Sentences run on all
     * cores; the result does not depend on how many.
     */
    public LinearInputs record(List<Tokens> sentences, Set<MiniLmMatrix> matrices) {
        checkSentences(sentences);
        if (matrices == null || matrices.isEmpty()) {
            throw new IllegalArgumentException("matrices must name at least one matrix, got "
                    + (matrices == null ? "null" : "none"));
        }
        TreeSet<MiniLmMatrix> wanted = new TreeSet<>(matrices);
        int lastLayer = wanted.last().layer();
        List<Map<MiniLmMatrix, float[][]>> perSentence = IntStream.range(0, sentences.size()).parallel()
                .mapToObj(i -> {
                    Map<MiniLmMatrix, float[][]> recorder = new HashMap<>();
                    for (MiniLmMatrix m : wanted) {
                        recorder.put(m, new float[0][]);
                    }
                    forward(sentences.get(i), recorder, lastLayer);
                    return recorder;
                }).toList();
        return assemble(sentences, wanted, perSentence);
    }

    /** One row per token of every sentence, in order, for each wanted matrix; q/k/v share one tensor. */
    private static LinearInputs assemble(List<Tokens> sentences, Set<MiniLmMatrix> wanted,
                                         List<Map<MiniLmMatrix, float[][]>> perSentence) {
        int tokens = 0;
        for (Tokens t : sentences) {
            tokens += t.length();
        }
        Map<MiniLmMatrix, FloatTensor> result = new HashMap<>();
        Map<String, FloatTensor> shared = new HashMap<>(); // query, key and value read one input
        for (MiniLmMatrix m : wanted) {
            String site = switch (m.kind()) {
                case QUERY, KEY, VALUE -> m.layer() + " attention input";
                default -> m.label();
            };
            final int rows = tokens;
            result.put(m, shared.computeIfAbsent(site, s -> {
                float[] data = new float[rows * m.inputs()];
                int at = 0;
                for (Map<MiniLmMatrix, float[][]> recorder : perSentence) {
                    for (float[] row : recorder.get(m)) {
                        System.arraycopy(row, 0, data, at, row.length);
                        at += row.length;
                    }
                }
                return new FloatTensor("inputs of " + m.label(), new int[] {rows, m.inputs()}, data);
            }));
        }
        return new LinearInputs(result, tokens, sentences.size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Block by block: keep the hidden state instead of re-running earlier blocks
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The hidden states of several sentences between two blocks (one [tokens, 384] array per sentence), so that a
     * caller that changes the model block by block (sequential GPTQ) runs each block once instead of re-running
     * every block before it. Made by {@link #embeddingStates}, advanced by {@link #runBlock}.
     *
     * @param sentences the sentences, in order
     * @param next      the block these states enter (0 for the embeddings' output; {@link MiniLm#LAYERS} after the last)
     * @param states    one hidden state per sentence, not to be changed by the caller
     */
    public record HiddenStates(List<Tokens> sentences, int next, List<float[][]> states) {

        public HiddenStates {
            sentences = List.copyOf(sentences);
            states = List.copyOf(states);
        }
    }

    /** What {@link #runBlock} returns: the states leaving the block, and the inputs it recorded (null if none). */
    public record BlockStep(HiddenStates output, LinearInputs inputs) {
    }

    /** The hidden states entering block 0: each sentence's embeddings after the embedding LayerNorm. */
    public HiddenStates embeddingStates(List<Tokens> sentences) {
        checkSentences(sentences);
        List<float[][]> states = IntStream.range(0, sentences.size()).parallel()
                .mapToObj(i -> embeddings(sentences.get(i))).toList();
        return new HiddenStates(sentences, 0, states);
    }

    /**
     * Runs this encoder's block {@code states.next()} alone on the given hidden states (which may come from another
     * encoder, e.g. one whose earlier blocks are quantized), recording the inputs of the requested matrices of
     * that block. Running {@link #embeddingStates} and then every block gives the same numbers as
     * {@link #record} and {@link #hiddenStates}, bit for bit. Sentences run on all cores.
     *
     * @param states   the hidden states entering the block
     * @param matrices matrices of that block whose inputs to record; may be empty
     */
    public BlockStep runBlock(HiddenStates states, Set<MiniLmMatrix> matrices) {
        if (states == null || matrices == null) {
            throw new IllegalArgumentException("states and matrices must not be null, got " + states + " and "
                    + matrices);
        }
        int layer = states.next();
        if (layer < 0 || layer >= blocks.size()) {
            throw new IllegalArgumentException("states must enter a block 0 to " + (blocks.size() - 1) + ", got "
                    + layer);
        }
        for (MiniLmMatrix m : matrices) {
            if (m == null || m.layer() != layer) {
                throw new IllegalArgumentException("matrices must belong to block " + layer + ", got " + m);
            }
        }
        TreeSet<MiniLmMatrix> wanted = new TreeSet<>(matrices);
        List<Tokens> sentences = states.sentences();
        List<Map.Entry<float[][], Map<MiniLmMatrix, float[][]>>> done = IntStream.range(0, sentences.size())
                .parallel().mapToObj(i -> {
                    Map<MiniLmMatrix, float[][]> recorder = new HashMap<>();
                    for (MiniLmMatrix m : wanted) {
                        recorder.put(m, new float[0][]);
                    }
                    // block() writes only arrays it allocates, so the caller's states are read, never changed
                    float[][] out = block(layer, states.states().get(i), padding(sentences.get(i)), recorder);
                    return Map.entry(out, recorder);
                }).toList();
        HiddenStates output = new HiddenStates(sentences, layer + 1, done.stream().map(Map.Entry::getKey).toList());
        LinearInputs inputs = wanted.isEmpty() ? null
                : assemble(sentences, wanted, done.stream().map(Map.Entry::getValue).toList());
        return new BlockStep(output, inputs);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Weights in and out
    // ---------------------------------------------------------------------------------------------------------

    /** A copy of one weight matrix in the course's [out, in] layout (row o holds output o's weights). */
    public FloatTensor weight(MiniLmMatrix matrix) {
        Linear l = linear(matrix);
        return new FloatTensor(matrix.label(), new int[] {matrix.outputs(), matrix.inputs()}, l.toOutIn());
    }

    /** A copy of one matrix's bias (one value per output). */
    public float[] bias(MiniLmMatrix matrix) {
        return linear(matrix).bias().clone();
    }

    /**
     * An encoder that is this one with one weight matrix replaced (shape [out, in]), e.g. by its quantized and
     * dequantized copy or by a scaled one; the bias and every other weight stay. This encoder is not changed.
     */
    public MiniLmEncoder withWeight(MiniLmMatrix matrix, FloatTensor outIn) {
        return withWeights(Map.of(matrix, outIn));
    }

    /** As {@link #withWeight}, for several matrices at once. */
    public MiniLmEncoder withWeights(Map<MiniLmMatrix, FloatTensor> replacements) {
        if (replacements == null) {
            throw new IllegalArgumentException("replacements must not be null, got null");
        }
        List<Block> changed = new ArrayList<>(blocks);
        for (Map.Entry<MiniLmMatrix, FloatTensor> e : replacements.entrySet()) {
            MiniLmMatrix m = e.getKey();
            if (m == null) {
                throw new IllegalArgumentException("replacements must not have a null matrix");
            }
            FloatTensor w = e.getValue();
            if (w == null) {
                throw new IllegalArgumentException("replacement for " + m + " must not be null, got null");
            }
            checkShape(w, m.outputs(), m.inputs());
            for (int i = 0; i < w.data().length; i++) {
                if (!Float.isFinite(w.data()[i])) {
                    throw new IllegalArgumentException("replacement for " + m + " must be finite, got "
                            + w.data()[i] + " at index " + i);
                }
            }
            Block old = changed.get(m.layer());
            Map<MiniLmMatrix.Kind, Linear> linear = new EnumMap<>(old.linear());
            linear.put(m.kind(), Linear.fromOutIn(w.data(), m.outputs(), m.inputs(), old.get(m.kind()).bias()));
            changed.set(m.layer(), new Block(linear, old.attentionNorm(), old.outputNorm()));
        }
        return new MiniLmEncoder(wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, embeddingNorm, changed);
    }

    private Linear linear(MiniLmMatrix matrix) {
        if (matrix == null) {
            throw new IllegalArgumentException("matrix must not be null, got null");
        }
        return blocks.get(matrix.layer()).get(matrix.kind());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading the ONNX file, checks
    // ---------------------------------------------------------------------------------------------------------

    private static float[][] rows(OnnxModel model, String name) {
        FloatTensor t = model.floatTensor(name);
        if (t.shape().length != 2 || t.cols() != MiniLm.HIDDEN) {
            throw new IllegalArgumentException("model's " + name + " must be [n, " + MiniLm.HIDDEN + "], got "
                    + t);
        }
        float[][] rows = new float[t.rows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(t.data(), r * t.cols(), (r + 1) * t.cols());
        }
        return rows;
    }

    private static float[] vector(OnnxModel model, String name, int length) {
        FloatTensor t = model.floatTensor(name);
        if (t.data().length != length) {
            throw new IllegalArgumentException("model's " + name + " must hold " + length + " values, got " + t);
        }
        return t.data();
    }

    private static LayerNorm norm(OnnxModel model, String prefix) {
        return new LayerNorm(vector(model, prefix + ".weight", MiniLm.HIDDEN),
                vector(model, prefix + ".bias", MiniLm.HIDDEN), LayerNorm.MINILM_EPSILON);
    }

    private static void checkShape(FloatTensor t, int rows, int cols) {
        int[] s = t.shape();
        if (s.length != 2 || s[0] != rows || s[1] != cols) {
            throw new IllegalArgumentException("weight " + t.name() + " must have shape [" + rows + ", " + cols
                    + "], got " + java.util.Arrays.toString(s));
        }
    }

    private static int checkId(long id, int limit, String what, int t) {
        if (id < 0 || id >= limit) {
            throw new IllegalArgumentException(what + "[" + t + "] must be in [0, " + limit + "), got " + id);
        }
        return (int) id;
    }

    private static void checkSentences(List<Tokens> sentences) {
        if (sentences == null || sentences.isEmpty()) {
            throw new IllegalArgumentException("sentences must hold at least one tokenized sentence, got "
                    + (sentences == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i) == null) {
                throw new IllegalArgumentException("sentences[" + i + "] must not be null, got null");
            }
        }
    }

    @Override
    public String toString() {
        return "MiniLmEncoder(" + blocks.size() + " layers, hidden " + MiniLm.HIDDEN + ", " + HEADS + " heads)";
    }
}
