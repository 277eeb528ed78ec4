package quantlab.exercises.ch01;

import java.util.Locale;

/**
 * Chapter 1, "The model that does not fit": back-of-the-envelope memory math for model weights.
 *
 * <p>Before anyone talks about quality or latency, a model has to fit on the card. Every question in this
 * chapter comes down to one multiplication and a little bookkeeping:
 *
 * <pre>
 *   weight bytes = number of parameters x bytes stored per parameter
 * </pre>
 *
 * <p>Reference solution. Students start from the same class with every method body replaced by a
 * {@code throw new UnsupportedOperationException(...)}; the tests in {@code exercises/src/test/java} grade both.
 *
 * <p><b>Units used throughout.</b> Byte counts are plain bytes, held in a {@code double} because 4-bit formats
 * give half a byte per parameter. "GB" means the decimal gigabyte, 10<sup>9</sup> bytes, which is how GPU
 * vendors label their cards. "GiB" means the binary gibibyte, 2<sup>30</sup> = 1,073,741,824 bytes, which is
 * what many operating-system tools and allocators report.
 *
 * <p><b>Bad input.</b> Where a method's Javadoc lists rules for its arguments, break none of them silently:
 * throw an {@link IllegalArgumentException} whose message names the offending parameter and shows its value,
 * for example {@code "parameterCount must be positive, got -3"}. A clear message turns a confusing wrong
 * number three cells later into an error you can fix at once.
 */
public final class MemoryMath {

    /** Decimal gigabyte: 10^9 bytes. */
    public static final double BYTES_PER_GB = 1e9;

    /** Binary gibibyte: 2^30 bytes. */
    public static final double BYTES_PER_GIB = 1024.0 * 1024.0 * 1024.0;

    /** The format names {@link #bytesPerParameter(String)} accepts, as listed in error messages. */
    private static final String FORMATS = "fp32, fp16, bf16, int8, int4";

    private MemoryMath() {
    }

    /**
     * Warm-up. How many bytes one parameter occupies in a given storage format.
     *
     * <p>Use this table (the number of bits divided by 8):
     *
     * <table>
     *   <caption>Storage cost per parameter</caption>
     *   <tr><th>format</th><th>bits</th><th>bytes</th></tr>
     *   <tr><td>fp32</td><td>32</td><td>4</td></tr>
     *   <tr><td>fp16</td><td>16</td><td>2</td></tr>
     *   <tr><td>bf16</td><td>16</td><td>2</td></tr>
     *   <tr><td>int8</td><td>8</td><td>1</td></tr>
     *   <tr><td>int4</td><td>4</td><td>0.5</td></tr>
     * </table>
     *
     * <p>fp16 and bf16 spend their 16 bits differently (bf16 trades mantissa bits for exponent bits), but for
     * memory they cost exactly the same.
     *
     * <p>Hint: a {@code switch} on the lower-cased name is the tidiest way to write this. Convert with
     * {@code format.toLowerCase(java.util.Locale.ROOT)}, so "FP16" and "fp16" give the same answer.
     *
     * @param format one of {@code fp32, fp16, bf16, int8, int4}, matched ignoring case
     * @return bytes per parameter, e.g. {@code 2.0} for fp16 and {@code 0.5} for int4
     * @throws IllegalArgumentException if {@code format} is null or not in the table; the message must contain
     *     the word {@code format} and the name you were given
     */
    public static double bytesPerParameter(String format) {
        if (format == null) {
            throw new IllegalArgumentException("format must be one of " + FORMATS + ", got null");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "fp32" -> 4.0;
            case "fp16", "bf16" -> 2.0;
            case "int8" -> 1.0;
            case "int4" -> 0.5;
            default -> throw new IllegalArgumentException(
                    "format must be one of " + FORMATS + ", got '" + format + "'");
        };
    }

    /**
     * Exercises 1 and 2. Raw memory for the weights alone: parameters times bytes per parameter.
     *
     * <p>"Raw" means the packed numbers only. Real runtimes add scales, zero points, kernel buffers and
     * allocator slack on top; later exercises account for those.
     *
     * <p>Work one example by hand before you code: a 13B model holds 13,000,000,000 parameters. At 2 bytes
     * each (fp16) that is 26,000,000,000 bytes, i.e. 26 GB. At 1 byte each (int8) it is half of that.
     *
     * <p>Hint: reuse {@link #bytesPerParameter(String)}. Multiply in {@code double}: the product of a large
     * {@code long} and 0.5 must not be truncated, and an int4 model with an odd parameter count really does
     * end in half a byte here (a real file would round up, but do not round).
     *
     * @param parameterCount number of weights, e.g. {@code 13_000_000_000L}; must be positive
     * @param format storage format, as accepted by {@link #bytesPerParameter(String)}
     * @return weight memory in bytes
     * @throws IllegalArgumentException if {@code parameterCount <= 0} (message names {@code parameterCount}
     *     and its value) or the format is unknown
     */
    public static double weightBytes(long parameterCount, String format) {
        requirePositive("parameterCount", parameterCount);
        return (double) parameterCount * bytesPerParameter(format);
    }

