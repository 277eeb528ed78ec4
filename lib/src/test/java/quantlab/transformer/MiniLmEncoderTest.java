package quantlab.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import quantlab.model.Embedder;
import quantlab.model.FloatTensor;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.ParaphraseSets;
import quantlab.model.Tokens;

/** The Java forward pass against ONNX Runtime (an independent implementation of the same graph). */
class MiniLmEncoderTest {

    private static MiniLmEncoder encoder;
    private static MiniLmTokenizer tokenizer;
    private static List<String> sentences;
    private static List<Tokens> tokens;

    @BeforeAll
    static void load() {
        encoder = MiniLmEncoder.load();
        tokenizer = MiniLm.FP32.tokenizer();
        sentences = ParaphraseSets.load().texts();
        tokens = tokenizer.encode(sentences);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void everyCourseSentenceMatchesOnnxRuntime() {
        float[][] ours = encoder.embed(tokens);
        float[][] ort;
        try (Embedder embedder = MiniLm.FP32.embedder()) {
            ort = embedder.embed(sentences);
        }
        assertEquals(208, sentences.size());
        double worst = 1;
        int worstAt = -1;
        for (int i = 0; i < sentences.size(); i++) {
            double c = Embedder.cosine(ours[i], ort[i]);
            if (c < worst) {
                worst = c;
                worstAt = i;
            }
        }
        System.out.printf("Java forward pass vs ONNX Runtime: worst cosine %.9f, 1 - cosine %.2e (sentence %d: %s)%n",
                worst, 1 - worst, worstAt,
                worstAt < 0 ? "" : sentences.get(worstAt));
        assertTrue(worst >= 0.99999, "worst cosine " + worst + " at " + worstAt);
    }

    @Test
    void erfMatchesPublishedValues() {
        // Abramowitz and Stegun, Table 7.1: erf(0.5), erf(1), erf(2).
        assertEquals(0.5204998778, Gelu.erf(0.5), 2e-7);
        assertEquals(0.8427007929, Gelu.erf(1.0), 2e-7);
        assertEquals(0.9953222650, Gelu.erf(2.0), 2e-7);
        assertEquals(-0.8427007929, Gelu.erf(-1.0), 2e-7);
        assertEquals(0.0, Gelu.erf(0.0), 1e-9);
        // gelu(1) = 0.5 (1 + erf(1/sqrt 2)) = 0.8413447461 (the standard normal CDF at 1).
        assertEquals(0.8413447461, Gelu.gelu(1f), 2e-7);
        assertThrows(IllegalArgumentException.class, () -> Gelu.erf(Double.NaN));
    }

    @Test
    void aPaddedSentenceEmbedsAsItselfAlone() {
        Tokens t = tokens.get(0);
        int n = t.length();
        long[] ids = java.util.Arrays.copyOf(t.ids(), n + 3);
        long[] mask = java.util.Arrays.copyOf(t.attentionMask(), n + 3);
        long[] types = new long[n + 3];
        String[] pieces = java.util.Arrays.copyOf(t.tokens(), n + 3);
        java.util.Arrays.fill(pieces, n, n + 3, "[PAD]");
        Tokens padded = new Tokens(ids, mask, types, pieces);
        assertEquals(1.0, Embedder.cosine(encoder.embed(t), encoder.embed(padded)), 1e-6);
    }

    @Test
    void recordsTheInputOfEachLinearLayer() {
        List<Tokens> two = tokens.subList(0, 2);
        MiniLmMatrix q0 = new MiniLmMatrix(0, MiniLmMatrix.Kind.QUERY);
        MiniLmMatrix k0 = new MiniLmMatrix(0, MiniLmMatrix.Kind.KEY);
        MiniLmMatrix down2 = new MiniLmMatrix(2, MiniLmMatrix.Kind.FFN_DOWN);
        LinearInputs in = encoder.record(two, Set.of(q0, k0, down2));
        int rows = two.get(0).length() + two.get(1).length();
        assertEquals(rows, in.tokens());
        assertArrayEquals(new int[] {rows, 384}, in.of(q0).shape());
        assertArrayEquals(new int[] {rows, 1536}, in.of(down2).shape());
        assertSame(in.of(q0), in.of(k0));
        // The query's input is the LayerNorm-ed embedding: mean 0 before gamma/beta is not visible, but the
        // first row is the [CLS] token's, the same for every sentence.
        float[] cls0 = java.util.Arrays.copyOfRange(in.of(q0).data(), 0, 384);
        int second = two.get(0).length() * 384;
        float[] cls1 = java.util.Arrays.copyOfRange(in.of(q0).data(), second, second + 384);
        assertNotEquals(cls0[0], in.of(q0).data()[384]);
        // Position 0, token [CLS], segment 0 in both sentences: the same embedding.
        assertArrayEquals(cls0, cls1, 0f);
        // ffn down reads GELU outputs, which are never below GELU's minimum, about -0.17.
        for (float v : in.of(down2).data()) {
            assertTrue(v > -0.1701f, "GELU output " + v);
        }
        assertThrows(IllegalArgumentException.class, () -> in.of(new MiniLmMatrix(1, MiniLmMatrix.Kind.QUERY)));
    }

    @Test
    void runningBlockByBlockGivesWhatRecordAndTheFullPassGive() {
        List<Tokens> three = tokens.subList(3, 6);
        MiniLmMatrix up0 = new MiniLmMatrix(0, MiniLmMatrix.Kind.FFN_UP);
        float[] w = encoder.weight(up0).data().clone();
        java.util.Arrays.fill(w, 0, 384 * 50, 0f);
        MiniLmEncoder changed = encoder.withWeight(up0, encoder.weight(up0).withData(w));
        MiniLmMatrix q2 = new MiniLmMatrix(2, MiniLmMatrix.Kind.QUERY);
        MiniLmMatrix down2 = new MiniLmMatrix(2, MiniLmMatrix.Kind.FFN_DOWN);
        LinearInputs whole = changed.record(three, Set.of(q2, down2));
        MiniLmEncoder.HiddenStates states = changed.embeddingStates(three);
        LinearInputs stepped = null;
        for (int block = 0; block < MiniLm.LAYERS; block++) {
            MiniLmEncoder.BlockStep step = changed.runBlock(states, block == 2 ? Set.of(q2, down2) : Set.of());
            if (block == 2) {
                stepped = step.inputs();
            } else {
                assertEquals(null, step.inputs());
            }
            states = step.output();
        }
        assertEquals(MiniLm.LAYERS, states.next());
        assertArrayEquals(whole.of(q2).data(), stepped.of(q2).data(), 0f);
        assertArrayEquals(whole.of(down2).data(), stepped.of(down2).data(), 0f);
        for (int i = 0; i < three.size(); i++) {
            float[][] full = changed.hiddenStates(three.get(i));
            for (int t = 0; t < full.length; t++) {
                assertArrayEquals(full[t], states.states().get(i)[t], 0f);
            }
        }
        MiniLmEncoder.HiddenStates atZero = changed.embeddingStates(three);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> changed.runBlock(atZero, Set.of(q2)));
        assertTrue(e.getMessage().contains("block 0"), e.getMessage());
        MiniLmEncoder.HiddenStates done = states;
        e = assertThrows(IllegalArgumentException.class, () -> changed.runBlock(done, Set.of()));
        assertTrue(e.getMessage().contains("states"), e.getMessage());
    }

