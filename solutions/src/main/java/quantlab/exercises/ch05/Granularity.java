package quantlab.exercises.ch05;

/**
 * Chapter 5, "Per-tensor vs per-channel vs group": how many scales a weight matrix should get, and how 4-bit
 * codes are stored two to a byte.
 *
 * <p>Chapter 4 quantized one row with one scale. A real weight matrix has many rows (one per output channel),
 * and their magnitudes can differ by a factor of ten or more. The question of this chapter is how widely one
 * scale is shared:
 *
 * <ul>
 *   <li><b>per-tensor</b>: one scale for the whole matrix. Cheapest to store, but the row with the largest
 *       weight sets the step for everybody, and a row of small weights can be rounded to nothing.</li>
 *   <li><b>per-channel</b>: one scale per row. Each row's own largest magnitude sets its step.</li>
 *   <li><b>per-group</b>: one scale per run of {@code groupSize} consecutive values inside a row, for example
 *       groups of 32, 64 or 128. A single outlier then spoils only its own group. This is what 4-bit formats
 *       for LLM weights use in practice.</li>
 * </ul>
 *
 * <p>More scales cost more memory: at group size 64 with an fp16 scale per group, the scales add 16 / 64
 * = 0.25 bits to every 4-bit weight.
 *
 * <p><b>The rules of chapter 4 still hold.</b> Every scale here is symmetric, max |x| / (2^(bits-1) - 1), and
 * every code is {@code clamp(rint(x / scale), -qmax, qmax)} with {@link Math#rint(double)} (ties to even) and the
 * quotient computed as {@code x / scale}. This is the course's one rounding convention; the library divides in
 * float32, as ggml's and PyTorch's quantizers do, and these exercises divide in double. On the chapter's examples
 * both land on the same ties: 0.05 / 0.02 is exactly 2.5 in either, and half to even sends it to 2, not 3 (in the
 * notebook, 0.05f / 0.02f is 2.5f). A set of values that is all zero gets scale 1.0. Every {@code bits}
 * argument lies between 2 and 16. This chapter is graded on its own, so copy whatever helpers you wrote in
 * chapter 4 into this class rather than calling them there.
 *
 * <p><b>Matrices.</b> A matrix {@code w} is a {@code double[][]} whose rows are the output channels. It must
 * not be null or empty, no row may be null or empty, all rows must have the same length, and every entry must
 * be finite.
 *
 * <p><b>Bad input.</b> Break no rule silently: throw an {@link IllegalArgumentException} whose message names
 * the offending parameter and shows its value, for example {@code "w[1][2] must be finite, got NaN"} or
 * {@code "groupSize 3 does not divide the row length 8"}.
 *
 * <p>Fill in each method below by replacing its {@code throw new UnsupportedOperationException(...)} line with
 * your own code. Private helper methods of your own are welcome.
 */
public final class Granularity {

    private Granularity() {
    }

    /**
     * Exercise 1. One symmetric scale for the whole matrix: the largest magnitude anywhere in {@code w}, divided
     * by 2^(bits-1) - 1.
     *
     * <p>The chapter's two-row example {{0.12, -0.18, 0.25, -0.31}, {1.6, -2.1, 2.4, -2.8}} at 4 bits: the
     * largest magnitude is 2.8, in the second row, so the scale is 2.8 / 7 = 0.4.
     *
     * @param w the matrix (see the class comment for its rules)
     * @param bits the bit width, from 2 to 16
     * @return the per-tensor scale
     * @throws IllegalArgumentException if {@code w} or {@code bits} breaks a rule
     */
    public static double perTensorScale(double[][] w, int bits) {
        requireMatrix(w);
        int qmax = symmetricMax(bits);
        double absMax = 0.0;
        for (double[] row : w) {
            absMax = Math.max(absMax, absMax(row, 0, row.length));
        }
        return scaleFor(absMax, qmax);
    }

