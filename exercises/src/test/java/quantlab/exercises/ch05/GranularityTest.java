package quantlab.exercises.ch05;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/**
 * Grades chapter 5, "Per-tensor vs per-channel vs group". Expected values are worked by hand, with the
 * arithmetic in a comment. Two matrices carry most of the tests: the chapter's two-row example and the rows of
 * its medium exercise 1.
 */
@DisplayName("Chapter 5: per-tensor, per-channel and per-group scales; int4 packing")
class GranularityTest {

    /** The chapter's example: a channel of small weights next to a channel of large ones. */
    private static final double[][] TWO_ROWS = {{0.12, -0.18, 0.25, -0.31}, {1.6, -2.1, 2.4, -2.8}};

    /** Medium exercise 1: the small row is smaller still. */
    private static final double[][] MEDIUM = {{0.05, -0.08, 0.11, -0.14}, {1.4, -1.7, 2.1, -2.8}};

    /** The two rows of {@link #TWO_ROWS} laid end to end, for the group exercises. */
    private static final double[] ROW8 = {0.12, -0.18, 0.25, -0.31, 1.6, -2.1, 2.4, -2.8};

    /** The per-tensor scale of both matrices at 4 bits, computed the way exercise 1 computes it. */
    private static final double S_TENSOR = 2.8 / 7;

    private static final double TIGHT = 1e-12;

    // ---------------------------------------------------------------- exercise 1: per-tensor

    @Test
    @Points(1)
    @DisplayName("Exercise 1: one scale for the whole matrix comes from its largest magnitude, 2.8 / 7 = 0.4")
    void perTensorScale() {
        assertAll(
                // max |w| = 2.8 (row 1); 2.8 / 7 = 0.4
                () -> assertEquals(0.4, Granularity.perTensorScale(copy(TWO_ROWS), 4), TIGHT,
                        "the largest magnitude of the two-row example is 2.8, in row 1: 2.8 / 7 = 0.4"),
                // 2.8 / 127
                () -> assertEquals(2.8 / 127, Granularity.perTensorScale(copy(MEDIUM), 8), TIGHT,
                        "at 8 bits: 2.8 / (2^7 - 1) = 2.8 / 127 = 0.022047..."),
                // max |w| = |-5| in row 0; 5 / 7
                () -> assertEquals(5.0 / 7, Granularity.perTensorScale(new double[][] {{-5.0}, {4.0}}, 4), TIGHT,
                        "the largest magnitude can sit in any row and be negative: |-5| / 7"),
                () -> assertEquals(1.0, Granularity.perTensorScale(new double[][] {{0.0, 0.0}, {0.0, 0.0}}, 4), 0.0,
                        "an all-zero matrix gets scale 1.0, as in chapter 4"));
    }

    // ---------------------------------------------------------------- exercise 2: per-channel

    @Test
    @Points(1)
    @DisplayName("Exercise 2: one scale per row: {0.31 / 7, 2.8 / 7} for the two-row example")
    void perChannelScales() {
        assertAll(
                // row 0: 0.31 / 7 = 0.044285...; row 1: 2.8 / 7 = 0.4
                () -> assertScales(new double[] {0.31 / 7, 0.4}, Granularity.perChannelScales(copy(TWO_ROWS), 4),
                        "row 0: 0.31 / 7 = 0.0443, row 1: 2.8 / 7 = 0.4"),
                // row 0: 0.14 / 7 = 0.02; row 1: 0.4
                () -> assertScales(new double[] {0.02, 0.4}, Granularity.perChannelScales(copy(MEDIUM), 4),
                        "row 0: 0.14 / 7 = 0.02, row 1: 2.8 / 7 = 0.4"),
                () -> assertScales(new double[] {1.0, 3.0 / 7}, Granularity.perChannelScales(
                        new double[][] {{0.0, 0.0}, {3.0, -1.0}}, 4), "an all-zero row gets 1.0; the other 3 / 7"));
    }

    // ---------------------------------------------------------------- exercise 3: quantize rows

