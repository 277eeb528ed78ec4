package quantlab.exercises.ch02;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.exercises.ch02.NumberFormats.Layout;
import quantlab.exercises.ch02.NumberFormats.Outcome;
import quantlab.grading.Points;

/**
 * Grades chapter 2, "Numbers are storage decisions". Hand-worked values carry their arithmetic in a comment;
 * the exhaustive and random checks compare against the JDK's own fp16 conversion, an independent reference.
 */
@DisplayName("Chapter 2: fp16 and bf16 bit by bit")
class NumberFormatsTest {

    /** Powers of two used as expected values; written with hex float literals, so they are exact. */
    private static final float TWO_TO_MINUS_24 = 0x1p-24f;
    private static final float TWO_TO_MINUS_14 = 0x1p-14f;
    private static final float TWO_TO_MINUS_10 = 0x1p-10f;

    // ---------------------------------------------------------------- warm-up: layouts

    @Test
    @Points(1)
    @DisplayName("Warm-up: bits, exponent bits, mantissa bits and bias of fp32, fp16 and bf16")
    void layouts() {
        assertAll(
                // 1 + 8 + 23 = 32; bias 2^7 - 1 = 127
                () -> assertEquals(new Layout(32, 8, 23, 127), NumberFormats.layout("fp32"),
                        "fp32 is 1 sign + 8 exponent + 23 mantissa bits with bias 127"),
                // 1 + 5 + 10 = 16; bias 2^4 - 1 = 15
                () -> assertEquals(new Layout(16, 5, 10, 15), NumberFormats.layout("fp16"),
                        "fp16 is 1 sign + 5 exponent + 10 mantissa bits with bias 15"),
                // 1 + 8 + 7 = 16; bias 2^7 - 1 = 127, the same exponent as fp32
                () -> assertEquals(new Layout(16, 8, 7, 127), NumberFormats.layout("bf16"),
                        "bf16 is 1 sign + 8 exponent + 7 mantissa bits with bias 127 (fp32's exponent)"),
                () -> assertEquals(new Layout(16, 8, 7, 127), NumberFormats.layout("BF16"),
                        "format names are matched ignoring case: \"BF16\" should work like \"bf16\""),
                () -> assertRejects("format", "fp8", () -> NumberFormats.layout("fp8")),
                () -> assertRejects("format", "null", () -> NumberFormats.layout(null)));
    }

    // ---------------------------------------------------------------- exercise 1: decode fp16 by hand