    /**
     * Exercise 2. One symmetric scale per row (per output channel).
     *
     * <p>The two-row example at 4 bits: row 0 has largest magnitude 0.31, so its scale is 0.31 / 7 = 0.0443;
     * row 1 has 2.8, so 2.8 / 7 = 0.4. The small row now gets a step nine times finer.
     *
     * @param w the matrix (see the class comment for its rules)
     * @param bits the bit width, from 2 to 16
     * @return one scale per row
     * @throws IllegalArgumentException if {@code w} or {@code bits} breaks a rule
     */
    public static double[] perChannelScales(double[][] w, int bits) {
        requireMatrix(w);
        int qmax = symmetricMax(bits);
        double[] scales = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            scales[r] = scaleFor(absMax(w[r], 0, w[r].length), qmax);
        }
        return scales;
    }

    /**
     * Exercise 3. Quantize every row of a matrix with its own scale from {@code rowScales}.
     *
     * <p>This one method serves both granularities: pass the per-channel scales of exercise 2, or an array that
     * repeats the per-tensor scale of exercise 1 once per row.
     *
     * <p>The two-row example with the per-tensor scale 0.4 for both rows: row 0 divides to {0.3, -0.45, 0.625,
     * -0.775} and rounds to {0, 0, 1, -1}: two of its four weights vanish and the other two keep only their
     * sign. Row 1 divides to {4, -5.25, 6, -7} and rounds to {4, -5, 6, -7}. With its own scale 0.31 / 7, row 0
     * becomes {3, -4, 6, -7} instead and uses the whole code range.
     *
     * @param w the matrix (see the class comment for its rules)
     * @param rowScales one scale per row of {@code w}; not null, the same length as {@code w}, each finite and
     *     greater than zero
     * @param bits the bit width, from 2 to 16
     * @return the codes, one row per row of {@code w}, each in [-qmax, qmax]
     * @throws IllegalArgumentException if an argument breaks its rule (message names it and shows its value;
     *     for a length mismatch, both lengths)
     */
    public static int[][] quantizeRows(double[][] w, double[] rowScales, int bits) {
        requireMatrix(w);
        requireRowScales(rowScales, w.length);
        int qmax = symmetricMax(bits);
        int[][] codes = new int[w.length][];
        for (int r = 0; r < w.length; r++) {
            codes[r] = new int[w[r].length];
            for (int i = 0; i < w[r].length; i++) {
                codes[r][i] = quantize(w[r][i], rowScales[r], qmax);
            }
        }
        return codes;
    }

    /**
     * Exercise 4, part 1. One symmetric scale per group of {@code groupSize} consecutive values of a row.
     *
     * <p>Group g covers the entries {@code g x groupSize} up to {@code (g + 1) x groupSize - 1}. The example:
     * the eight values {0.12, -0.18, 0.25, -0.31, 1.6, -2.1, 2.4, -2.8} in groups of 4 at 4 bits give the scales
     * {0.31 / 7, 2.8 / 7} = {0.0443, 0.4}: the same numbers as the per-channel example, now inside one row.
     *
     * @param row the values; not null, not empty, every entry finite
     * @param groupSize how many values share a scale; at least 1, and it must divide {@code row.length}
     * @param bits the bit width, from 2 to 16
     * @return {@code row.length / groupSize} scales
     * @throws IllegalArgumentException if an argument breaks its rule; when {@code groupSize} does not divide the
     *     length, the message names {@code groupSize}, shows its value and shows the row length
     */
    public static double[] perGroupScales(double[] row, int groupSize, int bits) {
        requireRow(row);
        requireGroupSize(groupSize, row.length);
        int qmax = symmetricMax(bits);
        double[] scales = new double[row.length / groupSize];
        for (int g = 0; g < scales.length; g++) {
            scales[g] = scaleFor(absMax(row, g * groupSize, (g + 1) * groupSize), qmax);
        }
        return scales;
    }

    /**
     * Exercise 4, part 2. Quantize a row group by group, each value with the scale of its own group from
     * {@link #perGroupScales}.
     *
     * <p>The example above: the first group gives {3, -4, 6, -7} and the second {4, -5, 6, -7}, so the row
     * becomes {3, -4, 6, -7, 4, -5, 6, -7}. With a single scale of 0.4 for the whole row the first four codes
     * would have been {0, 0, 1, -1}.
     *
     * @param row the values; the rules of {@link #perGroupScales}
     * @param groupSize the rules of {@link #perGroupScales}
     * @param bits the bit width, from 2 to 16
     * @return one code per entry, each in [-qmax, qmax]
     * @throws IllegalArgumentException as in {@link #perGroupScales}
     */
    public static int[] quantizePerGroup(double[] row, int groupSize, int bits) {
        double[] scales = perGroupScales(row, groupSize, bits);
        int qmax = symmetricMax(bits);
        int[] codes = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            codes[i] = quantize(row[i], scales[i / groupSize], qmax);
        }
        return codes;
    }

    /**
     * Exercise 5, part 1. Pack 4-bit codes two to a byte.
     *
     * <p>Code {@code 2k} (the even index) goes into the low nibble, bits 0-3, of byte {@code k}; code
     * {@code 2k + 1} (the odd index) into the high nibble, bits 4-7. A code from -8 to 7 is stored as its 4-bit
     * two's complement pattern, which is simply {@code code & 0xF}: 3 is 0011, -2 is 1110 (0xE), -8 is 1000.
     * When the number of codes is odd, the high nibble of the last byte is 0.
     *
     * <p>Example: {3, -2} packs to the single byte 0xE3: low nibble 3, high nibble E.
     *
     * @param codes the codes; not null (may be empty), each from -8 to 7
     * @return {@code (codes.length + 1) / 2} bytes
     * @throws IllegalArgumentException if {@code codes} is null or a code is out of range (message names the
     *     entry, e.g. {@code codes[1]}, and shows its value)
     */
    public static byte[] packInt4(int[] codes) {
        if (codes == null) {
            throw new IllegalArgumentException("codes must not be null, got null");
        }
        byte[] packed = new byte[(codes.length + 1) / 2];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < -8 || codes[i] > 7) {
                throw new IllegalArgumentException("codes[" + i + "] must be between -8 and 7, got " + codes[i]);
            }
            int nibble = codes[i] & 0xF;
            packed[i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
        }
        return packed;
    }

    /**
     * Exercise 5, part 2. Unpack the first {@code count} 4-bit codes from bytes made by {@link #packInt4}.
     *
     * <p>Take the nibble ({@code b & 0xF} for the low one, {@code (b >> 4) & 0xF} for the high one) and turn
     * the 4-bit two's complement pattern back into an int: patterns 8 to 15 stand for -8 to -1, so subtract 16
     * from them. A neat alternative is to shift the nibble to the top of an int and shift back with the
     * arithmetic shift {@code >>}, which copies the sign bit down.
     *
     * <p>Example: the byte 0xE3 unpacks to {3, -2}; the byte 0x8F to {-1, -8}.
     *
     * @param packed the bytes; not null (may be empty)
     * @param count how many codes to unpack; from 0 to {@code 2 x packed.length}
     * @return {@code count} codes, each from -8 to 7
     * @throws IllegalArgumentException if {@code packed} is null or {@code count} is out of range (message
     *     names it and shows its value)
     */
    public static int[] unpackInt4(byte[] packed, int count) {
        if (packed == null) {
            throw new IllegalArgumentException("packed must not be null, got null");
        }
        if (count < 0 || count > 2 * packed.length) {
            throw new IllegalArgumentException("count must be between 0 and " + 2 * packed.length + ", got " + count);
        }
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            int nibble = i % 2 == 0 ? packed[i / 2] & 0xF : (packed[i / 2] >> 4) & 0xF;
            codes[i] = nibble >= 8 ? nibble - 16 : nibble;
        }
        return codes;
    }

    /**
     * Exercise 6, part 1. How many weights of each row are crushed to nothing: the entries that are not zero
     * but get code 0 when row r is quantized with {@code rowScales[r]}.
     *
     * <p>Take the rows {0.05, -0.08, 0.11, -0.14} and {1.4, -1.7, 2.1, -2.8} at 4 bits. The per-tensor scale
     * is 2.8 / 7 = 0.4, and the first row divides to {0.125, -0.2, 0.275, -0.35}: every quotient is below 0.5
     * in size, so all four weights become 0, and the answer is {4, 0}. With per-channel scales {0.14 / 7, 0.4}
     * = {0.02, 0.4} it is {0, 0}.
     *
     * @param w the matrix (see the class comment for its rules)
     * @param rowScales the rules of {@link #quantizeRows}
     * @param bits the bit width, from 2 to 16
     * @return for each row, the number of nonzero weights whose code is 0
     * @throws IllegalArgumentException as in {@link #quantizeRows}
     */
    public static int[] crushedToZero(double[][] w, double[] rowScales, int bits) {
        int[][] codes = quantizeRows(w, rowScales, bits);
        int[] crushed = new int[w.length];
        for (int r = 0; r < w.length; r++) {
            for (int i = 0; i < w[r].length; i++) {
                if (w[r][i] != 0.0 && codes[r][i] == 0) {
                    crushed[r]++;
                }
            }
        }
        return crushed;
    }

    /**
     * Exercise 6, part 2. The mean squared error of each row after quantizing it with {@code rowScales[r]}
     * and dequantizing it again (code x scale).
     *
     * <p>The example rows with the per-tensor scale 2.8 / 7: row 0 comes back as all zeros, so its MSE is
     * (0.0025 + 0.0064 + 0.0121 + 0.0196) / 4 = 0.01015. Row 1 has codes {4, -4, 5, -7} (1.4 / 0.4 = 3.5 is a
     * tie and goes to the even 4; -1.7 / 0.4 = -4.25 goes to -4; 2.1 / 0.4 = 5.25 to 5), comes back as {1.6,
     * -1.6, 2.0, -2.8}, and has MSE (0.04 + 0.01 + 0.01 + 0) / 4 = 0.015. Look at those two numbers: the MSE of
     * the ruined row is smaller than that of the healthy one. Absolute error hides the damage, because the small
     * row had little to lose in absolute terms. Part 3 measures it relative to the signal instead.
     *
     * <p>A word on that tie: in double, 2.8 / 7 is 0.39999999999999997, and 1.4 divided by it is exactly 3.5.
     * Divide by the literal 0.4 instead and you get 3.4999999999999996, which rounds to 3. That is why the
     * tests pass the scale as your exercise 1 computes it.
     *
     * @param w the matrix (see the class comment for its rules)
     * @param rowScales the rules of {@link #quantizeRows}
     * @param bits the bit width, from 2 to 16
     * @return one MSE per row
     * @throws IllegalArgumentException as in {@link #quantizeRows}
     */
    public static double[] rowMse(double[][] w, double[] rowScales, int bits) {
        int[][] codes = quantizeRows(w, rowScales, bits);
        double[] mse = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double sum = 0.0;
            for (int i = 0; i < w[r].length; i++) {
                double e = w[r][i] - codes[r][i] * rowScales[r];
                sum += e * e;
            }
            mse[r] = sum / w[r].length;
        }
        return mse;
    }

    /**
     * Exercise 6, part 3. The SQNR of each row in decibels, 10 x log10(sum x^2 / sum (x - x_hat)^2), after the
     * same round trip as part 2. As in chapter 4, a row whose error is zero gets {@link Double#POSITIVE_INFINITY}.
     *
     * <p>The example with the per-tensor scale: row 0 lost everything, its error equals its signal, so the
     * SQNR is 10 x log10(1) = 0 dB. Row 1: 17.1 / 0.06 = 285, about 24.5 dB. With per-channel scales row 0
     * becomes {2, -4, 6, -7} (0.05 / 0.02 = 2.5 and 0.11 / 0.02 = 5.5 are ties, going to the even 2 and 6),
     * comes back as {0.04, -0.08, 0.12, -0.14}, and scores 0.0406 / 0.0002 = 203, about 23.1 dB. Both rows now
     * keep about the same share of their signal, which is what one scale per channel buys.
     *
     * @param w the matrix (see the class comment for its rules)
     * @param rowScales the rules of {@link #quantizeRows}
     * @param bits the bit width, from 2 to 16
     * @return one SQNR per row, in dB
     * @throws IllegalArgumentException as in {@link #quantizeRows}
     */
    public static double[] rowSqnrDb(double[][] w, double[] rowScales, int bits) {
        int[][] codes = quantizeRows(w, rowScales, bits);
        double[] sqnr = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double signal = 0.0;
            double noise = 0.0;
            for (int i = 0; i < w[r].length; i++) {
                double e = w[r][i] - codes[r][i] * rowScales[r];
                signal += w[r][i] * w[r][i];
                noise += e * e;
            }
            sqnr[r] = noise == 0.0 ? Double.POSITIVE_INFINITY : 10.0 * Math.log10(signal / noise);
        }
        return sqnr;
    }

    private static int symmetricMax(int bits) {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("bits must be between 2 and 16, got " + bits);
        }
        return (1 << (bits - 1)) - 1;
    }

    private static double scaleFor(double absMax, int qmax) {
        return absMax == 0.0 ? 1.0 : absMax / qmax;
    }

    private static double absMax(double[] values, int from, int to) {
        double m = 0.0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(values[i]));
        }
        return m;
    }

    private static int quantize(double x, double scale, int qmax) {
        return (int) Math.max(-qmax, Math.min(qmax, Math.rint(x / scale)));
    }

    private static void requireMatrix(double[][] w) {
        if (w == null) {
            throw new IllegalArgumentException("w must not be null, got null");
        }
        if (w.length == 0) {
            throw new IllegalArgumentException("w must hold at least one row, got an empty array");
        }
        for (int r = 0; r < w.length; r++) {
            if (w[r] == null) {
                throw new IllegalArgumentException("w[" + r + "] must not be null, got null");
            }
            if (w[r].length == 0) {
                throw new IllegalArgumentException("w[" + r + "] must hold at least one value, got an empty array");
            }
            if (w[r].length != w[0].length) {
                throw new IllegalArgumentException("w[" + r + "] has length " + w[r].length + " but w[0] has length "
                        + w[0].length);
            }
            for (int i = 0; i < w[r].length; i++) {
                if (!Double.isFinite(w[r][i])) {
                    throw new IllegalArgumentException("w[" + r + "][" + i + "] must be finite, got " + w[r][i]);
                }
            }
        }
    }

    private static void requireRowScales(double[] rowScales, int rows) {
        if (rowScales == null) {
            throw new IllegalArgumentException("rowScales must not be null, got null");
        }
        if (rowScales.length != rows) {
            throw new IllegalArgumentException("rowScales must hold one scale per row, got rowScales length "
                    + rowScales.length + " for " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (!Double.isFinite(rowScales[r]) || rowScales[r] <= 0.0) {
                throw new IllegalArgumentException("rowScales[" + r + "] must be finite and greater than zero, got "
                        + rowScales[r]);
            }
        }
    }

    private static void requireRow(double[] row) {
        if (row == null) {
            throw new IllegalArgumentException("row must not be null, got null");
        }
        if (row.length == 0) {
            throw new IllegalArgumentException("row must hold at least one value, got an empty array");
        }
        for (int i = 0; i < row.length; i++) {
            if (!Double.isFinite(row[i])) {
                throw new IllegalArgumentException("row[" + i + "] must be finite, got " + row[i]);
            }
        }
    }

    private static void requireGroupSize(int groupSize, int length) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("groupSize must be at least 1, got " + groupSize);
        }
        if (length % groupSize != 0) {
            throw new IllegalArgumentException("groupSize " + groupSize + " does not divide the row length " + length);
        }
    }
}
