package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import quantlab.inference.NormSoftmaxSensitivity.Format;
import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;

/** The roundings by hand, and the rewired softmax graph running in ONNX Runtime. */
class NormSoftmaxSensitivityTest {

    @Test
    void roundingsByHand() {
        // int8 per tensor: scale = 1.27 / 127 = 0.01; codes 127, -50, 1 give the values back
        assertArrayEquals(new float[] {1.27f, -0.5f, 0.01f},
                NormSoftmaxSensitivity.round(new float[] {1.27f, -0.5f, 0.01f}, Format.INT8), 1e-6f);
        // fp8 E4M3: in [1, 2) the step is 1/8, so 1.0625 is a tie and goes to the even 1.0; 1.1 goes to 1.125
        assertArrayEquals(new float[] {1.0f, 1.125f},
                NormSoftmaxSensitivity.round(new float[] {1.0625f, 1.1f}, Format.FP8_E4M3), 0f);
        // fp16: 1 + 2^-11 is a tie between 1 and 1 + 2^-10, and goes to the even 1
        assertArrayEquals(new float[] {1.0f},
                NormSoftmaxSensitivity.round(new float[] {1 + 0x1p-11f}, Format.FP16), 0f);
        assertEquals(26, NormSoftmaxSensitivity.layerNormParameters(MiniLm.FP32.model()).size(),
                "13 LayerNorms (embeddings + 2 per layer x 6), a weight and a bias each");
    }

    @Test
    void roundedSoftmaxInputsStillRunAndAgreeWithFp32() {
        OnnxModel fp32 = MiniLm.FP32.model();
        List<String> texts = List.of("The train leaves at eight.", "A cat sleeps on the warm roof.");
        try (Embedder a = Embedder.of(fp32.toBytes(), MiniLm.FP32.tokenizer());
             Embedder b = Embedder.of(NormSoftmaxSensitivity.softmaxInputs(fp32, Format.INT8).toBytes(),
                     MiniLm.FP32.tokenizer())) {
            float[][] ref = a.embed(texts);
            float[][] got = b.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                double c = Embedder.cosine(ref[i], got[i]);
                assertTrue(c > 0.999 && c < 1.0 + 1e-6, "cosine " + c + " for '" + texts.get(i) + "'");
            }
        }
    }
}
