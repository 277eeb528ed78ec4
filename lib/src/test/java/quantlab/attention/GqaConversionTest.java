package quantlab.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import quantlab.model.Embedder;
import quantlab.model.FloatTensor;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.model.QdqCompute;

/** Mean-pooling of K/V heads by hand, on MiniLM's real weights, and one run of a converted model in ONNX Runtime. */
class GqaConversionTest {

    @Test
    void poolsHeadsByHand() {
        // one row, 4 heads of 2: heads {0,1} -> ((1+3)/2, (2+4)/2) = (2, 3); heads {2,3} -> (6, 7)
        float[] w = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new float[] {2, 3, 2, 3, 6, 7, 6, 7}, GqaConversion.poolHeads(w, 1, 4, 2, 2));
        // one group: (1+3+5+7)/4 = 4, (2+4+6+8)/4 = 5
        assertArrayEquals(new float[] {4, 5, 4, 5, 4, 5, 4, 5}, GqaConversion.poolHeads(w, 1, 4, 2, 1));
        assertArrayEquals(w, GqaConversion.poolHeads(w, 1, 4, 2, 4), "as many groups as heads changes nothing");
        // two rows pool separately
        float[] two = {1, 3, 10, 30};
        assertArrayEquals(new float[] {2, 2, 20, 20}, GqaConversion.poolHeads(two, 2, 2, 1, 1));
    }

    @Test
    void convertsEveryKeyAndValueOfMiniLm() {
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel gqa4 = GqaConversion.convert(fp32, 4);
        int checked = 0;
        for (var e : fp32.matMulWeights().entrySet()) {
            FloatTensor before = fp32.floatTensor(e.getKey());
            FloatTensor after = gqa4.floatTensor(e.getKey());
            boolean kv = e.getValue().contains("/attention/self/key/") || e.getValue().contains("/attention/self/value/");
            if (!kv) {
                assertArrayEquals(before.data(), after.data(), e.getValue() + " must be unchanged");
                continue;
            }
            // an independent loop: column j of head h, dimension d = j % 32; group of head h = h / 3
            for (int row = 0; row < before.rows(); row += 97) {
                for (int j = 0; j < before.cols(); j += 7) {
                    int head = j / 32;
                    int d = j % 32;
                    int first = head / 3 * 3;
                    double mean = (before.get(row, first * 32 + d) + before.get(row, (first + 1) * 32 + d)
                            + before.get(row, (first + 2) * 32 + d)) / 3.0;
                    assertEquals(mean, after.get(row, j), 1e-6, e.getValue() + " [" + row + ", " + j + "]");
                }
            }
            checked++;
        }
        assertEquals(12, checked, "6 layers x (key + value)");
        FloatTensor bias = gqa4.floatTensor("encoder.layer.5.attention.self.value.bias");
        FloatTensor original = fp32.floatTensor("encoder.layer.5.attention.self.value.bias");
        double mean = (original.data()[32 * 9 + 5] + original.data()[32 * 10 + 5] + original.data()[32 * 11 + 5]) / 3.0;
        assertEquals(mean, bias.data()[32 * 10 + 5], 1e-6, "biases are pooled too");
    }

    @Test
    void twelveGroupsIsTheOriginalAndOneGroupMovesTheEmbeddings() {
        OnnxModel fp32 = MiniLm.FP32.model();
        List<String> texts = List.of("The cat sat on the mat.", "A kitten rested on the rug.", "Stock prices fell sharply.");
        try (MiniLmTokenizer tok = MiniLmTokenizer.open(MiniLm.FP32);
             Embedder ref = Embedder.of(MiniLm.FP32.modelBytes(), tok, QdqCompute.FLOAT32_ACTIVATIONS);
             Embedder same = Embedder.of(GqaConversion.convert(fp32, 12).toBytes(), tok, QdqCompute.FLOAT32_ACTIVATIONS);
             Embedder mqa = Embedder.of(GqaConversion.convert(fp32, 1).toBytes(), tok, QdqCompute.FLOAT32_ACTIVATIONS)) {
            float[][] r = ref.embed(texts);
            float[][] s = same.embed(texts);
            float[][] m = mqa.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(1.0, Embedder.cosine(r[i], s[i]), 1e-6, "12 KV heads is MHA itself");
                assertTrue(Embedder.cosine(r[i], m[i]) < 0.99, "cold MQA must move sentence " + i + ": "
                        + Embedder.cosine(r[i], m[i]));
            }
        }
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GqaConversion.convert(MiniLm.FP32.model(), 5));
        assertTrue(e.getMessage().contains("kvHeads must divide 12") && e.getMessage().contains("got 5"), e.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> GqaConversion.poolHeads(new float[4], 1, 0, 4, 1));
        assertTrue(zero.getMessage().contains("heads must be positive, got 0"), zero.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> GqaConversion.poolHeads(new float[7], 1, 4, 2, 2));
        assertTrue(shape.getMessage().contains("got 7"), shape.getMessage());
    }
}
