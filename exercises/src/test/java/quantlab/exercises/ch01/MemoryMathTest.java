package quantlab.exercises.ch01;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/**
 * Grades chapter 1, "The model that does not fit". Every expected value below was worked out by hand; the
 * comment next to it shows the arithmetic, so a failing test also tells you what the answer should have been.
 */
@DisplayName("Chapter 1: weight memory math")
class MemoryMathTest {

    /** Byte counts here are whole numbers far below 2^53, so a correct double answer is exact; allow one byte. */
    private static final double BYTES = 1.0;

    /** For GB, GiB and bit widths: generous against rounding, far too tight to hide a wrong formula. */
    private static final double SMALL = 1e-6;

    private static final long SEVEN_B = 7_000_000_000L;
    private static final long THIRTEEN_B = 13_000_000_000L;
    private static final long SEVENTY_B = 70_000_000_000L;

    // ---------------------------------------------------------------- warm-up: bytes per parameter

    @Test
    @Points(1)
    @DisplayName("Warm-up: bytes per parameter for fp32, fp16, bf16, int8 and int4")
    void bytesPerParameterTable() {
        assertAll(
                // 32 bits / 8 = 4 bytes
                () -> assertEquals(4.0, MemoryMath.bytesPerParameter("fp32"), 0.0, "fp32 is 32 bits = 4 bytes"),
                // 16 bits / 8 = 2 bytes
                () -> assertEquals(2.0, MemoryMath.bytesPerParameter("fp16"), 0.0, "fp16 is 16 bits = 2 bytes"),
                // bf16 has a different layout from fp16 but the same 16 bits
                () -> assertEquals(2.0, MemoryMath.bytesPerParameter("bf16"), 0.0,
                        "bf16 is also 16 bits = 2 bytes, just a different split of exponent and mantissa"),
                // 8 bits / 8 = 1 byte
                () -> assertEquals(1.0, MemoryMath.bytesPerParameter("int8"), 0.0, "int8 is 8 bits = 1 byte"),
                // 4 bits / 8 = 0.5 byte
                () -> assertEquals(0.5, MemoryMath.bytesPerParameter("int4"), 0.0,
                        "int4 is 4 bits = half a byte (two weights share one byte)"),
                () -> assertEquals(2.0, MemoryMath.bytesPerParameter("FP16"), 0.0,
                        "format names are matched ignoring case: \"FP16\" should work like \"fp16\""));
    }

    // ---------------------------------------------------------------- exercises 1 and 2: raw weight bytes

