package quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbedderTest {

    private static final List<String> SAMPLE = List.of(
            "A man is playing a guitar.",
            "Someone is strumming a guitar.",
            "The stock market fell sharply today.",
            "Please close the window before you leave.",
            "Quantization shrinks a model by storing its weights in fewer bits.");

    private static Embedder fp32;
    private static float[][] fp32Sample;

    @BeforeAll
    static void open() {
        fp32 = MiniLm.FP32.embedder();
        fp32Sample = fp32.embed(SAMPLE);
    }

    @AfterAll
    static void close() {
        fp32.close();
    }

    @Test
    void embeddingsHave384UnitLengthDimensions() {
        for (float[] v : fp32Sample) {
            assertEquals(MiniLm.HIDDEN, v.length);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5);
        }
        assertTrue(fp32.provider() == ExecutionProvider.CPU || fp32.provider() == ExecutionProvider.CUDA);
    }

    @Test
    void aParaphraseIsCloserThanAnUnrelatedSentence() {
        double paraphrase = Embedder.cosine(fp32Sample[0], fp32Sample[1]);
        double unrelated = Embedder.cosine(fp32Sample[0], fp32Sample[2]);
        assertTrue(paraphrase > 0.5, "paraphrase " + paraphrase);
        assertTrue(unrelated < 0.2, "unrelated " + unrelated);
    }

    @Test
    void batchingAndPaddingDoNotChangeAnEmbedding() {
        float[] alone = fp32.embed(SAMPLE.get(0));
        assertEquals(1.0, Embedder.cosine(alone, fp32Sample[0]), 1e-5);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < Embedder.BATCH + 3; i++) {
            many.add(SAMPLE.get(i % SAMPLE.size()));
        }
        float[][] out = fp32.embed(many);
        int last = Embedder.BATCH + 2;
        assertEquals(1.0, Embedder.cosine(out[last], fp32Sample[last % SAMPLE.size()]), 1e-5);
    }

    @Test
    void int8ModelAgreesWithFp32() {
        try (Embedder int8 = MiniLm.INT8.embedder()) {
            float[][] q = int8.embed(SAMPLE);
            for (int i = 0; i < SAMPLE.size(); i++) {
                double c = Embedder.cosine(fp32Sample[i], q[i]);
                assertTrue(c > 0.95, SAMPLE.get(i) + ": cosine " + c);
                assertTrue(c < 0.99999, "the int8 model must differ a little: " + c);
            }
        }
    }

    @Test
    void aRewrittenModelRunsFromItsBytes() {
        OnnxModel model = OnnxModel.load(MiniLm.FP32);
        try (Embedder same = Embedder.of(model)) {
            float[] v = same.embed(SAMPLE.get(3));
            assertEquals(1.0, Embedder.cosine(v, fp32Sample[3]), 1e-6);
        }
    }

    @Test
    void badInputNamesParameterAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> fp32.embed(List.of()));
        assertEquals("sentences must hold at least one sentence, got an empty list", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Embedder.of(new byte[] {1, 2, 3}, fp32.tokenizer()));
        assertTrue(e.getMessage().startsWith("model must be an ONNX model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Embedder.cosine(new float[2], new float[3]));
        assertTrue(e.getMessage().startsWith("b must"), e.getMessage());
    }
}
