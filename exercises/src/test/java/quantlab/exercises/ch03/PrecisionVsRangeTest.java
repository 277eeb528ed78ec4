package quantlab.exercises.ch03;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.exercises.ch03.PrecisionVsRange.ScalerState;
import quantlab.grading.Points;

/**
 * Grades chapter 3, "Precision vs range". Hand-worked values carry their arithmetic in a comment; the bf16
 * rounding is also checked against a slow nearest-neighbour search written here, an independent reference.
 */
@DisplayName("Chapter 3: precision, range and loss scaling")
class PrecisionVsRangeTest {

    /** 1 + 2^-9 = 1.001953125: exact in fp16, lost in bf16. */
    private static final float ONE_PLUS_2_TO_MINUS_9 = 1.0f + 0x1p-9f;

    /** Decimal-digit and decade figures come from logarithms; this is far tighter than any wrong formula. */
    private static final double SMALL = 1e-9;

    /** The gradients of exercise 4: a normal, a subnormal, a near-miss, two casualties, a zero, a sign, a giant. */
    private static final float[] GRADIENTS = {3e-3f, 2e-5f, 4e-8f, 1e-8f, 1e-12f, 0.0f, -2e-5f, 7e4f};

    // ---------------------------------------------------------------- exercise 1: bf16 rounding by hand