    @Test
    @Points(2)
    @DisplayName("Exercise 3: per-tensor crushes row 0 to {0, 0, 1, -1}; per-channel gives {3, -4, 6, -7}")
    void quantizesTheTwoRowExample() {
        assertAll(
                // row 0 / 0.4 = {0.3, -0.45, 0.625, -0.775} -> {0, 0, 1, -1};
                // row 1 / 0.4 = {4, -5.25, 6, -7} -> {4, -5, 6, -7}
                () -> assertCodes(new int[][] {{0, 0, 1, -1}, {4, -5, 6, -7}}, TWO_ROWS,
                        new double[] {S_TENSOR, S_TENSOR}, "with one scale 0.4: row 0 / 0.4 = {0.3, -0.45, 0.625,"
                                + " -0.775} -> {0, 0, 1, -1}; row 1 / 0.4 = {4, -5.25, 6, -7} -> {4, -5, 6, -7}"),
                // row 0 / 0.044285 = {2.71, -4.06, 5.65, -7} -> {3, -4, 6, -7}
                () -> assertCodes(new int[][] {{3, -4, 6, -7}, {4, -5, 6, -7}}, TWO_ROWS,
                        new double[] {0.31 / 7, S_TENSOR}, "with its own scale 0.31 / 7 = 0.0443, row 0 divides to"
                                + " {2.71, -4.06, 5.65, -7} -> {3, -4, 6, -7}"),
                // a scale chosen too small: 1.6 / 0.2 = 8 -> 7; -2.1 / 0.2 = -10.5 -> -7 ...
                () -> assertCodes(new int[][] {{7, -7}}, new double[][] {{1.6, -2.1}}, new double[] {0.2},
                        "a scale of 0.2 is too small for this row: 8 and -10.5 clamp to 7 and -7"));
    }

    // ---------------------------------------------------------------- exercise 4: per-group