    /**
     * Exercise 3, part 1. Convert a byte count to decimal gigabytes (1 GB = 10^9 bytes).
     *
     * <p>Example: 140,000,000,000 bytes is exactly 140 GB.
     *
     * @param bytes a byte count; must be a finite number, zero or more
     * @return the same amount in GB
     * @throws IllegalArgumentException if {@code bytes} is NaN, infinite or negative (message names
     *     {@code bytes} and its value)
     */
    public static double toGB(double bytes) {
        requireFiniteNonNegative("bytes", bytes);
        return bytes / BYTES_PER_GB;
    }

    /**
     * Exercise 3, part 2. Convert a byte count to binary gibibytes (1 GiB = 2^30 = 1,073,741,824 bytes).
     *
     * <p>Because a GiB is about 7.4% larger than a GB, the same byte count is a smaller number in GiB: the
     * 140 GB of a 70B fp16 model is only about 130.39 GiB, and a card sold as "80 GB" shows up as roughly
     * 74.5 GiB in tools that count in binary units. Neither number is wrong; mixing them up is.
     *
     * <p>Hint: use {@link #BYTES_PER_GIB}. If you write the constant yourself, keep it a {@code double}, as in
     * {@code 1024.0 * 1024 * 1024}; integer products of powers of 1024 overflow an {@code int} sooner than
     * you might expect.
     *
     * @param bytes a byte count; must be a finite number, zero or more
     * @return the same amount in GiB
     * @throws IllegalArgumentException if {@code bytes} is NaN, infinite or negative (message names
     *     {@code bytes} and its value)
     */
    public static double toGiB(double bytes) {
        requireFiniteNonNegative("bytes", bytes);
        return bytes / BYTES_PER_GIB;
    }

    /**
     * Exercise 4, part 1. Effective bits per weight for group-wise quantization.
     *
     * <p>A 4-bit weight cannot be turned back into a real number on its own: each group of {@code groupSize}
     * consecutive weights shares one scale (and, for asymmetric schemes, one zero point), stored at higher
     * precision. Spread that shared metadata over the group and every weight pays a little extra:
     *
     * <pre>
     *   effective bits = bits + (scaleBits + zeroPointBits) / groupSize
     * </pre>
     *
     * <p>Example: int4 weights, groups of 128, an fp16 scale and an fp16 zero point give
     * 4 + (16 + 16) / 128 = 4 + 0.25 = 4.25 bits per weight. Symmetric schemes store no zero point: pass 0.
     *
     * <p>Hint: all four arguments are {@code int}. If you divide two ints, Java throws away the fraction and
     * 32 / 128 becomes 0. Convert to {@code double} before dividing.
     *
     * @param bits bits per quantized weight, e.g. 4; must be positive
     * @param groupSize weights sharing one scale, e.g. 128; must be positive
     * @param scaleBits bits used to store each scale, e.g. 16; must be zero or more
     * @param zeroPointBits bits used to store each zero point, 0 if there is none; must be zero or more
     * @return average storage cost of one weight, in bits
     * @throws IllegalArgumentException if any argument breaks its rule (message names it and its value)
     */
    public static double effectiveBitsPerWeight(int bits, int groupSize, int scaleBits, int zeroPointBits) {
        requirePositive("bits", bits);
        requirePositive("groupSize", groupSize);
        requireNonNegative("scaleBits", scaleBits);
        requireNonNegative("zeroPointBits", zeroPointBits);
        double metadataBitsPerGroup = scaleBits + zeroPointBits;
        return bits + metadataBitsPerGroup / groupSize;
    }

