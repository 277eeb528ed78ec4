package quantlab.calibration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import quantlab.model.MiniLmMatrix;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.ParaphraseSets;
import quantlab.model.Tokens;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/**
 * The text a calibration-based quantizer (GPTQ, AWQ) looks at, tokenized: a fixed, documented choice of paragraphs,
 * so every run of a chapter sees the same activations. {@link #collect} runs the Java encoder over it and returns
 * the inputs of the chosen linear layers.
 *
 * @param source where the text comes from, for tables, e.g. "Moby-Dick, 32 paragraphs"
 * @param texts  the paragraphs or sentences, in order
 * @param tokens their token ids (truncated to the model's 128 tokens)
 */
public record CalibrationSet(String source, List<String> texts, List<Tokens> tokens) {

    /** Paragraphs shorter than this many words are skipped (dialogue lines, one-line exclamations). */
    public static final int MIN_WORDS = 20;

    public CalibrationSet {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank, got " + source);
        }
        if (texts == null || tokens == null || texts.isEmpty() || texts.size() != tokens.size()) {
            throw new IllegalArgumentException("texts and tokens must be non-empty lists of one length, got "
                    + (texts == null ? "null" : texts.size()) + " and " + (tokens == null ? "null" : tokens.size()));
        }
        texts = List.copyOf(texts);
        tokens = List.copyOf(tokens);
    }

    /**
     * {@code paragraphs} paragraphs of Moby-Dick of at least {@value #MIN_WORDS} words, evenly spaced through the
     * book (the k-th of n is the one at position floor(k * eligible / n)), so the set covers all of it and is the
     * same on every run. None of them is an evaluation sentence of {@code data/sentences.tsv} (checked).
     */
    public static CalibrationSet mobyDick(int paragraphs, MiniLmTokenizer tokenizer) {
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must not be null, got null");
        }
        List<String> eligible = new ArrayList<>();
        for (String p : MobyDick.paragraphs()) {
            if (p.split(" ").length >= MIN_WORDS) {
                eligible.add(p);
            }
        }
        if (paragraphs < 1 || paragraphs > eligible.size()) {
            throw new IllegalArgumentException("paragraphs must be in [1, " + eligible.size() + "] (the book's "
                    + "paragraphs of at least " + MIN_WORDS + " words), got " + paragraphs);
        }
        List<String> chosen = new ArrayList<>(paragraphs);
        for (int k = 0; k < paragraphs; k++) {
            chosen.add(eligible.get((int) ((long) k * eligible.size() / paragraphs)));
        }
        Set<String> evaluation = new HashSet<>(ParaphraseSets.load().texts());
        for (String text : chosen) {
            if (evaluation.contains(text)) {
                throw new IllegalStateException("a calibration paragraph is an evaluation sentence: " + text);
            }
        }
        return new CalibrationSet("Moby-Dick, " + paragraphs + " paragraphs", chosen, tokenizer.encode(chosen));
    }

    /**
     * Any texts as a calibration set. The course uses it once, to show what calibrating on the evaluation
     * sentences themselves does to the measurement (it flatters the method); never for a reported result.
     */
    public static CalibrationSet of(String source, List<String> texts, MiniLmTokenizer tokenizer) {
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must not be null, got null");
        }
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("texts must hold at least one text, got "
                    + (texts == null ? "null" : "an empty list"));
        }
        return new CalibrationSet(source, texts, tokenizer.encode(texts));
    }

    /** Tokens over all texts, [CLS] and [SEP] included: the number of activation rows a layer sees. */
    public int tokenCount() {
        int n = 0;
        for (Tokens t : tokens) {
            n += t.length();
        }
        return n;
    }

    /** The inputs of the chosen matrices when the encoder runs this text (one row per token). */
    public LinearInputs collect(MiniLmEncoder encoder, Set<MiniLmMatrix> matrices) {
        if (encoder == null) {
            throw new IllegalArgumentException("encoder must not be null, got null");
        }
        return encoder.record(tokens, matrices);
    }

    /** The inputs of all 36 matrices. */
    public LinearInputs collectAll(MiniLmEncoder encoder) {
        return collect(encoder, new HashSet<>(MiniLmMatrix.all()));
    }

    @Override
    public String toString() {
        return source + " (" + tokenCount() + " tokens)";
    }
}