    @Test
    @Points(2)
    @DisplayName("Exercise 4: scales and codes for groups of 2, 4 and 8 along one row")
    void perGroup() {
        assertAll(
                // groups {0.12, -0.18, 0.25, -0.31} and {1.6, -2.1, 2.4, -2.8}: 0.31 / 7 and 2.8 / 7
                () -> assertScales(new double[] {0.31 / 7, 0.4}, Granularity.perGroupScales(ROW8.clone(), 4, 4),
                        "groups of 4: {0.31 / 7, 2.8 / 7}"),
                // pairs: 0.18 / 7, 0.31 / 7, 2.1 / 7, 2.8 / 7
                () -> assertScales(new double[] {0.18 / 7, 0.31 / 7, 0.3, 0.4},
                        Granularity.perGroupScales(ROW8.clone(), 2, 4),
                        "groups of 2: {0.18 / 7, 0.31 / 7, 2.1 / 7 = 0.3, 2.8 / 7 = 0.4}"),
                () -> assertScales(new double[] {0.4}, Granularity.perGroupScales(ROW8.clone(), 8, 4),
                        "one group of 8 is the whole row: 2.8 / 7"),
                () -> assertScales(new double[] {1.0, 2.0 / 7},
                        Granularity.perGroupScales(new double[] {0.0, 0.0, 1.0, -2.0}, 2, 4),
                        "an all-zero group gets scale 1.0; the other 2 / 7"),
                // group 0 as per-channel row 0, group 1 as row 1
                () -> assertGroupCodes(new int[] {3, -4, 6, -7, 4, -5, 6, -7}, 4,
                        "groups of 4 quantize like the per-channel rows: {3, -4, 6, -7} then {4, -5, 6, -7}"),
                // 0.12 / (0.18 / 7) = 4.67 -> 5; 0.25 / (0.31 / 7) = 5.65 -> 6; 1.6 / 0.3 = 5.33 -> 5; 2.4 / 0.4 = 6
                () -> assertGroupCodes(new int[] {5, -7, 6, -7, 5, -7, 6, -7}, 2,
                        "groups of 2: 0.12 / 0.0257 = 4.67 -> 5, 0.25 / 0.0443 = 5.65 -> 6, 1.6 / 0.3 = 5.33 -> 5,"
                                + " 2.4 / 0.4 = 6; the second of each pair sets its scale and becomes -7"),
                () -> assertGroupCodes(new int[] {0, 0, 1, -1, 4, -5, 6, -7}, 8,
                        "one group of 8 is per-tensor again: the first half collapses to {0, 0, 1, -1}"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 4: a groupSize that does not divide the row length throws, naming both numbers")
    void perGroupRejectsBadGroupSizes() {
        assertAll(
                () -> assertRejects("groupSize", "3", () -> Granularity.perGroupScales(ROW8.clone(), 3, 4)),
                () -> assertRejects("groupSize", "0", () -> Granularity.perGroupScales(ROW8.clone(), 0, 4)),
                () -> assertRejects("groupSize", "5", () -> Granularity.quantizePerGroup(ROW8.clone(), 5, 4)),
                () -> {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> Granularity.perGroupScales(ROW8.clone(), 3, 4));
                    assertTrue(String.valueOf(e.getMessage()).contains("8"),
                            "the message should show the row length 8 that groupSize 3 fails to divide, but was: "
                                    + e.getMessage());
                },
                () -> assertRejects("row[1]", "NaN",
                        () -> Granularity.perGroupScales(new double[] {1.0, Double.NaN}, 1, 4)));
    }

    // ---------------------------------------------------------------- exercise 5: int4 packing

    @Test
    @Points(2)
    @DisplayName("Exercise 5: packing puts the even index in the low nibble: {3, -2} -> 0xE3")
    void packsInt4() {
        assertAll(
                // low nibble 3 = 0011, high nibble -2 = 1110 = E -> 1110 0011 = 0xE3
                () -> assertPacked(new int[] {0xE3}, new int[] {3, -2}, "3 -> 0x3 low, -2 -> 0xE high: 0xE3"),
                // -8 -> 1000 = 0x8 low, 7 -> 0111 = 0x7 high
                () -> assertPacked(new int[] {0x78}, new int[] {-8, 7}, "-8 -> 0x8 low, 7 -> 0x7 high: 0x78"),
                () -> assertPacked(new int[] {0x0F}, new int[] {-1, 0}, "-1 -> 0xF in the low nibble: 0x0F"),
                () -> assertPacked(new int[] {0xF0}, new int[] {0, -1}, "-1 -> 0xF in the high nibble: 0xF0"),
                // {1, 2} -> 0x21; {3, 4} -> 0x43; {5} -> 0x05, high nibble padded with 0
                () -> assertPacked(new int[] {0x21, 0x43, 0x05}, new int[] {1, 2, 3, 4, 5},
                        "pairs (1, 2) -> 0x21 and (3, 4) -> 0x43; the odd last code 5 gets a zero high nibble: 0x05"),
                () -> assertPacked(new int[0], new int[0], "no codes pack to no bytes"),
                () -> assertRejects("codes[1]", "8", () -> Granularity.packInt4(new int[] {0, 8})),
                () -> assertRejects("codes[0]", "-9", () -> Granularity.packInt4(new int[] {-9})),
                () -> assertRejects("codes", "null", () -> Granularity.packInt4(null)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 5: unpacking sign-extends each nibble, and all 256 pairs survive a round trip")
    void unpacksInt4() {
        assertAll(
                // 0xE3: low 0x3 = 3, high 0xE = 14 - 16 = -2
                () -> assertUnpacked(new int[] {3, -2}, new byte[] {(byte) 0xE3}, 2, "0xE3: low 3, high 0xE = -2"),
                // 0x8F: low 0xF = -1, high 0x8 = -8
                () -> assertUnpacked(new int[] {-1, -8}, new byte[] {(byte) 0x8F}, 2,
                        "0x8F: low 0xF = -1, high 0x8 = -8"),
                () -> assertUnpacked(new int[] {1, 2, 3}, new byte[] {0x21, 0x43}, 3,
                        "count 3 reads 0x21 -> 1, 2 and the low nibble of 0x43 -> 3"),
                () -> assertUnpacked(new int[0], new byte[] {0x21}, 0, "count 0 reads nothing"),
                () -> assertRejects("count", "3", () -> Granularity.unpackInt4(new byte[] {0x21}, 3)),
                () -> assertRejects("count", "-1", () -> Granularity.unpackInt4(new byte[] {0x21}, -1)),
                () -> assertRejects("packed", "null", () -> Granularity.unpackInt4(null, 0)));
        List<String> failures = new ArrayList<>();
        for (int lo = -8; lo <= 7; lo++) {
            for (int hi = -8; hi <= 7; hi++) {
                int[] codes = {lo, hi};
                String problem;
                try {
                    int[] back = Granularity.unpackInt4(Granularity.packInt4(codes.clone()), 2);
                    problem = Arrays.equals(codes, back) ? null : "came back as " + Arrays.toString(back);
                } catch (RuntimeException e) {
                    problem = "threw " + e;
                }
                if (problem != null && failures.size() < 5) {
                    failures.add(Arrays.toString(codes) + " " + problem);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail("unpackInt4(packInt4(codes), 2) should give the codes back; the first failures: "
                    + String.join("; ", failures));
        }
    }

    // ---------------------------------------------------------------- exercise 6: medium exercise 1, computed

    @Test
    @Points(3)
    @DisplayName("Exercise 6: per-tensor zeroes all of {0.05, -0.08, 0.11, -0.14} (0 dB); per-channel keeps 23 dB")
    void mediumExerciseOne() {
        double[] perTensor = {S_TENSOR, S_TENSOR};
        double[] perChannel = {0.14 / 7, S_TENSOR};
        assertAll(
                // row 0 / 0.4 = {0.125, -0.2, 0.275, -0.35}: all below 0.5 -> {0, 0, 0, 0}
                // row 1 / 0.4 = {3.5, -4.25, 5.25, -7} -> {4, -4, 5, -7} (3.5 is a tie: even 4)
                () -> assertCodes(new int[][] {{0, 0, 0, 0}, {4, -4, 5, -7}}, MEDIUM, perTensor,
                        "row 0 / 0.4 = {0.125, -0.2, 0.275, -0.35} all round to 0; row 1 / 0.4 = {3.5, -4.25, 5.25,"
                                + " -7} -> {4, -4, 5, -7}"),
                // row 0 / 0.02 = {2.5, -4, 5.5, -7} -> {2, -4, 6, -7} (ties to even)
                () -> assertCodes(new int[][] {{2, -4, 6, -7}, {4, -4, 5, -7}}, MEDIUM, perChannel,
                        "row 0 / 0.02 = {2.5, -4, 5.5, -7}: the ties go to the even 2 and 6"),
                // the course's one convention on its own: 0.05 / 0.02 is exactly 2.5 (in double here, and in
                // float32 as the library computes it), a tie, and half to even sends it to 2, not 3
                () -> assertCodes(new int[][] {{2}}, new double[][] {{0.05}}, new double[] {0.02},
                        "0.05 / 0.02 is exactly 2.5, a tie: half to even gives 2, not 3"),
                () -> assertArrayEquals(new int[] {4, 0},
                        Granularity.crushedToZero(copy(MEDIUM), perTensor.clone(), 4),
                        "per-tensor: all 4 weights of row 0 become code 0, none of row 1"),
                () -> assertArrayEquals(new int[] {0, 0},
                        Granularity.crushedToZero(copy(MEDIUM), perChannel.clone(), 4),
                        "per-channel: no weight becomes code 0"),
                // row 0: (0.0025 + 0.0064 + 0.0121 + 0.0196) / 4 = 0.0406 / 4 = 0.01015
                // row 1: {1.6, -1.6, 2.0, -2.8}; errors 0.2, 0.1, 0.1, 0; (0.04 + 0.01 + 0.01) / 4 = 0.015
                () -> assertScales(new double[] {0.01015, 0.015},
                        Granularity.rowMse(copy(MEDIUM), perTensor.clone(), 4),
                        "per-tensor MSE: row 0 = 0.0406 / 4 = 0.01015, row 1 = 0.06 / 4 = 0.015"),
                // row 0: {0.04, -0.08, 0.12, -0.14}; errors 0.01, 0, 0.01, 0; 0.0002 / 4 = 0.00005
                () -> assertScales(new double[] {0.00005, 0.015},
                        Granularity.rowMse(copy(MEDIUM), perChannel.clone(), 4),
                        "per-channel MSE: row 0 = 0.0002 / 4 = 0.00005 (203 times smaller), row 1 unchanged"),
                // row 0: error = signal -> 10 log10(1) = 0; row 1: 17.1 / 0.06 = 285 -> 24.548...
                () -> assertDb(new double[] {0.0, 24.548448600085102},
                        Granularity.rowSqnrDb(copy(MEDIUM), perTensor.clone(), 4),
                        "per-tensor SQNR: row 0 lost everything, 10 log10(1) = 0 dB; row 1 10 log10(285) = 24.55 dB"),
                // row 0: 0.0406 / 0.0002 = 203 -> 23.074...
                () -> assertDb(new double[] {23.07496037913213, 24.548448600085102},
                        Granularity.rowSqnrDb(copy(MEDIUM), perChannel.clone(), 4),
                        "per-channel SQNR: row 0 10 log10(0.0406 / 0.0002) = 10 log10(203) = 23.07 dB"),
                () -> assertDb(new double[] {Double.POSITIVE_INFINITY},
                        Granularity.rowSqnrDb(new double[][] {{0.0, 0.0}}, new double[] {1.0}, 4),
                        "an all-zero row is reconstructed exactly: +infinity dB"));
    }

    // ---------------------------------------------------------------- bad matrices

    @Test
    @Points(2)
    @DisplayName("Exercises 1-6: null, empty, ragged and NaN matrices, bad bits and bad row scales throw")
    void rejectsBadMatrices() {
        assertAll(
                () -> assertRejects("w", "null", () -> Granularity.perTensorScale(null, 4)),
                () -> assertRejects("w", "empty", () -> Granularity.perChannelScales(new double[0][], 4)),
                () -> assertRejects("w[1]", "3",
                        () -> Granularity.perTensorScale(new double[][] {{1, 2, 3, 4}, {1, 2, 3}}, 4)),
                () -> assertRejects("w[1][2]", "NaN",
                        () -> Granularity.perChannelScales(new double[][] {{1, 2, 3}, {1, 2, Double.NaN}}, 4)),
                () -> assertRejects("bits", "1", () -> Granularity.perTensorScale(copy(TWO_ROWS), 1)),
                () -> assertRejects("rowScales", "1",
                        () -> Granularity.quantizeRows(copy(TWO_ROWS), new double[] {0.4}, 4)),
                () -> assertRejects("rowScales[1]", "0",
                        () -> Granularity.quantizeRows(copy(TWO_ROWS), new double[] {0.4, 0.0}, 4)),
                () -> assertRejects("rowScales", "null", () -> Granularity.rowMse(copy(TWO_ROWS), null, 4)));
    }

    // ---------------------------------------------------------------- helpers

    private static double[][] copy(double[][] w) {
        double[][] c = new double[w.length][];
        for (int r = 0; r < w.length; r++) {
            c[r] = w[r].clone();
        }
        return c;
    }

    private static void assertScales(double[] expected, double[] actual, String why) {
        assertArrayEquals(expected, actual, TIGHT, () -> "expected " + Arrays.toString(expected) + " but was "
                + Arrays.toString(actual) + ": " + why);
    }

    private static void assertDb(double[] expected, double[] actual, String why) {
        assertArrayEquals(expected, actual, 1e-9, () -> "expected " + Arrays.toString(expected) + " dB but was "
                + Arrays.toString(actual) + ": " + why);
    }

    private static void assertCodes(int[][] expected, double[][] w, double[] rowScales, String why) {
        int[][] actual = Granularity.quantizeRows(copy(w), rowScales.clone(), 4);
        assertTrue(Arrays.deepEquals(expected, actual), () -> "quantizeRows(" + Arrays.deepToString(w) + ", "
                + Arrays.toString(rowScales) + ", 4) should be " + Arrays.deepToString(expected) + " but was "
                + Arrays.deepToString(actual) + ": " + why);
    }

    private static void assertGroupCodes(int[] expected, int groupSize, String why) {
        int[] actual = Granularity.quantizePerGroup(ROW8.clone(), groupSize, 4);
        assertArrayEquals(expected, actual, () -> "quantizePerGroup(" + Arrays.toString(ROW8) + ", " + groupSize
                + ", 4) should be " + Arrays.toString(expected) + " but was " + Arrays.toString(actual) + ": " + why);
    }

    private static void assertPacked(int[] expectedUnsigned, int[] codes, String why) {
        byte[] actual = Granularity.packInt4(codes.clone());
        int[] actualUnsigned = new int[actual.length];
        for (int i = 0; i < actual.length; i++) {
            actualUnsigned[i] = actual[i] & 0xFF;
        }
        assertArrayEquals(expectedUnsigned, actualUnsigned, () -> "packInt4(" + Arrays.toString(codes)
                + ") should be " + hex(expectedUnsigned) + " but was " + hex(actualUnsigned) + ": " + why);
    }

    private static void assertUnpacked(int[] expected, byte[] packed, int count, String why) {
        int[] actual = Granularity.unpackInt4(packed.clone(), count);
        assertArrayEquals(expected, actual, () -> "unpackInt4(" + Arrays.toString(packed) + ", " + count
                + ") should be " + Arrays.toString(expected) + " but was " + Arrays.toString(actual) + ": " + why);
    }

    private static String hex(int[] bytes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < bytes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("0x%02X", bytes[i]));
        }
        return sb.append(']').toString();
    }

    /**
     * Checks that {@code call} throws an IllegalArgumentException whose message mentions both the parameter's
     * name and the bad value, e.g. "w[1][2] must be finite, got NaN".
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
