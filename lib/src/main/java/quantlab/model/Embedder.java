package quantlab.model;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * Runs a MiniLM model (the published one, or one the course rewrote) with ONNX Runtime and turns sentences into
 * unit-length 384-dimensional vectors the way sentence-transformers does for this model: mean of the last hidden
 * states over the real (unpadded) tokens, then L2 normalisation. Comparing these vectors before and after
 * quantization is how the course measures what quantization cost.
 *
 * <p>Runs on CUDA when a working GPU is present, otherwise on the CPU; {@link #provider()} says which.
 */
public final class Embedder implements AutoCloseable {

    /** Sentences run through the model together. */
    public static final int BATCH = 32;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final MiniLmTokenizer tokenizer;
    private final boolean ownsTokenizer;
    private final String outputName;
    private final QdqCompute compute;

    private Embedder(byte[] model, MiniLmTokenizer tokenizer, boolean ownsTokenizer, QdqCompute compute) {
        this.env = OrtEnvironment.getEnvironment();
        this.tokenizer = tokenizer;
        this.ownsTokenizer = ownsTokenizer;
        this.compute = compute;
        try {
            ExecutionProvider.Opened opened = ExecutionProvider.open(env, model, compute);
            this.session = opened.session();
            this.provider = opened.provider();
            this.outputName = hiddenStateOutput(session);
        } catch (OrtException e) {
            if (ownsTokenizer) {
                tokenizer.close();
            }
            throw new IllegalArgumentException("model must be an ONNX model ONNX Runtime can load, got "
                    + model.length + " bytes that fail with: " + e.getMessage(), e);
        }
    }

    /** An embedder for a published variant, with its tokenizer. */
    public static Embedder open(MiniLm variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant must be FP32 or INT8, got null");
        }
        return new Embedder(variant.modelBytes(), MiniLmTokenizer.open(variant), true,
                QdqCompute.FLOAT32_ACTIVATIONS);
    }

    /** An embedder for a (possibly rewritten) MiniLM model, with the published tokenizer. */
    public static Embedder of(OnnxModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null, got null");
        }
        return new Embedder(model.toBytes(), MiniLmTokenizer.open(MiniLm.FP32), true,
                QdqCompute.FLOAT32_ACTIVATIONS);
    }

    /** An embedder for the bytes of an {@code .onnx} file, with a tokenizer the caller keeps and closes. */
    public static Embedder of(byte[] model, MiniLmTokenizer tokenizer) {
        return of(model, tokenizer, QdqCompute.FLOAT32_ACTIVATIONS);
    }

    /** As {@link #of(byte[], MiniLmTokenizer)}, choosing how fused DequantizeLinear + MatMul pairs compute. */
    public static Embedder of(byte[] model, MiniLmTokenizer tokenizer, QdqCompute compute) {
        if (model == null || model.length == 0) {
            throw new IllegalArgumentException("model must hold an ONNX model, got "
                    + (model == null ? "null" : "0 bytes"));
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must not be null, got null");
        }
        if (compute == null) {
            throw new IllegalArgumentException("compute must not be null, got null");
        }
        return new Embedder(model, tokenizer, false, compute);
    }

    /** Where the model runs. */
    public ExecutionProvider provider() {
        return provider;
    }

    /** How fused DequantizeLinear + MatMul pairs compute in this session. */
    public QdqCompute compute() {
        return compute;
    }

    /** The tokenizer in use. */
    public MiniLmTokenizer tokenizer() {
        return tokenizer;
    }

    /** The embedding of one sentence. */
    public float[] embed(String sentence) {
        return embed(List.of(checkSentence(sentence, 0)))[0];
    }

    /** The embeddings of several sentences, one unit-length row each, in order. */
    public float[][] embed(List<String> sentences) {
        checkSentences(sentences);
        float[][] out = new float[sentences.size()][];
        for (int start = 0; start < sentences.size(); start += BATCH) {
            List<String> batch = sentences.subList(start, Math.min(sentences.size(), start + BATCH));
            float[][] rows = embedBatch(tokenizer.encode(batch));
            System.arraycopy(rows, 0, out, start, rows.length);
        }
        return out;
    }

    private float[][] embedBatch(List<Tokens> batch) {
        int n = batch.size();
        int len = 0;
        for (Tokens t : batch) {
            len = Math.max(len, t.length());
        }
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        for (int i = 0; i < n; i++) {
            Tokens t = batch.get(i);
            System.arraycopy(t.ids(), 0, ids, i * len, t.length());
            System.arraycopy(t.attentionMask(), 0, mask, i * len, t.length());
            System.arraycopy(t.typeIds(), 0, types, i * len, t.length());
        }
        long[] shape = {n, len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                long[] values = switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    case "token_type_ids" -> types;
                    default -> throw new IllegalStateException("the model wants an input '" + name
                            + "' that a BERT embedder does not have");
                };
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape));
            }
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(outputName))) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hs = hidden.getInfo().getShape();
                int width = Math.toIntExact(hs[2]);
                FloatBuffer values = hidden.getFloatBuffer();
                return meanPoolAndNormalise(values, mask, n, len, width);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + " sentences: "
                    + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    static float[][] meanPoolAndNormalise(FloatBuffer hidden, long[] mask, int n, int len, int width) {
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) {
            double[] sum = new double[width];
            int count = 0;
            for (int t = 0; t < len; t++) {
                if (mask[i * len + t] == 0) {
                    continue;
                }
                count++;
                int base = (i * len + t) * width;
                for (int d = 0; d < width; d++) {
                    sum[d] += hidden.get(base + d);
                }
            }
            double norm = 0;
            for (int d = 0; d < width; d++) {
                sum[d] /= Math.max(count, 1);
                norm += sum[d] * sum[d];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < width; d++) {
                out[i][d] = (float) (sum[d] / norm);
            }
        }
        return out;
    }

    /** Cosine similarity of two vectors (the dot product, for unit-length embeddings). */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("b must have the length of a (" + a.length + "), got " + b.length);
        }
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static String hiddenStateOutput(OrtSession session) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (outputs.containsKey("last_hidden_state")) {
            return "last_hidden_state";
        }
        List<String> rank3 = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo ti && ti.getShape().length == 3) {
                rank3.add(e.getKey());
            }
        }
        if (rank3.isEmpty()) {
            throw new IllegalStateException("the model has no [batch, tokens, hidden] output; outputs are "
                    + outputs.keySet());
        }
        return rank3.get(0);
    }

    static void checkSentences(List<String> sentences) {
        if (sentences == null || sentences.isEmpty()) {
            throw new IllegalArgumentException("sentences must hold at least one sentence, got "
                    + (sentences == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < sentences.size(); i++) {
            checkSentence(sentences.get(i), i);
        }
    }

    private static String checkSentence(String sentence, int index) {
        if (sentence == null) {
            throw new IllegalArgumentException("sentences[" + index + "] must not be null, got null");
        }
        return sentence;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        } finally {
            if (ownsTokenizer) {
                tokenizer.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Embedder(" + provider + ", output " + outputName + ")";
    }
}