    @Test
    @Points(2)
    @DisplayName("Exercise 1: decode normal fp16 patterns (1.0, 1/3, 65504, -2, pi, the smallest normal)")
    void decodesNormalFp16() {
        assertAll(
                // 0 01111 0000000000: E = 15, M = 0 -> (1 + 0) x 2^(15 - 15) = 1.0
                () -> assertDecodesFp16(1.0f, 0x3C00, "E = 15, M = 0: (1 + 0) x 2^0 = 1.0"),
                // 0 01101 0101010101: E = 13, M = 0x155 = 341 -> (1 + 341/1024) x 2^-2 = 1365/4096 = 0.333251953125
                () -> assertDecodesFp16(0.333251953125f, 0x3555,
                        "E = 13, M = 341: (1 + 341/1024) x 2^-2 = 1365/4096 = 0.333251953125, fp16's nearest to 1/3"),
                // 0 11110 1111111111: E = 30, M = 1023 -> (1 + 1023/1024) x 2^15 = 65504
                () -> assertDecodesFp16(65504.0f, 0x7BFF,
                        "E = 30, M = 1023: (2047/1024) x 2^15 = 65504, the largest finite fp16 value"),
                // 1 10000 0000000000: s = 1, E = 16, M = 0 -> -(1 + 0) x 2^1 = -2.0
                () -> assertDecodesFp16(-2.0f, 0xC000, "s = 1, E = 16, M = 0: -(1) x 2^1 = -2.0"),
                // 0 01110 0000000000: E = 14 -> 2^-1 = 0.5
                () -> assertDecodesFp16(0.5f, 0x3800, "E = 14, M = 0: 2^(14 - 15) = 0.5"),
                // 0 10000 1001001000: E = 16, M = 0x248 = 584 -> (1 + 584/1024) x 2 = 3.140625
                () -> assertDecodesFp16(3.140625f, 0x4248,
                        "E = 16, M = 584: (1 + 584/1024) x 2^1 = 3.140625, fp16's nearest to pi"),
                // 0 00001 0000000000: E = 1, M = 0 -> 2^(1 - 15) = 2^-14, the smallest normal
                () -> assertDecodesFp16(TWO_TO_MINUS_14, 0x0400, "E = 1, M = 0: 2^(1 - 15) = 2^-14 = 6.103515625e-5"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 1: decode fp16 subnormals, signed zeros, infinities and NaN")
    void decodesSpecialFp16() {
        assertAll(
                // E = 0, M = 1 -> (1/1024) x 2^-14 = 2^-24
                () -> assertDecodesFp16(TWO_TO_MINUS_24, 0x0001,
                        "E = 0, M = 1 is the smallest subnormal: (1/1024) x 2^-14 = 2^-24 (no implied leading 1)"),
                // E = 0, M = 1023 -> (1023/1024) x 2^-14 = 1023 x 2^-24 = 6.097555160522461e-5
                () -> assertDecodesFp16(1023 * TWO_TO_MINUS_24, 0x03FF,
                        "E = 0, M = 1023 is the largest subnormal: 1023 x 2^-24 = 6.0975552e-5"),
                // E = 0, M = 512 -> (512/1024) x 2^-14 = 2^-15
                () -> assertDecodesFp16(0x1p-15f, 0x0200, "E = 0, M = 512: (512/1024) x 2^-14 = 2^-15"),
                // s = 1, E = 0, M = 3 -> -3 x 2^-24
                () -> assertDecodesFp16(-3 * TWO_TO_MINUS_24, 0x8003, "s = 1, E = 0, M = 3: -3 x 2^-24"),
                () -> assertDecodesFp16(0.0f, 0x0000, "all zero bits are +0.0"),
                () -> assertDecodesFp16(-0.0f, 0x8000,
                        "only the sign bit set is -0.0, which is a different bit pattern from +0.0 (check the sign)"),
                // E = 31, M = 0 -> infinity
                () -> assertDecodesFp16(Float.POSITIVE_INFINITY, 0x7C00, "E = 31, M = 0 is +infinity"),
                () -> assertDecodesFp16(Float.NEGATIVE_INFINITY, 0xFC00, "s = 1, E = 31, M = 0 is -infinity"),
                // E = 31, M != 0 -> NaN
                () -> assertTrue(Float.isNaN(NumberFormats.decodeFp16(0x7E00)), "E = 31, M = 512 (0x7E00) is NaN"),
                () -> assertTrue(Float.isNaN(NumberFormats.decodeFp16(0x7C01)),
                        "E = 31, M = 1 (0x7C01) is NaN too, not infinity: any nonzero mantissa makes a NaN"),
                () -> assertTrue(Float.isNaN(NumberFormats.decodeFp16(0xFFFF)),
                        "0xFFFF (s = 1, E = 31, M = 1023) is NaN"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 1: all 65,536 fp16 patterns decode exactly as the JDK's Float.float16ToFloat does")
    void decodesEveryFp16PatternLikeTheJdk() {
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float expected = Float.float16ToFloat((short) bits);
            String problem;
            try {
                float actual = NumberFormats.decodeFp16(bits);
                boolean same = Float.isNaN(expected)
                        ? Float.isNaN(actual)
                        : Float.floatToRawIntBits(actual) == Float.floatToRawIntBits(expected);
                problem = same ? null : "gave " + actual;
            } catch (RuntimeException e) {
                problem = "threw " + e;
            }
            if (problem != null) {
                count++;
                if (mismatches.size() < 5) {
                    mismatches.add(String.format("0x%04X should be %s but %s", bits, expected, problem));
                }
            }
        }
        if (count > 0) {
            fail(count + " of 65536 fp16 patterns decode wrongly; the first few: " + String.join("; ", mismatches));
        }
    }

    // ---------------------------------------------------------------- exercise 2: decode bf16

    @Test
    @Points(2)
    @DisplayName("Exercise 2: decode bf16 patterns, the top half of an fp32")
    void decodesBf16() {
        assertAll(
                // 0x3F80 -> fp32 0x3F800000: E = 127, M = 0 -> 1.0
                () -> assertDecodesBf16(1.0f, 0x3F80, "0x3F80 is fp32 0x3F800000 = 1.0"),
                // 1 10000000 1000000: s = 1, E = 128, M = 64 -> -(1 + 64/128) x 2^1 = -3.0
                () -> assertDecodesBf16(-3.0f, 0xC040, "s = 1, E = 128, M = 64: -(1 + 64/128) x 2^1 = -3.0"),
                // E = 125, M = 43 -> (1 + 43/128) x 2^-2 = 171/512 = 0.333984375
                () -> assertDecodesBf16(0.333984375f, 0x3EAB,
                        "E = 125, M = 43: (171/128) x 2^-2 = 171/512 = 0.333984375, bf16's nearest to 1/3"),
                // E = 128, M = 0x49 = 73 -> (1 + 73/128) x 2 = 3.140625
                () -> assertDecodesBf16(3.140625f, 0x4049, "E = 128, M = 73: (1 + 73/128) x 2^1 = 3.140625"),
                // E = 254, M = 127 -> (2 - 2^-7) x 2^127 = 3.3895313892515355e38
                () -> assertDecodesBf16(0x1.fep127f, 0x7F7F,
                        "E = 254, M = 127: (2 - 2^-7) x 2^127, about 3.3895e38, the largest finite bf16 value"),
                // E = 1, M = 0 -> 2^-126, the smallest normal
                () -> assertDecodesBf16(0x1p-126f, 0x0080, "E = 1, M = 0: 2^(1 - 127) = 2^-126"),
                // E = 0, M = 1 -> (1/128) x 2^-126 = 2^-133
                () -> assertDecodesBf16(0x1p-133f, 0x0001,
                        "E = 0, M = 1: (1/128) x 2^-126 = 2^-133, the smallest subnormal"),
                () -> assertDecodesBf16(-0.0f, 0x8000, "only the sign bit set is -0.0"),
                () -> assertDecodesBf16(Float.POSITIVE_INFINITY, 0x7F80, "E = 255, M = 0 is +infinity"),
                () -> assertDecodesBf16(Float.NEGATIVE_INFINITY, 0xFF80, "s = 1, E = 255, M = 0 is -infinity"),
                () -> assertTrue(Float.isNaN(NumberFormats.decodeBf16(0x7FC0)), "E = 255, M = 64 (0x7FC0) is NaN"),
                // 0x4780 -> E = 143 -> 2^16 = 65536: fine in bf16, infinity in fp16
                () -> assertDecodesBf16(65536.0f, 0x4780,
                        "E = 143, M = 0: 2^16 = 65536, too big for fp16 but not for bf16"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercises 1-2: bit patterns outside 0..0xFFFF throw IllegalArgumentException")
    void decodeRejectsBadBits() {
        assertAll(
                () -> assertRejects("bits", "-1", () -> NumberFormats.decodeFp16(-1)),
                () -> assertRejects("bits", "65536", () -> NumberFormats.decodeFp16(0x10000)),
                () -> assertRejects("bits", "-32768", () -> NumberFormats.decodeBf16(-32768)),
                () -> assertRejects("bits", "1065353216", () -> NumberFormats.decodeBf16(0x3F800000)));
    }

    // ---------------------------------------------------------------- exercise 3: range from the layout

    @Test
    @Points(2)
    @DisplayName("Exercise 3: fp16's largest finite, smallest normal and smallest subnormal values")
    void fp16Range() {
        assertAll(
                // (2 - 2^-10) x 2^15 = 65536 - 32 = 65504
                () -> assertEquals(65504.0, NumberFormats.largestFinite("fp16"), 0.0,
                        "fp16's largest finite value is (2 - 2^-10) x 2^15 = 65504"),
                // 2^(1 - 15) = 2^-14 = 6.103515625e-5
                () -> assertEquals(0x1p-14, NumberFormats.smallestNormal("fp16"), 0.0,
                        "fp16's smallest normal value is 2^(1 - 15) = 2^-14 = 6.103515625e-5"),
                // 2^(1 - 15 - 10) = 2^-24 = 5.9604644775390625e-8
                () -> assertEquals(0x1p-24, NumberFormats.smallestSubnormal("fp16"), 0.0,
                        "fp16's smallest subnormal value is 2^(1 - 15 - 10) = 2^-24, about 5.96e-8"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 3: bf16 keeps fp32's range, give or take the last mantissa bits")
    void bf16AndFp32Range() {
        assertAll(
                // (2 - 2^-7) x 2^127 = 2^128 - 2^120 = 3.3895313892515355e38
                () -> assertEquals(0x1.fep127, NumberFormats.largestFinite("bf16"), 0x1p80,
                        "bf16's largest finite value is (2 - 2^-7) x 2^127, about 3.3895e38"),
                // (2 - 2^-23) x 2^127 = Float.MAX_VALUE = 3.4028234663852886e38
                () -> assertEquals(Float.MAX_VALUE, NumberFormats.largestFinite("fp32"), 0x1p80,
                        "fp32's largest finite value is (2 - 2^-23) x 2^127 = Float.MAX_VALUE"),
                // 2^(1 - 127) = 2^-126 for both
                () -> assertEquals(0x1p-126, NumberFormats.smallestNormal("bf16"), 0.0,
                        "bf16's smallest normal value is 2^(1 - 127) = 2^-126, the same as fp32"),
                () -> assertEquals(0x1p-126, NumberFormats.smallestNormal("fp32"), 0.0,
                        "fp32's smallest normal value is 2^-126 = Float.MIN_NORMAL"),
                // 2^(1 - 127 - 7) = 2^-133 and 2^(1 - 127 - 23) = 2^-149
                () -> assertEquals(0x1p-133, NumberFormats.smallestSubnormal("bf16"), 0.0,
                        "bf16's smallest subnormal value is 2^(1 - 127 - 7) = 2^-133"),
                () -> assertEquals(0x1p-149, NumberFormats.smallestSubnormal("fp32"), 0.0,
                        "fp32's smallest subnormal value is 2^(1 - 127 - 23) = 2^-149 = Float.MIN_VALUE"),
                () -> assertRejects("format", "int8", () -> NumberFormats.largestFinite("int8")));
    }

    // ---------------------------------------------------------------- exercise 4: ulp of fp16

    @Test
    @Points(2)
    @DisplayName("Exercise 4: the spacing of fp16 values at 1, 1000, 65504 and among the subnormals")
    void ulpOfFp16() {
        assertAll(
                // binade [1, 2): e = 0 -> 2^(0 - 10) = 2^-10
                () -> assertEquals(TWO_TO_MINUS_10, NumberFormats.ulpFp16(1.0f), 0.0f,
                        "at 1.0 (binade [1, 2), e = 0) the fp16 ulp is 2^(0 - 10) = 2^-10 = 0.0009765625"),
                // binade [512, 1024): e = 9 -> 2^(9 - 10) = 0.5
                () -> assertEquals(0.5f, NumberFormats.ulpFp16(1000.0f), 0.0f,
                        "at 1000 (binade [512, 1024), e = 9) the fp16 ulp is 2^(9 - 10) = 0.5"),
                // binade [32768, 65536): e = 15 -> 2^5 = 32
                () -> assertEquals(32.0f, NumberFormats.ulpFp16(65504.0f), 0.0f,
                        "at 65504 (binade [2^15, 2^16), e = 15) the fp16 ulp is 2^(15 - 10) = 32"),
                // binade [1024, 2048): e = 10 -> 2^0 = 1
                () -> assertEquals(1.0f, NumberFormats.ulpFp16(1024.0f), 0.0f,
                        "at 1024 (e = 10) the fp16 ulp is 2^0 = 1: fp16 cannot store 1024.5"),
                // sign is ignored
                () -> assertEquals(0.5f, NumberFormats.ulpFp16(-1000.0f), 0.0f,
                        "the ulp at -1000 is the same as at 1000: the sign does not matter"),
                // 0.1 lies in [2^-4, 2^-3): e = -4 -> 2^-14
                () -> assertEquals(TWO_TO_MINUS_14, NumberFormats.ulpFp16(0.1f), 0.0f,
                        "at 0.1 (binade [2^-4, 2^-3), e = -4) the fp16 ulp is 2^(-4 - 10) = 2^-14"),
                // the lowest normal binade [2^-14, 2^-13): 2^(-14 - 10) = 2^-24
                () -> assertEquals(TWO_TO_MINUS_24, NumberFormats.ulpFp16(TWO_TO_MINUS_14), 0.0f,
                        "at 2^-14 (the smallest normal) the fp16 ulp is 2^(-14 - 10) = 2^-24"),
                // subnormal range: always 2^-24
                () -> assertEquals(TWO_TO_MINUS_24, NumberFormats.ulpFp16(1e-6f), 0.0f,
                        "at 1e-6 (below 2^-14, a subnormal) the fp16 ulp is 2^-24, not 2^(e - 10)"),
                () -> assertEquals(TWO_TO_MINUS_24, NumberFormats.ulpFp16(0.0f), 0.0f,
                        "at 0 the fp16 ulp is 2^-24, the gap up to the smallest subnormal"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 4: NaN, infinite and out-of-range values throw IllegalArgumentException")
    void ulpRejectsBadValues() {
        assertAll(
                () -> assertRejects("value", "70000", () -> NumberFormats.ulpFp16(70000.0f)),
                () -> assertRejects("value", "-65505", () -> NumberFormats.ulpFp16(-65505.0f)),
                () -> assertRejects("value", "NaN", () -> NumberFormats.ulpFp16(Float.NaN)),
                () -> assertRejects("value", "Infinity", () -> NumberFormats.ulpFp16(Float.POSITIVE_INFINITY)));
    }

    // ---------------------------------------------------------------- exercise 5: fits, subnormal, underflow, overflow

    @Test
    @Points(2)
    @DisplayName("Exercise 5: classify values for fp16, including the boundaries at 65520 and 2^-25")
    void classifiesForFp16() {
        assertAll(
                () -> assertClassified(Outcome.FITS, 1.0f, "fp16", "1.0 is an ordinary normal fp16 number"),
                () -> assertClassified(Outcome.FITS, 0.0f, "fp16", "zero is stored exactly"),
                // 65504 is fp16's maximum
                () -> assertClassified(Outcome.FITS, 65504.0f, "fp16", "65504 is fp16's largest finite value"),
                // 65519 < 65504 + 16 rounds down to 65504
                () -> assertClassified(Outcome.FITS, 65519.0f, "fp16",
                        "65519 is less than half an ulp (16) above 65504, so it rounds down to 65504"),
                // 65520 = 65504 + 16 is a tie; 65504 has an odd last mantissa bit, so it rounds up to 2^16 = inf
                () -> assertClassified(Outcome.OVERFLOWS, 65520.0f, "fp16",
                        "65520 is a tie between 65504 and 65536; the tie goes to the even 65536, which is infinity"),
                () -> assertClassified(Outcome.OVERFLOWS, 70000.0f, "fp16", "70000 > 65520 overflows fp16"),
                () -> assertClassified(Outcome.OVERFLOWS, -1e5f, "fp16", "-100000 overflows to -infinity"),
                // 2^-14 = 6.1e-5 > 1e-5 > 2^-25
                () -> assertClassified(Outcome.SUBNORMAL, 1e-5f, "fp16",
                        "1e-5 is below the smallest normal 2^-14 (about 6.1e-5): it is kept as a subnormal"),
                // 4e-8 > 2^-25 (about 2.98e-8): rounds up to 2^-24
                () -> assertClassified(Outcome.SUBNORMAL, 4e-8f, "fp16",
                        "4e-8 is above half the smallest subnormal (2^-25, about 2.98e-8), so it rounds up to 2^-24"),
                // 1e-8 < 2^-25
                () -> assertClassified(Outcome.UNDERFLOWS_TO_ZERO, 1e-8f, "fp16",
                        "1e-8 is below 2^-25 (about 2.98e-8), so fp16 rounds it to zero"),
                // exactly 2^-25: a tie between 0 and 2^-24; 0 is even
                () -> assertClassified(Outcome.UNDERFLOWS_TO_ZERO, 0x1p-25f, "fp16",
                        "2^-25 is exactly half of 2^-24: the tie goes to zero (its last bit is even)"),
                // 2^-14 - 2^-24 is the largest subnormal, 1023 x 2^-24
                () -> assertClassified(Outcome.SUBNORMAL, 0x1p-14f - 0x1p-24f, "fp16",
                        "2^-14 - 2^-24 = 1023 x 2^-24 is the largest fp16 subnormal"),
                // 2^-14 - 2^-25 is a tie between 1023 x 2^-24 (odd) and 2^-14 (even): rounds up to a normal
                () -> assertClassified(Outcome.FITS, 0x1p-14f - 0x1p-25f, "fp16",
                        "2^-14 - 2^-25 is a tie that rounds up to 2^-14, a normal number"));
    }

    @Test
    @Points(3)
    @DisplayName("Exercise 5: classify agrees with the JDK's fp16 rounding on 20,000 values of every size")
    void classifyAgreesWithJdkRounding() {
        Random random = new Random(20_16);
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < 20_000; i++) {
            // magnitudes from 2^-30 to 2^17: far below the subnormals to well above 65504
            float x = Math.scalb(1.0f + random.nextFloat(), random.nextInt(-30, 17));
            if (random.nextBoolean()) {
                x = -x;
            }
            Outcome expected = jdkOutcomeForFp16(x);
            String problem;
            try {
                Outcome actual = NumberFormats.classify(x, "fp16");
                problem = actual == expected ? null : "gave " + actual;
            } catch (RuntimeException e) {
                problem = "threw " + e;
            }
            if (problem != null) {
                count++;
                if (mismatches.size() < 5) {
                    mismatches.add(x + " should be " + expected + " but " + problem);
                }
            }
        }
        if (count > 0) {
            fail(count + " of 20000 values classified wrongly for fp16; the first few: "
                    + String.join("; ", mismatches));
        }
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 5: classify values for bf16 and fp32: what overflows fp16 fits bf16")
    void classifiesForBf16AndFp32() {
        assertAll(
                () -> assertClassified(Outcome.FITS, 70000.0f, "bf16", "70000 overflows fp16 but is tiny for bf16"),
                () -> assertClassified(Outcome.FITS, 1e-8f, "bf16",
                        "1e-8 underflows fp16 but is far above bf16's smallest normal 2^-126"),
                () -> assertClassified(Outcome.FITS, 1e-12f, "BF16", "1e-12 is a normal bf16 number"),
                // 1.1755e-38 = 2^-126 > 1e-38 > 2^-134
                () -> assertClassified(Outcome.SUBNORMAL, 1e-38f, "bf16",
                        "1e-38 is below bf16's smallest normal 2^-126 (about 1.18e-38): a subnormal"),
                // 2^-134 (half of 2^-133) is about 4.6e-41 > 1e-41
                () -> assertClassified(Outcome.UNDERFLOWS_TO_ZERO, 1e-41f, "bf16",
                        "1e-41 is below half of bf16's smallest subnormal (2^-134, about 4.6e-41)"),
                // 2^128 - 2^119 is about 3.3962e38
                () -> assertClassified(Outcome.FITS, 3.39e38f, "bf16",
                        "3.39e38 rounds down to bf16's maximum, about 3.3895e38"),
                () -> assertClassified(Outcome.OVERFLOWS, Float.MAX_VALUE, "bf16",
                        "Float.MAX_VALUE (3.4028e38) is above 2^128 - 2^119 (about 3.3962e38):"
                                + " bf16 rounds it to infinity"),
                () -> assertClassified(Outcome.FITS, Float.MAX_VALUE, "fp32", "Float.MAX_VALUE is fp32's own maximum"),
                () -> assertClassified(Outcome.SUBNORMAL, 1e-40f, "fp32", "1e-40 is below 2^-126: an fp32 subnormal"),
                () -> assertClassified(Outcome.FITS, -1e-30f, "fp32", "-1e-30 is a normal fp32 number"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 5: NaN, infinities and unknown formats throw IllegalArgumentException")
    void classifyRejectsBadInput() {
        assertAll(
                () -> assertRejects("value", "NaN", () -> NumberFormats.classify(Float.NaN, "fp16")),
                () -> assertRejects("value", "-Infinity",
                        () -> NumberFormats.classify(Float.NEGATIVE_INFINITY, "bf16")),
                () -> assertRejects("format", "fp8", () -> NumberFormats.classify(1.0f, "fp8")),
                () -> assertRejects("format", "null", () -> NumberFormats.classify(1.0f, null)));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertDecodesFp16(float expected, int bits, String arithmetic) {
        float actual = NumberFormats.decodeFp16(bits);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                () -> String.format("fp16 0x%04X should decode to %s but was %s. %s",
                        bits, expected, actual, arithmetic));
    }

    private static void assertDecodesBf16(float expected, int bits, String arithmetic) {
        float actual = NumberFormats.decodeBf16(bits);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                () -> String.format("bf16 0x%04X should decode to %s but was %s. %s",
                        bits, expected, actual, arithmetic));
    }

    private static void assertClassified(Outcome expected, float value, String format, String why) {
        assertEquals(expected, NumberFormats.classify(value, format),
                () -> "classify(" + value + ", \"" + format + "\") should be " + expected + ": " + why);
    }

    /** The outcome read off the JDK's own float-to-fp16 rounding: the independent reference. */
    private static Outcome jdkOutcomeForFp16(float x) {
        int h = Float.floatToFloat16(x) & 0xFFFF;
        int exponent = (h >>> 10) & 0x1F;
        if (exponent == 0x1F) {
            return Outcome.OVERFLOWS;
        }
        if ((h & 0x7FFF) == 0) {
            return x == 0.0f ? Outcome.FITS : Outcome.UNDERFLOWS_TO_ZERO;
        }
        return exponent == 0 ? Outcome.SUBNORMAL : Outcome.FITS;
    }

    /**
     * Checks that {@code call} throws an IllegalArgumentException whose message mentions both the parameter's
     * name and the bad value, e.g. "bits must be between 0 and 65535 (0xFFFF), got -1".
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