    @Test
    @Points(2)
    @DisplayName("Exercise 1: round floats to bf16 (1/3, pi, 0.1, 65504 and the ties near 1)")
    void roundsToBf16() {
        assertAll(
                // 0x3EAAAAAB: low half 0xAAAB > 0x8000 -> round up to 0x3EAB0000 = 171/512
                () -> assertRoundsToBf16(0.333984375f, 1.0f / 3.0f,
                        "1/3 is 0x3EAAAAAB; the dropped half 0xAAAB is above 0x8000, so it rounds up to"
                                + " 0x3EAB0000 = 171/512 = 0.333984375"),
                // 0x40490FDB: low half 0x0FDB < 0x8000 -> 0x40490000 = 3.140625
                () -> assertRoundsToBf16(3.140625f, 3.14159265f,
                        "pi is 0x40490FDB; the dropped half 0x0FDB is below 0x8000, so it rounds down to 3.140625"),
                // 0x3DCCCCCD -> 0x3DCD0000: E = 123, M = 77 -> (205/128) x 2^-4 = 205/2048
                () -> assertRoundsToBf16(0.10009765625f, 0.1f,
                        "0.1 is 0x3DCCCCCD; rounding up gives 0x3DCD0000 = 205/2048 = 0.10009765625"),
                // 1 + 2^-9: a quarter of bf16's step 2^-7 near 1 -> rounds down
                () -> assertRoundsToBf16(1.0f, ONE_PLUS_2_TO_MINUS_9,
                        "1 + 2^-9 is 0x3F804000; 0x4000 is below 0x8000, so it rounds down to 1.0"),
                // 1 + 2^-8 = 0x3F808000: a tie; kept 0x3F80 ends in 0 (even) -> 1.0
                () -> assertRoundsToBf16(1.0f, 1.0f + 0x1p-8f,
                        "1 + 2^-8 is 0x3F808000, exactly halfway: the tie goes to the even 0x3F80 = 1.0"),
                // 1 + 3 x 2^-8 = 0x3F818000: a tie; kept 0x3F81 is odd -> 0x3F82 = 1 + 2^-6
                () -> assertRoundsToBf16(1.015625f, 1.0f + 3 * 0x1p-8f,
                        "1 + 3 x 2^-8 is 0x3F818000, a tie between 0x3F81 (odd) and 0x3F82 (even): 1.015625"),
                () -> assertRoundsToBf16(-1.015625f, -(1.0f + 3 * 0x1p-8f),
                        "negative numbers round like their magnitudes: -1.01171875 -> -1.015625"),
                // 65504 = 0x477FE000: low half 0xE000 > 0x8000 -> 0x47800000 = 65536
                () -> assertRoundsToBf16(65536.0f, 65504.0f,
                        "65504 is 0x477FE000; rounding up carries into the exponent: 0x47800000 = 65536"),
                () -> assertRoundsToBf16(2.5f, 2.5f, "2.5 = 0x40200000 already has a zero low half: unchanged"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 1: bf16 rounding of infinities, NaN, signed zero, overflow and tiny values")
    void roundsSpecialValuesToBf16() {
        assertAll(
                () -> assertRoundsToBf16(Float.POSITIVE_INFINITY, Float.MAX_VALUE,
                        "Float.MAX_VALUE (0x7F7FFFFF) is above bf16's largest value and rounds to infinity"),
                () -> assertRoundsToBf16(Float.NEGATIVE_INFINITY, -Float.MAX_VALUE,
                        "-Float.MAX_VALUE rounds to -infinity"),
                // 0x7F7F8000 is halfway between 0x7F7F (odd) and 0x7F80 (infinity, even)
                () -> assertRoundsToBf16(Float.POSITIVE_INFINITY, Float.intBitsToFloat(0x7F7F8000),
                        "0x7F7F8000 lies exactly halfway above bf16's maximum: the tie goes to infinity"),
                () -> assertRoundsToBf16(0x1.fep127f, 0x1.fep127f,
                        "bf16's own largest value 0x7F7F0000 stays as it is"),
                () -> assertRoundsToBf16(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, "infinity stays infinity"),
                () -> assertRoundsToBf16(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, "-infinity stays -infinity"),
                () -> assertRoundsToBf16(-0.0f, -0.0f, "-0.0 keeps its sign"),
                () -> assertTrue(Float.isNaN(PrecisionVsRange.roundToBf16(Float.NaN)), "NaN should stay NaN"),
                () -> assertTrue(Float.isNaN(PrecisionVsRange.roundToBf16(Float.intBitsToFloat(0x7FFFFFFF))),
                        "the NaN 0x7FFFFFFF should stay NaN; adding a rounding bias to its bits carries into the"
                                + " sign and gives -0.0, so handle NaN before doing bit arithmetic"),
                // 2^-149 = 0x00000001: low half 1 < 0x8000 -> +0.0
                () -> assertRoundsToBf16(0.0f, Float.MIN_VALUE,
                        "2^-149 (0x00000001) is far below bf16's smallest subnormal 2^-133: it becomes 0.0"),
                // 0x00018000: a tie between 0x0001 (odd) and 0x0002 (even) -> 0x00020000 = 2^-132
                () -> assertRoundsToBf16(0x1p-132f, Float.intBitsToFloat(0x00018000),
                        "0x00018000 is a tie between 0x0001 (odd) and 0x0002 (even): 0x00020000 = 2^-132"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 1: bf16 rounding agrees with a nearest-neighbour search on 20,000 random floats")
    void roundToBf16AgreesWithNearestNeighbour() {
        Random random = new Random(16_07);
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < 20_000; i++) {
            int bits = random.nextInt();
            if (i % 4 == 0) {
                bits = (bits & 0xFFFF0000) | 0x8000; // every fourth value is an exact tie
            }
            float x = Float.intBitsToFloat(bits);
            if (!Float.isFinite(x) || Math.abs(x) > 0x1p120f) {
                continue; // keep clear of infinity, where "the next pattern up" is no longer a number
            }
            float expected = nearestBf16(x);
            String problem;
            try {
                float actual = PrecisionVsRange.roundToBf16(x);
                problem = Float.floatToRawIntBits(actual) == Float.floatToRawIntBits(expected)
                        ? null : "gave " + actual;
            } catch (RuntimeException e) {
                problem = "threw " + e;
            }
            if (problem != null) {
                count++;
                if (mismatches.size() < 5) {
                    mismatches.add(String.format("%s (0x%08X) should be %s but %s", x, bits, expected, problem));
                }
            }
        }
        if (count > 0) {
            fail(count + " random floats rounded wrongly to bf16; the first few: " + String.join("; ", mismatches));
        }
    }

    // ---------------------------------------------------------------- exercise 2: precision check

    @Test
    @Points(2)
    @DisplayName("Exercise 2: 1 + 2^-9 is exact in fp16 but rounds to 1 in bf16; 65536 is the reverse")
    void precisionCheck() {
        assertAll(
                // fp16 steps by 2^-10 near 1: 1 + 2^-9 is two steps up
                () -> assertEquals(ONE_PLUS_2_TO_MINUS_9, PrecisionVsRange.roundTo(ONE_PLUS_2_TO_MINUS_9, "fp16"),
                        "fp16 steps by 2^-10 near 1, so 1 + 2^-9 = 1.001953125 is stored exactly"),
                // bf16 steps by 2^-7 near 1: 2^-9 is a quarter step
                () -> assertEquals(1.0f, PrecisionVsRange.roundTo(ONE_PLUS_2_TO_MINUS_9, "bf16"),
                        "bf16 steps by 2^-7 near 1; 2^-9 is a quarter of a step, so 1 + 2^-9 rounds to 1.0"),
                () -> assertTrue(PrecisionVsRange.isRepresentable(ONE_PLUS_2_TO_MINUS_9, "fp16"),
                        "1 + 2^-9 is representable in fp16"),
                () -> assertFalse(PrecisionVsRange.isRepresentable(ONE_PLUS_2_TO_MINUS_9, "bf16"),
                        "1 + 2^-9 is not representable in bf16 (it rounds to 1)"),
                () -> assertTrue(PrecisionVsRange.isRepresentable(1.0f + 0x1p-7f, "bf16"),
                        "1 + 2^-7 is exactly one bf16 step above 1"),
                // 2^-11 is half of fp16's step near 1: the tie goes to 1.0
                () -> assertFalse(PrecisionVsRange.isRepresentable(1.0f + 0x1p-11f, "fp16"),
                        "1 + 2^-11 is half an fp16 step above 1 and rounds to 1.0"),
                () -> assertTrue(PrecisionVsRange.isRepresentable(1.0f + 0x1p-11f, "fp32"),
                        "every float is representable in fp32"),
                () -> assertEquals(0.0999755859375f, PrecisionVsRange.roundTo(0.1f, "FP16"),
                        "0.1 rounds to fp16 0x2E66 = (1 + 614/1024) x 2^-4 = 0.0999755859375 (names ignore case)"),
                () -> assertFalse(PrecisionVsRange.isRepresentable(0.1f, "bf16"), "0.1 is not a bf16 value"),
                // range, not precision: 65504 = 0x477FE000 needs 10 mantissa bits; 65536 = 2^16 > fp16's max
                () -> assertTrue(PrecisionVsRange.isRepresentable(65504.0f, "fp16"), "65504 is fp16's maximum"),
                () -> assertFalse(PrecisionVsRange.isRepresentable(65504.0f, "bf16"),
                        "65504 needs more than 7 mantissa bits: bf16 rounds it to 65536"),
                () -> assertEquals(Float.POSITIVE_INFINITY, PrecisionVsRange.roundTo(65536.0f, "fp16"),
                        "65536 is beyond fp16's maximum 65504: it becomes infinity"),
                () -> assertFalse(PrecisionVsRange.isRepresentable(65536.0f, "fp16"),
                        "65536 is not representable in fp16 (it overflows)"),
                () -> assertTrue(PrecisionVsRange.isRepresentable(65536.0f, "bf16"), "65536 = 2^16 is exact in bf16"),
                // 2^-20 = 16 x 2^-24: an fp16 subnormal
                () -> assertTrue(PrecisionVsRange.isRepresentable(0x1p-20f, "fp16"),
                        "2^-20 = 16 x 2^-24 is an fp16 subnormal, stored exactly"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercises 2-4: unknown formats, a NaN to check and null gradients throw IllegalArgumentException")
    void rejectsBadFormatsAndValues() {
        assertAll(
                () -> assertRejects("format", "fp8", () -> PrecisionVsRange.roundTo(1.0f, "fp8")),
                () -> assertRejects("format", "null", () -> PrecisionVsRange.isRepresentable(1.0f, null)),
                () -> assertRejects("x", "NaN", () -> PrecisionVsRange.isRepresentable(Float.NaN, "fp16")),
                () -> assertRejects("format", "int4", () -> PrecisionVsRange.epsilon("int4")),
                () -> assertRejects("gradients", "null", () -> PrecisionVsRange.survivors(null, "fp16")),
                () -> assertRejects("format", "fp64", () -> PrecisionVsRange.survivors(new float[] {1.0f}, "fp64")));
    }

    // ---------------------------------------------------------------- exercise 3: precision and range as numbers

    @Test
    @Points(2)
    @DisplayName("Exercise 3: epsilon, decimal digits and decades of range: bf16 trades 0.9 digits for 67 decades")
    void precisionAndRangeAsNumbers() {
        assertAll(
                // 2^-mantissaBits
                () -> assertEquals(0x1p-10, PrecisionVsRange.epsilon("fp16"), 0.0, "fp16 epsilon is 2^-10"),
                () -> assertEquals(0x1p-7, PrecisionVsRange.epsilon("bf16"), 0.0, "bf16 epsilon is 2^-7 = 0.0078125"),
                () -> assertEquals(0x1p-23, PrecisionVsRange.epsilon("fp32"), 0.0, "fp32 epsilon is 2^-23"),
                // (mantissaBits + 1) x log10(2): 11 x 0.30103, 8 x 0.30103, 24 x 0.30103
                () -> assertEquals(3.311329952303793, PrecisionVsRange.decimalDigits("fp16"), SMALL,
                        "fp16 has 11 significant bits: 11 x log10(2) = 3.3113 decimal digits"),
                () -> assertEquals(2.4082399653118496, PrecisionVsRange.decimalDigits("bf16"), SMALL,
                        "bf16 has 8 significant bits: 8 x log10(2) = 2.4082 decimal digits"),
                () -> assertEquals(7.224719895935548, PrecisionVsRange.decimalDigits("fp32"), SMALL,
                        "fp32 has 24 significant bits: 24 x log10(2) = 7.2247 decimal digits"),
                // log10(65504 x 2^14) = log10(1,073,217,536) = 9.0307
                () -> assertEquals(9.030687760278148, PrecisionVsRange.rangeDecades("fp16"), SMALL,
                        "fp16 spans log10(65504 / 2^-14) = log10(1,073,217,536) = 9.0307 decades"),
                // log10((2 - 2^-7) x 2^253) = 253 x 0.30103 + log10(1.9921875) = 76.1606 + 0.2993 = 76.4599
                () -> assertEquals(76.45991911377332, PrecisionVsRange.rangeDecades("bf16"), SMALL,
                        "bf16 spans log10((2 - 2^-7) x 2^127 / 2^-126) = 76.4599 decades"),
                // log10((2 - 2^-23) x 2^253) = 76.1606 + 0.3010 = 76.4616
                () -> assertEquals(76.46161887276526, PrecisionVsRange.rangeDecades("fp32"), SMALL,
                        "fp32 spans log10((2 - 2^-23) x 2^127 / 2^-126) = 76.4616 decades"),
                // 3 x log10(2) = 0.9031 digits given up; 76.4599 - 9.0307 = 67.4292 decades gained
                () -> assertEquals(0.9030899869919435,
                        PrecisionVsRange.decimalDigits("fp16") - PrecisionVsRange.decimalDigits("bf16"), SMALL,
                        "moving from fp16 to bf16 gives up 3 bits = 0.903 decimal digits of precision"),
                () -> assertEquals(67.42923135349517,
                        PrecisionVsRange.rangeDecades("bf16") - PrecisionVsRange.rangeDecades("fp16"), SMALL,
                        "moving from fp16 to bf16 gains 76.46 - 9.03 = 67.43 decades of range"));
    }

    // ---------------------------------------------------------------- exercise 4: which gradients survive

    @Test
    @Points(2)
    @DisplayName("Exercise 4: which gradients survive in fp16, in bf16 and in fp32")
    void survivingGradients() {
        assertAll(
                // 3e-3 normal; 2e-5 subnormal; 4e-8 > 2^-25 -> 2^-24; 1e-8, 1e-12 -> 0; 0 carries nothing;
                // -2e-5 like 2e-5; 7e4 > 65520 -> infinity
                () -> assertSurvivors(new boolean[] {true, true, true, false, false, false, true, false}, "fp16",
                        "in fp16, 1e-8 and 1e-12 underflow to zero, 0 carries nothing and 7e4 overflows;"
                                + " 2e-5 and 4e-8 survive as subnormals"),
                // bf16's range reaches 2^-133 and about 3.4e38: only the zero fails
                () -> assertSurvivors(new boolean[] {true, true, true, true, true, false, true, true}, "bf16",
                        "in bf16 every nonzero gradient here survives: its range reaches far below 1e-12"),
                () -> assertSurvivors(new boolean[] {true, true, true, true, true, false, true, true}, "fp32",
                        "in fp32 every nonzero gradient here survives"),
                () -> assertArrayEquals(new boolean[0], PrecisionVsRange.survivors(new float[0], "fp16"),
                        "no gradients, no survivors: an empty array gives an empty answer"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 4: the fraction of gradients that fp16 flushes to zero")
    void underflowFraction() {
        assertAll(
                // 1e-8 and 1e-12 lost: 2 / 5
                () -> assertEquals(0.4,
                        PrecisionVsRange.underflowFraction(new float[] {3e-3f, 2e-5f, 4e-8f, 1e-8f, 1e-12f}), SMALL,
                        "of {3e-3, 2e-5, 4e-8, 1e-8, 1e-12} fp16 loses 1e-8 and 1e-12: 2 / 5 = 0.4"),
                // 1e-8 and -1e-8 lost; 0 was never there; 1 fine: 2 / 4
                () -> assertEquals(0.5, PrecisionVsRange.underflowFraction(new float[] {1e-8f, -1e-8f, 0.0f, 1.0f}),
                        SMALL, "of {1e-8, -1e-8, 0, 1} two underflow (a zero is not an underflow): 2 / 4 = 0.5"),
                // 7e4 overflows, which is not an underflow
                () -> assertEquals(0.0, PrecisionVsRange.underflowFraction(new float[] {1e-3f, 1e-4f, 7e4f}),
                        SMALL, "of {1e-3, 1e-4, 7e4} none underflows (7e4 overflows, which is a different failure)"),
                () -> assertEquals(1.0, PrecisionVsRange.underflowFraction(new float[] {1e-9f}), SMALL,
                        "1e-9 alone underflows: 1 / 1 = 1.0"));
    }

    // ---------------------------------------------------------------- exercise 5: a static loss scale

    @Test
    @Points(3)
    @DisplayName("Exercise 5: the smallest power-of-two loss scale that lifts every gradient into fp16's normals")
    void lossScale() {
        assertAll(
                // 2^-14 / 4e-8 = 1525.9 -> 2^11 = 2048; 3e-3 x 2048 = 6.1 <= 65504
                () -> assertScale(OptionalDouble.of(2048.0), new float[] {3e-3f, 2e-5f, 4e-8f},
                        "2^-14 / 4e-8 = 1525.9, so S = 2^11 = 2048 (1024 x 4e-8 = 4.1e-5 is still below 2^-14)"),
                // 1e-3 >= 2^-14 already
                () -> assertScale(OptionalDouble.of(1.0), new float[] {0.5f, 1e-3f},
                        "1e-3 is already above 2^-14 (6.1e-5): no scaling needed, S = 1"),
                // 2^-14 / 1e-8 = 6103.5 -> 2^13 = 8192; 7 x 8192 = 57344 <= 65504
                () -> assertScale(OptionalDouble.of(8192.0), new float[] {1e-8f, 7.0f},
                        "2^-14 / 1e-8 = 6103.5, so S = 2^13 = 8192; 7 x 8192 = 57344 still fits"),
                // same S, but 10 x 8192 = 81920 > 65504
                () -> assertScale(OptionalDouble.empty(), new float[] {1e-8f, 10.0f},
                        "S must be 8192 for 1e-8, but then 10 x 8192 = 81920 > 65504: no scale works"),
                // 2^-20 x 2^6 = 2^-14 exactly: "at least" includes equality
                () -> assertScale(OptionalDouble.of(64.0), new float[] {0.0f, 0.0f, 0x1p-20f, 1.0f},
                        "zeros are ignored; 2^-20 x 64 = 2^-14 exactly, which is enough, so S = 64"),
                () -> assertScale(OptionalDouble.of(8192.0), new float[] {-1e-8f, -7.0f},
                        "signs do not matter: {-1e-8, -7} needs the same 8192 as {1e-8, 7}"),
                // boundaries on both sides at S = 1
                () -> assertScale(OptionalDouble.of(1.0), new float[] {65504.0f, 0x1p-14f},
                        "2^-14 and 65504 are both inside fp16's normal range: S = 1"),
                () -> assertScale(OptionalDouble.empty(), new float[] {70000.0f},
                        "70000 is above 65504 even unscaled, and the scale may not go below 1"),
                // 2^-24 x 2^10 = 2^-14; 3.9 x 1024 = 3993.6
                () -> assertScale(OptionalDouble.of(1024.0), new float[] {0x1p-24f, 3.9f},
                        "2^-24 x 2^10 = 2^-14, so S = 1024; 3.9 x 1024 = 3993.6 fits"),
                () -> assertScale(OptionalDouble.of(1.0), new float[] {0.0f, 0.0f},
                        "all-zero gradients need no rescue: S = 1"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercises 4-5: null, empty and non-finite gradient arrays throw IllegalArgumentException")
    void lossScaleRejectsBadGradients() {
        assertAll(
                () -> assertRejects("gradients", "null", () -> PrecisionVsRange.lossScaleFor(null)),
                () -> assertRejects("gradients", "empty", () -> PrecisionVsRange.lossScaleFor(new float[0])),
                () -> assertRejects("gradients", "NaN",
                        () -> PrecisionVsRange.lossScaleFor(new float[] {1e-3f, Float.NaN})),
                () -> assertRejects("gradients", "Infinity",
                        () -> PrecisionVsRange.lossScaleFor(new float[] {Float.POSITIVE_INFINITY})),
                () -> assertRejects("gradients", "empty", () -> PrecisionVsRange.underflowFraction(new float[0])),
                () -> assertRejects("gradients", "null", () -> PrecisionVsRange.underflowFraction(null)));
    }

    // ---------------------------------------------------------------- exercise 6: a dynamic loss scaler

    @Test
    @Points(2)
    @DisplayName("Exercise 6: one scaler step halves on overflow and doubles after growthInterval good steps")
    void scalerStep() {
        assertAll(
                // overflow: 65536 / 2, counter reset
                () -> assertEquals(new ScalerState(32768.0, 0), PrecisionVsRange.nextScale(65536.0, true, 5, 2000),
                        "an overflow halves the scale (65536 -> 32768) and resets the good-step counter to 0"),
                // no overflow, 5 + 1 = 6 < 2000
                () -> assertEquals(new ScalerState(65536.0, 6), PrecisionVsRange.nextScale(65536.0, false, 5, 2000),
                        "a good step adds one to the counter (5 -> 6) and leaves the scale alone"),
                // no overflow, 1999 + 1 = 2000 = growthInterval: double and reset
                () -> assertEquals(new ScalerState(131072.0, 0),
                        PrecisionVsRange.nextScale(65536.0, false, 1999, 2000),
                        "the 2000th good step in a row doubles the scale (65536 -> 131072) and resets the counter"),
                // overflow wins even when the counter was about to trigger growth
                () -> assertEquals(new ScalerState(512.0, 0), PrecisionVsRange.nextScale(1024.0, true, 1999, 2000),
                        "an overflow halves the scale even on what would have been the growth step"),
                // growthInterval 1: every good step doubles
                () -> assertEquals(new ScalerState(16.0, 0), PrecisionVsRange.nextScale(8.0, false, 0, 1),
                        "with growthInterval 1 every good step doubles the scale (8 -> 16)"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 6: bad scales, counters and intervals throw IllegalArgumentException")
    void scalerRejectsBadInput() {
        assertAll(
                () -> assertRejects("scale", "0", () -> PrecisionVsRange.nextScale(0.0, false, 0, 2000)),
                () -> assertRejects("scale", "NaN", () -> PrecisionVsRange.nextScale(Double.NaN, false, 0, 2000)),
                () -> assertRejects("growthInterval", "0", () -> PrecisionVsRange.nextScale(1024.0, false, 0, 0)),
                () -> assertRejects("goodSteps", "-1", () -> PrecisionVsRange.nextScale(1024.0, false, -1, 2000)),
                () -> assertRejects("goodSteps", "3", () -> PrecisionVsRange.nextScale(1024.0, false, 3, 3)),
                () -> assertRejects("initialScale", "-1",
                        () -> PrecisionVsRange.scaleHistory(-1.0, new boolean[] {false}, 10)),
                () -> assertRejects("overflows", "null", () -> PrecisionVsRange.scaleHistory(1024.0, null, 10)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 6: the scale after each step of a run of overflows and good steps")
    void scalerHistory() {
        assertAll(
                // halve; count 1; count 2; count 3 = interval -> double; halve; count 1
                () -> assertHistory(new double[] {32768, 32768, 32768, 65536, 32768, 32768}, 65536.0,
                        new boolean[] {true, false, false, false, true, false}, 3,
                        "65536 -> overflow 32768 -> 1 good -> 2 good -> 3 good, double to 65536 -> overflow 32768"
                                + " -> 1 good"),
                // interval 2: counts 1, double, 1, double
                () -> assertHistory(new double[] {1024, 2048, 2048, 4096}, 1024.0,
                        new boolean[] {false, false, false, false}, 2,
                        "with growthInterval 2 and no overflows the scale doubles every second step"),
                () -> assertHistory(new double[] {32768, 16384, 8192}, 65536.0,
                        new boolean[] {true, true, true}, 2000, "three overflows in a row halve the scale three times"),
                () -> assertHistory(new double[0], 8.0, new boolean[0], 5, "no steps, no history"));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRoundsToBf16(float expected, float x, String arithmetic) {
        float actual = PrecisionVsRange.roundToBf16(x);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                () -> "roundToBf16(" + x + ") should be " + expected + " but was " + actual + ". " + arithmetic);
    }

    /**
     * The reference for exercise 1, written differently from the usual bit trick: take the two bf16 patterns
     * that bracket {@code x}, measure both distances in double (exact for floats this size), keep the nearer,
     * and on a tie keep the one whose last bit is 0.
     */
    private static float nearestBf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        int towardZero = bits & 0xFFFF0000;
        int awayFromZero = towardZero + 0x10000;
        float low = Float.intBitsToFloat(towardZero);
        float high = Float.intBitsToFloat(awayFromZero);
        double toLow = Math.abs((double) x - low);
        double toHigh = Math.abs((double) high - x);
        if (toLow != toHigh) {
            return toLow < toHigh ? low : high;
        }
        return ((towardZero >>> 16) & 1) == 0 ? low : high;
    }

    private static void assertSurvivors(boolean[] expected, String format, String why) {
        boolean[] actual = PrecisionVsRange.survivors(GRADIENTS.clone(), format);
        assertArrayEquals(expected, actual, () -> "survivors(" + Arrays.toString(GRADIENTS) + ", \"" + format
                + "\") should be " + Arrays.toString(expected) + " but was " + Arrays.toString(actual) + ": " + why);
    }

    private static void assertScale(OptionalDouble expected, float[] gradients, String why) {
        assertEquals(expected, PrecisionVsRange.lossScaleFor(gradients),
                () -> "lossScaleFor(" + Arrays.toString(gradients) + "): " + why);
    }

    private static void assertHistory(double[] expected, double initialScale, boolean[] overflows, int interval,
            String why) {
        double[] actual = PrecisionVsRange.scaleHistory(initialScale, overflows, interval);
        assertArrayEquals(expected, actual, 0.0, () -> "scaleHistory(" + initialScale + ", "
                + Arrays.toString(overflows) + ", " + interval + ") should be " + Arrays.toString(expected)
                + " but was " + Arrays.toString(actual) + ": " + why);
    }

    /**
     * Checks that {@code call} throws an IllegalArgumentException whose message mentions both the parameter's
     * name and the bad value, e.g. "growthInterval must be positive, got 0".
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