    /**
     * Exercise 4, part 2. Weight memory when each weight costs a fractional number of bits.
     *
     * <p>The table in {@link #bytesPerParameter(String)} ignores the metadata from exercise 4. With an effective
     * bit width you get a more honest figure: bytes = parameterCount x bitsPerWeight / 8.
     *
     * <p>Example: 70B parameters at 4.25 bits is 70e9 x 4.25 / 8 = 37.1875e9 bytes, noticeably more than the
     * 35e9 bytes that a plain "4 bits = half a byte" estimate gives.
     *
     * @param parameterCount number of weights; must be positive
     * @param bitsPerWeight storage cost of one weight in bits, such as the result of {@link #effectiveBitsPerWeight}; must be a
     *     finite number greater than zero
     * @return weight memory in bytes
     * @throws IllegalArgumentException if an argument breaks its rule (message names it and its value)
     */
    public static double weightBytesAtBits(long parameterCount, double bitsPerWeight) {
        requirePositive("parameterCount", parameterCount);
        requireFinitePositive("bitsPerWeight", bitsPerWeight);
        return (double) parameterCount * bitsPerWeight / 8.0;
    }

    /**
     * Exercise 5. Does it fit? Return the GPU memory left over, in GB, after the fixed costs are loaded.
     *
     * <pre>
     *   headroom = gpuCapacityGB - (weightsGB + overheadGB + workspaceGB)
     * </pre>
     *
     * <p>A positive result is what remains for the KV cache and for concurrent requests; a negative result says
     * by how much the model does not fit. Example: int4 70B weights taking 42 GB once loaded, plus 5 GB of
     * runtime overhead, on an 80 GB card leave 80 - 47 = 33 GB. The same model in fp16 (140 GB, nothing else
     * counted) is already 60 GB over: the answer is -60.
     *
     * @param weightsGB memory taken by the loaded weights; finite, zero or more
     * @param overheadGB runtime and allocator overhead (CUDA context, kernels, fragmentation); finite, zero or more
     * @param workspaceGB scratch buffers for activations and dequantization; finite, zero or more
     * @param gpuCapacityGB memory on the card, e.g. 80; finite and greater than zero
     * @return headroom in GB, negative when the model does not fit
     * @throws IllegalArgumentException if an argument is NaN, infinite or out of range (message names it and
     *     its value)
     */
    public static double headroomGB(double weightsGB, double overheadGB, double workspaceGB, double gpuCapacityGB) {
        requireFiniteNonNegative("weightsGB", weightsGB);
        requireFiniteNonNegative("overheadGB", overheadGB);
        requireFiniteNonNegative("workspaceGB", workspaceGB);
        requireFinitePositive("gpuCapacityGB", gpuCapacityGB);
        double fixedCostGB = weightsGB + overheadGB + workspaceGB;
        return gpuCapacityGB - fixedCostGB;
    }

    /**
     * Exercise 6 (stretch). The largest model, in parameters, whose raw weights fit on a card.
     *
     * <p>Turn exercise 1 around. Reserve {@code reservedGB} for everything that is not weights, give the rest
     * to the weights, and divide by the bytes per parameter:
     *
     * <pre>
     *   max parameters = floor((gpuCapacityGB - reservedGB) x 10^9 / bytesPerParameter(format))
     * </pre>
     *
     * <p>Example: an 80 GB card with 8 GB reserved leaves 72 GB, enough for 36 billion fp16 parameters or
     * 144 billion int4 parameters. If the reservation uses up the whole card, the answer is 0, not a negative
     * count.
     *
     * <p>Hint: round down with {@link Math#floor(double)} before casting to {@code long}; a model that needs
     * one byte more than you have does not fit.
     *
     * @param gpuCapacityGB memory on the card in GB; finite and greater than zero
     * @param reservedGB memory kept back for overhead, workspace and KV cache; finite, zero or more
     * @param format storage format, as accepted by {@link #bytesPerParameter(String)}
     * @return the largest whole number of parameters that fits, never negative
     * @throws IllegalArgumentException if an argument is NaN, infinite, out of range or an unknown format
     *     (message names it and its value)
     */
    public static long maxParametersThatFit(double gpuCapacityGB, double reservedGB, String format) {
        requireFinitePositive("gpuCapacityGB", gpuCapacityGB);
        requireFiniteNonNegative("reservedGB", reservedGB);
        double bytesEach = bytesPerParameter(format);
        double leftForWeightsGB = gpuCapacityGB - reservedGB;
        if (leftForWeightsGB <= 0) {
            return 0;
        }
        return (long) Math.floor(leftForWeightsGB * BYTES_PER_GB / bytesEach);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be zero or more, got " + value);
        }
    }

    private static void requireFiniteNonNegative(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a finite number, zero or more, got " + value);
        }
    }

    private static void requireFinitePositive(String name, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(name + " must be a finite number greater than zero, got " + value);
        }
    }
}
