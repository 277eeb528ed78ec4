package quantlab.exercises.ch11;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import quantlab.grading.Points;

/** Grades chapter 11, "LoRA". Expected values are worked by hand, with the arithmetic in a comment. */
@DisplayName("Chapter 11: LoRA parameter counts, alpha / r, merging, training memory, fit")
class LoraTest {

    @Test
    @Points(1)
    @DisplayName("Exercise 1: 4096 x 4096 at r = 16 adds 131,072 parameters; at r = 32, 262,144")
    void adapterParameters() {
        assertAll(
                () -> assertEquals(131_072L, Lora.adapterParameters(4096, 4096, 16), "16 x (4096 + 4096)"),
                () -> assertEquals(262_144L, Lora.adapterParameters(4096, 4096, 32), "32 x (4096 + 4096)"),
                () -> assertEquals(15_360L, Lora.adapterParameters(384, 1536, 8), "8 x (384 + 1536)"),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.adapterParameters(384, 384, 0)),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.adapterParameters(384, 1536, 385)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: Llama 2 7B, q,v at r = 8 is 4,194,304; all seven layers 19,988,480")
    void decoderParameters() {
        String[] qv = {"q_proj", "v_proj"};
        String[] all = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
        assertAll(
                // 32 x 2 x 8 x (4096 + 4096)
                () -> assertEquals(4_194_304L, Lora.decoderParameters(32, 4096, 11008, 4096, qv, 8)),
                // 32 x 8 x (4 x 8192 + 3 x (4096 + 11008))
                () -> assertEquals(19_988_480L, Lora.decoderParameters(32, 4096, 11008, 4096, all, 8)),
                // 70B's grouped KV: 80 x 8 x ((8192 + 8192) + (8192 + 1024))
                () -> assertEquals(16_384_000L, Lora.decoderParameters(80, 8192, 28672, 1024, qv, 8)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> Lora.decoderParameters(32, 4096, 11008, 4096, new String[] {"qkv"}, 8)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> Lora.decoderParameters(32, 4096, 11008, 4096, new String[0], 8)));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 3: alpha / r, e.g. 16 / 8 = 2")
    void scaling() {
        assertAll(
                () -> assertEquals(2.0, Lora.scaling(16, 8), 0),
                () -> assertEquals(0.5, Lora.scaling(8, 16), 0),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.scaling(0, 8)),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.scaling(-1, 8)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 4: merging W + (alpha / r) A B")
    void merge() {
        double[][] w = {{1, 0, 2}, {0, 1, -1}};
        double[][] a = {{1}, {2}};   // 2 x 1
        double[][] b = {{0.5, -1, 0}}; // 1 x 3
        // A B = {{0.5, -1, 0}, {1, -2, 0}}; alpha 2, r 1: scale 2
        double[][] merged = Lora.merge(w, a, b, 2);
        assertAll(
                () -> assertArrayEquals(new double[] {2, -2, 2}, merged[0], 1e-12),
                () -> assertArrayEquals(new double[] {2, -3, -1}, merged[1], 1e-12),
                () -> assertArrayEquals(new double[] {1, 0, 2}, w[0], 0, "w must not be changed"),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> Lora.merge(w, new double[][] {{1}}, b, 2)));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 5: 16 bytes per parameter for full fine-tuning, fp32 or mixed; 12 for QLoRA adapters")
    void bytesPerParameter() {
        assertAll(
                () -> assertEquals(16, Lora.bytesPerTrainedParameter("full-fp32"), 0, "4 + 4 + 4 + 4"),
                () -> assertEquals(16, Lora.bytesPerTrainedParameter("full-mixed"), 0, "2 + 2 + 4 + 4 + 4"),
                () -> assertEquals(12, Lora.bytesPerTrainedParameter("qlora-adapter"), 0, "2 + 2 + 4 + 4"),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.bytesPerTrainedParameter("sgd")));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 6: 7B full fine-tuning does not fit 24 GB; LoRA on fp16 at 4 GB of activations does")
    void fits() {
        assertAll(
                // 7e9 x 16 = 112 GB
                () -> assertFalse(Lora.fits(0, 0, 7_000_000_000L, 16, 4e9, 24)),
                // 7e9 x 2 + 8.4e6 x 16 + 4e9 = 18.13 GB
                () -> assertTrue(Lora.fits(7_000_000_000L, 2, 8_388_608L, 16, 4e9, 24)),
                // exactly at capacity fits: 12e9 x 2 = 24 GB
                () -> assertTrue(Lora.fits(12_000_000_000L, 2, 0, 16, 0, 24)),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.fits(-1, 2, 0, 16, 0, 24)),
                () -> assertThrows(IllegalArgumentException.class, () -> Lora.fits(1, 2, 0, 16, Double.NaN, 24)));
    }
}
