package quantlab.exercises.ch12;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import quantlab.grading.Points;

/** Grades chapter 12, "QLoRA". Expected values are worked by hand from the NF4 table. */
@DisplayName("Chapter 12: NF4 codes, dequantization, double-quantization bits, NF4 base bytes")
class Nf4Test {

    @Test
    @Points(2)
    @DisplayName("Exercise 1: NF4 code lookup; 0.3 in a block of absmax 1 is code 11 (0.3379)")
    void code() {
        assertAll(
                // 0.3: |0.3379 - 0.3| = 0.038 < |0.2461 - 0.3| = 0.054
                () -> assertEquals(11, Nf4.code(0.3, 1.0)),
                () -> assertEquals(15, Nf4.code(2.0, 2.0), "the absmax itself is level 1.0"),
                () -> assertEquals(0, Nf4.code(-2.0, 2.0), "-absmax is level -1.0"),
                () -> assertEquals(7, Nf4.code(0.0, 0.7), "zero is exact"),
                // -0.2 / 0.5 = -0.4: nearest -0.3949 (code 3)
                () -> assertEquals(3, Nf4.code(-0.2, 0.5)),
                () -> assertThrows(IllegalArgumentException.class, () -> Nf4.code(1.5, 1.0)),
                () -> assertThrows(IllegalArgumentException.class, () -> Nf4.code(0.1, 0)));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 2: dequantize: code 13 in a block of absmax 0.08 is 0.5626 x 0.08")
    void dequantize() {
        assertAll(
                () -> assertEquals(0.5626170039176941 * 0.08, Nf4.dequantize(13, 0.08), 1e-15),
                () -> assertEquals(0.0, Nf4.dequantize(7, 3.0), 0),
                () -> assertThrows(IllegalArgumentException.class, () -> Nf4.dequantize(16, 1.0)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 3: scale bits per weight: 0.5 in fp32, 0.127 double-quantized")
    void scaleBits() {
        assertAll(
                () -> assertEquals(0.5, Nf4.scaleBits(64, 32, 0), 1e-15, "32 / 64"),
                () -> assertEquals(0.126953125, Nf4.scaleBits(64, 8, 256), 1e-15, "8 / 64 + 32 / 16384"),
                () -> assertEquals(0.25, Nf4.scaleBits(64, 16, 0), 1e-15, "fp16 scales: 16 / 64"),
                () -> assertThrows(IllegalArgumentException.class, () -> Nf4.scaleBits(0, 8, 256)));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 4: a 7e9-weight NF4 base: 3.9375 GB with fp32 scales, 3.611 GB double-quantized")
    void baseBytes() {
        assertAll(
                () -> assertEquals(3.9375e9, Nf4.baseBytes(7_000_000_000L, false), 1, "7e9 x 4.5 / 8"),
                () -> assertEquals(3_611_083_984.375, Nf4.baseBytes(7_000_000_000L, true), 1,
                        "7e9 x 4.126953125 / 8"),
                () -> assertThrows(IllegalArgumentException.class, () -> Nf4.baseBytes(-1, true)));
    }
}