    @Test
    void replacingAWeightChangesTheOutputAndPuttingItBackRestoresIt() {
        MiniLmMatrix up = new MiniLmMatrix(3, MiniLmMatrix.Kind.FFN_UP);
        FloatTensor w = encoder.weight(up);
        assertArrayEquals(new int[] {1536, 384}, w.shape());
        float[] zeroed = w.data().clone();
        java.util.Arrays.fill(zeroed, 0, 384 * 100, 0f);
        MiniLmEncoder changed = encoder.withWeight(up, w.withData(zeroed));
        float[] before = encoder.embed(tokens.get(5));
        float[] after = changed.embed(tokens.get(5));
        assertTrue(Embedder.cosine(before, after) < 0.9999);
        MiniLmEncoder restored = changed.withWeight(up, w);
        assertArrayEquals(before, restored.embed(tokens.get(5)), 0f);
        // [out, in] layout: row o of weight() is output o; the ONNX file stores [in, out].
        FloatTensor onnx = MiniLm.FP32.model().floatTensor(
                MiniLm.FP32.model().proto().getGraph().getNodeList().stream()
                        .filter(n -> n.getName().equals(up.matMulNode())).findFirst().orElseThrow().getInput(1));
        assertEquals(onnx.get(7, 11), w.get(11, 7));
    }

    @Test
    void badInputNamesTheParameter() {
        MiniLmMatrix q = new MiniLmMatrix(0, MiniLmMatrix.Kind.QUERY);
        FloatTensor wrong = new FloatTensor("w", new int[] {384, 1536}, new float[384 * 1536]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.withWeight(q, wrong));
        assertTrue(e.getMessage().contains("[384, 384]"), e.getMessage());
        float[] nan = new float[384 * 384];
        nan[5] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> encoder.withWeight(q, new FloatTensor("w", new int[] {384, 384}, nan)));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MiniLmMatrix(6, MiniLmMatrix.Kind.KEY));
        assertTrue(e.getMessage().contains("layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> encoder.record(tokens, Set.of()));
        assertTrue(e.getMessage().contains("matrices"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> encoder.embed(List.of()));
        assertTrue(e.getMessage().contains("sentences"), e.getMessage());
    }

    @Test
    void matrixNamesFollowTheGraph() {
        assertEquals(36, MiniLmMatrix.all().size());
        MiniLmMatrix down = new MiniLmMatrix(3, MiniLmMatrix.Kind.FFN_DOWN);
        assertEquals("L3 ffn down", down.label());
        assertEquals("/encoder/layer.3/output/dense/MatMul", down.matMulNode());
        assertEquals("encoder.layer.3.output.dense.bias", down.biasName());
        assertEquals(down, MiniLmMatrix.ofNode("/encoder/layer.3/output/dense/MatMul"));
        assertEquals(23, down.index());
        var nodes = MiniLm.FP32.model().matMulWeights().values().stream().toList();
        for (int i = 0; i < 36; i++) {
            assertEquals(MiniLmMatrix.all().get(i), MiniLmMatrix.ofNode(nodes.get(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> MiniLmMatrix.ofNode("/embeddings/Add"));
    }
}
