package quantlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * The model's own WordPiece tokenizer, read from the {@code tokenizer.json} that ships with it, so text becomes
 * exactly the ids the network was trained on (lower-casing, {@code [CLS]}/{@code [SEP]}, truncation at
 * {@value MiniLm#MAX_TOKENS} tokens). Backed by Hugging Face's Rust tokenizers through DJL; the native library is
 * inside the DJL jar, so nothing is downloaded.
 *
 * <p>Sentences are not padded here; {@link Embedder} pads each batch to its longest sentence.
 */
public final class MiniLmTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private MiniLmTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The tokenizer of a published variant, from the class path. */
    public static MiniLmTokenizer open(MiniLm variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant must be FP32 or INT8, got null");
        }
        try (InputStream in = variant.tokenizerStream()) {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(in, Map.of(
                    "addSpecialTokens", "true",
                    "truncation", "true",
                    "padding", "false",
                    "maxLength", Integer.toString(MiniLm.MAX_TOKENS)));
            return new MiniLmTokenizer(t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + variant.tokenizerResource(), e);
        }
    }

    /** Tokenizes one sentence. */
    public Tokens encode(String sentence) {
        if (sentence == null) {
            throw new IllegalArgumentException("sentence must not be null, got null");
        }
        return convert(tokenizer.encode(sentence));
    }

    /** Tokenizes several sentences, each on its own (no padding). */
    public List<Tokens> encode(List<String> sentences) {
        Embedder.checkSentences(sentences);
        Encoding[] all = tokenizer.batchEncode(sentences);
        return java.util.Arrays.stream(all).map(MiniLmTokenizer::convert).toList();
    }

    /** The text of a list of ids, special tokens dropped. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    private static Tokens convert(Encoding e) {
        return new Tokens(e.getIds(), e.getAttentionMask(), e.getTypeIds(), e.getTokens());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