    @Test
    @Points(1)
    @DisplayName("Exercise 1: a 13B model in fp16 needs 26e9 bytes for its weights")
    void thirteenBillionInFp16() {
        // 13,000,000,000 parameters x 2 bytes = 26,000,000,000 bytes (26 GB)
        assertEquals(26e9, MemoryMath.weightBytes(THIRTEEN_B, "fp16"), BYTES,
                "13B x 2 bytes should be 26e9 bytes");
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 2: the same 13B model in int8 needs 13e9 bytes")
    void thirteenBillionInInt8() {
        // 13,000,000,000 parameters x 1 byte = 13,000,000,000 bytes (13 GB), half of the fp16 figure
        assertEquals(13e9, MemoryMath.weightBytes(THIRTEEN_B, "int8"), BYTES,
                "13B x 1 byte should be 13e9 bytes");
    }

    @Test
    @Points(2)
    @DisplayName("Exercises 1-2: raw weight bytes across model sizes and formats")
    void weightBytesAcrossFormats() {
        assertAll(
                // 7e9 x 4 = 28e9
                () -> assertEquals(28e9, MemoryMath.weightBytes(SEVEN_B, "fp32"), BYTES,
                        "7B x 4 bytes should be 28e9 bytes"),
                // 7e9 x 2 = 14e9
                () -> assertEquals(14e9, MemoryMath.weightBytes(SEVEN_B, "bf16"), BYTES,
                        "7B x 2 bytes should be 14e9 bytes"),
                // 70e9 x 2 = 140e9: more than an 80 GB card holds
                () -> assertEquals(140e9, MemoryMath.weightBytes(SEVENTY_B, "fp16"), BYTES,
                        "70B x 2 bytes should be 140e9 bytes"),
                // 70e9 x 0.5 = 35e9
                () -> assertEquals(35e9, MemoryMath.weightBytes(SEVENTY_B, "int4"), BYTES,
                        "70B x 0.5 bytes should be 35e9 bytes; did the half byte get truncated to 0?"),
                // 65e9 x 4 = 260e9
                () -> assertEquals(260e9, MemoryMath.weightBytes(65_000_000_000L, "fp32"), BYTES,
                        "65B x 4 bytes should be 260e9 bytes"),
                // 7 x 0.5 = 3.5: keep the fraction, do not round
                () -> assertEquals(3.5, MemoryMath.weightBytes(7, "int4"), 1e-12,
                        "7 parameters x 0.5 bytes should be 3.5 bytes (multiply in double, do not round)"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercises 1-2: bad parameter counts and unknown formats throw IllegalArgumentException")
    void weightBytesRejectsBadInput() {
        assertAll(
                () -> assertRejects("parameterCount", "0", () -> MemoryMath.weightBytes(0, "fp16")),
                () -> assertRejects("parameterCount", "-13000000000",
                        () -> MemoryMath.weightBytes(-THIRTEEN_B, "fp16")),
                () -> assertRejects("format", "fp8", () -> MemoryMath.weightBytes(THIRTEEN_B, "fp8")),
                () -> assertRejects("format", "null", () -> MemoryMath.weightBytes(THIRTEEN_B, null)),
                () -> assertRejects("format", "int3", () -> MemoryMath.bytesPerParameter("int3")));
    }

    // ---------------------------------------------------------------- exercise 3: GB versus GiB

    @Test
    @Points(2)
    @DisplayName("Exercise 3: bytes to decimal GB and to binary GiB")
    void convertsToGbAndGib() {
        assertAll(
                // 140e9 / 1e9 = 140
                () -> assertEquals(140.0, MemoryMath.toGB(140e9), SMALL, "140e9 bytes should be 140 GB"),
                // 140e9 / 1,073,741,824 = 130.385160...
                () -> assertEquals(130.385160, MemoryMath.toGiB(140e9), SMALL,
                        "140e9 bytes should be about 130.385 GiB (divide by 2^30 = 1,073,741,824)"),
                // 26e9 / 1,073,741,824 = 24.214387...
                () -> assertEquals(24.214387, MemoryMath.toGiB(26e9), SMALL,
                        "26e9 bytes (13B in fp16) should be about 24.214 GiB"),
                // 80e9 / 1,073,741,824 = 74.505806...: why an "80 GB" card reads as about 74.5 GiB
                () -> assertEquals(74.505806, MemoryMath.toGiB(80e9), SMALL,
                        "an 80 GB card holds 80e9 bytes, which is about 74.506 GiB"),
                // 2^30 bytes is exactly 1 GiB, and 1,073,741,824 / 1e9 = 1.073741824 GB
                () -> assertEquals(1.0, MemoryMath.toGiB(1_073_741_824.0), SMALL, "2^30 bytes should be 1 GiB"),
                () -> assertEquals(1.073741824, MemoryMath.toGB(1_073_741_824.0), SMALL,
                        "2^30 bytes should be 1.073741824 GB"),
                () -> assertEquals(0.0, MemoryMath.toGB(0.0), 0.0, "0 bytes should be 0 GB"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 3: NaN, infinite and negative byte counts throw IllegalArgumentException")
    void conversionRejectsBadBytes() {
        assertAll(
                () -> assertRejects("bytes", "NaN", () -> MemoryMath.toGB(Double.NaN)),
                () -> assertRejects("bytes", "-1", () -> MemoryMath.toGB(-1.0)),
                () -> assertRejects("bytes", "NaN", () -> MemoryMath.toGiB(Double.NaN)),
                () -> assertRejects("bytes", "Infinity", () -> MemoryMath.toGiB(Double.POSITIVE_INFINITY)));
    }

    // ---------------------------------------------------------------- exercise 4: effective bits per weight

    @Test
    @Points(2)
    @DisplayName("Exercise 4: effective bits per weight with per-group scale and zero point")
    void effectiveBitsPerWeight() {
        assertAll(
                // 4 + (16 + 16) / 128 = 4 + 0.25 = 4.25
                () -> assertEquals(4.25, MemoryMath.effectiveBitsPerWeight(4, 128, 16, 16), SMALL,
                        "int4, group 128, fp16 scale and zero point: 4 + 32/128 = 4.25 bits"
                                + " (4.0 means the division was done in int arithmetic)"),
                // 4 + (16 + 0) / 64 = 4 + 0.25 = 4.25: symmetric, no zero point
                () -> assertEquals(4.25, MemoryMath.effectiveBitsPerWeight(4, 64, 16, 0), SMALL,
                        "int4, group 64, fp16 scale only: 4 + 16/64 = 4.25 bits"),
                // 4 + (16 + 16) / 32 = 4 + 1 = 5
                () -> assertEquals(5.0, MemoryMath.effectiveBitsPerWeight(4, 32, 16, 16), SMALL,
                        "int4, group 32, fp16 scale and zero point: 4 + 32/32 = 5 bits"),
                // 8 + (32 + 0) / 128 = 8 + 0.25 = 8.25
                () -> assertEquals(8.25, MemoryMath.effectiveBitsPerWeight(8, 128, 32, 0), SMALL,
                        "int8, group 128, fp32 scale only: 8 + 32/128 = 8.25 bits"),
                // 4 + (16 + 4) / 64 = 4 + 0.3125 = 4.3125
                () -> assertEquals(4.3125, MemoryMath.effectiveBitsPerWeight(4, 64, 16, 4), SMALL,
                        "int4, group 64, fp16 scale and 4-bit zero point: 4 + 20/64 = 4.3125 bits"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 4: a zero group size or negative bit count throws IllegalArgumentException")
    void effectiveBitsRejectsBadInput() {
        assertAll(
                () -> assertRejects("groupSize", "0", () -> MemoryMath.effectiveBitsPerWeight(4, 0, 16, 16)),
                () -> assertRejects("bits", "-4", () -> MemoryMath.effectiveBitsPerWeight(-4, 128, 16, 16)),
                () -> assertRejects("scaleBits", "-1", () -> MemoryMath.effectiveBitsPerWeight(4, 128, -1, 0)),
                () -> assertRejects("zeroPointBits", "-8",
                        () -> MemoryMath.effectiveBitsPerWeight(4, 128, 16, -8)));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 4: weight bytes at a fractional bit width")
    void weightBytesAtBits() {
        assertAll(
                // 70e9 x 4.25 / 8 = 297.5e9 / 8 = 37.1875e9
                () -> assertEquals(37.1875e9, MemoryMath.weightBytesAtBits(SEVENTY_B, 4.25), BYTES,
                        "70B at 4.25 bits should be 70e9 x 4.25 / 8 = 37.1875e9 bytes"),
                // 13e9 x 16 / 8 = 26e9, the same as exercise 1
                () -> assertEquals(26e9, MemoryMath.weightBytesAtBits(THIRTEEN_B, 16.0), BYTES,
                        "13B at 16 bits should be 26e9 bytes, matching exercise 1"),
                // 7e9 x 4.5 / 8 = 31.5e9 / 8 = 3.9375e9
                () -> assertEquals(3.9375e9, MemoryMath.weightBytesAtBits(SEVEN_B, 4.5), BYTES,
                        "7B at 4.5 bits should be 7e9 x 4.5 / 8 = 3.9375e9 bytes"),
                () -> assertRejects("bitsPerWeight", "NaN",
                        () -> MemoryMath.weightBytesAtBits(SEVEN_B, Double.NaN)),
                () -> assertRejects("bitsPerWeight", "0", () -> MemoryMath.weightBytesAtBits(SEVEN_B, 0.0)),
                () -> assertRejects("parameterCount", "-1", () -> MemoryMath.weightBytesAtBits(-1, 4.0)));
    }

    // ---------------------------------------------------------------- exercise 5: does it fit?

    @Test
    @Points(2)
    @DisplayName("Exercise 5: headroom left on the GPU after weights, overhead and workspace")
    void headroom() {
        assertAll(
                // 80 - (42 + 5 + 0) = 80 - 47 = 33
                () -> assertEquals(33.0, MemoryMath.headroomGB(42.0, 5.0, 0.0, 80.0), SMALL,
                        "42 GB of int4 70B weights + 5 GB overhead on an 80 GB card should leave 33 GB"),
                // 80 - (140 + 0 + 0) = -60
                () -> assertEquals(-60.0, MemoryMath.headroomGB(140.0, 0.0, 0.0, 80.0), SMALL,
                        "140 GB of fp16 70B weights on an 80 GB card should give -60 GB (does not fit)"),
                // 24 - (14 + 2 + 4) = 24 - 20 = 4
                () -> assertEquals(4.0, MemoryMath.headroomGB(14.0, 2.0, 4.0, 24.0), SMALL,
                        "7B fp16 (14 GB) + 2 GB overhead + 4 GB workspace on a 24 GB card should leave 4 GB"),
                // 24 - (26 + 1.5 + 0.5) = 24 - 28 = -4
                () -> assertEquals(-4.0, MemoryMath.headroomGB(26.0, 1.5, 0.5, 24.0), SMALL,
                        "13B fp16 (26 GB) + 1.5 + 0.5 GB on a 24 GB card should give -4 GB"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 5: NaN or out-of-range memory figures throw IllegalArgumentException")
    void headroomRejectsBadInput() {
        assertAll(
                () -> assertRejects("weightsGB", "NaN", () -> MemoryMath.headroomGB(Double.NaN, 5.0, 0.0, 80.0)),
                () -> assertRejects("overheadGB", "-5", () -> MemoryMath.headroomGB(42.0, -5.0, 0.0, 80.0)),
                () -> assertRejects("workspaceGB", "Infinity",
                        () -> MemoryMath.headroomGB(42.0, 5.0, Double.POSITIVE_INFINITY, 80.0)),
                () -> assertRejects("gpuCapacityGB", "0", () -> MemoryMath.headroomGB(42.0, 5.0, 0.0, 0.0)));
    }

    // ---------------------------------------------------------------- exercise 6 (stretch): biggest model that fits

    @Test
    @Points(3)
    @DisplayName("Exercise 6: the largest parameter count whose weights fit after reserving memory")
    void maxParametersThatFit() {
        assertAll(
                // (80 - 8) GB = 72e9 bytes; 72e9 / 2 = 36e9 parameters
                () -> assertEquals(36_000_000_000L, MemoryMath.maxParametersThatFit(80.0, 8.0, "fp16"),
                        "80 GB card, 8 GB reserved, fp16: 72e9 bytes / 2 = 36e9 parameters"),
                // 72e9 / 0.5 = 144e9 parameters
                () -> assertEquals(144_000_000_000L, MemoryMath.maxParametersThatFit(80.0, 8.0, "int4"),
                        "80 GB card, 8 GB reserved, int4: 72e9 bytes / 0.5 = 144e9 parameters"),
                // (24 - 4) GB = 20e9 bytes; 20e9 / 1 = 20e9 parameters
                () -> assertEquals(20_000_000_000L, MemoryMath.maxParametersThatFit(24.0, 4.0, "int8"),
                        "24 GB card, 4 GB reserved, int8: 20e9 bytes / 1 = 20e9 parameters"),
                // (80 - 5.5) GB = 74.5e9 bytes; 74.5e9 / 4 = 18.625e9 parameters
                () -> assertEquals(18_625_000_000L, MemoryMath.maxParametersThatFit(80.0, 5.5, "fp32"),
                        "80 GB card, 5.5 GB reserved, fp32: 74.5e9 bytes / 4 = 18,625,000,000 parameters"),
                // 24.000000006 GB = 24,000,000,006 bytes; / 4 = 6,000,000,001.5, rounded down to 6,000,000,001
                () -> assertEquals(6_000_000_001L, MemoryMath.maxParametersThatFit(24.000000006, 0.0, "fp32"),
                        "24,000,000,006 bytes / 4 = 6,000,000,001.5 parameters: round DOWN to 6,000,000,001"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 6: nothing fits when the reservation uses the whole card; bad input is rejected")
    void maxParametersEdgeCases() {
        assertAll(
                // 16 - 16 = 0 GB left for weights
                () -> assertEquals(0L, MemoryMath.maxParametersThatFit(16.0, 16.0, "fp16"),
                        "16 GB card with 16 GB reserved leaves room for 0 parameters"),
                // 16 - 20 = -4 GB: still 0, never a negative count
                () -> assertEquals(0L, MemoryMath.maxParametersThatFit(16.0, 20.0, "int4"),
                        "reserving more than the card holds should give 0 parameters, not a negative number"),
                () -> assertRejects("format", "int3", () -> MemoryMath.maxParametersThatFit(80.0, 8.0, "int3")),
                () -> assertRejects("gpuCapacityGB", "NaN",
                        () -> MemoryMath.maxParametersThatFit(Double.NaN, 8.0, "fp16")),
                () -> assertRejects("reservedGB", "-8", () -> MemoryMath.maxParametersThatFit(80.0, -8.0, "fp16")));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Checks that {@code call} throws an IllegalArgumentException whose message mentions both the parameter's
     * name and the bad value, e.g. "parameterCount must be positive, got 0".
     */
    private static void assertRejects(String parameter, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException for " + parameter + " = " + value);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter),
                "the exception message should name the parameter '" + parameter + "', but was: " + message);
        assertTrue(message.contains(value),
                "the exception message should show the bad value " + value + ", but was: " + message);
    }
}
