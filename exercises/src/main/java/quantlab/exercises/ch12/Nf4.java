package quantlab.exercises.ch12;

/**
 * Chapter 12, "QLoRA": looking codes up in the NF4 table, and what the block scales cost with and without double
 * quantization.
 *
 * <p>NF4 stores each weight as a 4-bit code into {@link #LEVELS}; a block of 64 weights shares one scale, its
 * largest magnitude (absmax), so weight = LEVELS[code] x absmax. Double quantization stores those scales in 8 bits
 * each, with one fp32 constant per 256 scales.
 *
 * <p><b>Bad input.</b> Throw an {@link IllegalArgumentException} whose message names the parameter and shows its
 * value, for example {@code "code must be in [0, 15], got 16"}.
 *
 * <p>Fill in each method by replacing its {@code throw new UnsupportedOperationException(...)} line.
 */
public final class Nf4 {

    /** The 16 NF4 levels, ascending, as the QLoRA paper publishes them. */
    public static final double[] LEVELS = {
        -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
    };

    private Nf4() {
    }

    /**
     * Exercise 1. The code of {@code value} in a block whose absmax is {@code absmax}: the index of the level
     * nearest to value / absmax. absmax must be positive and finite, and |value| at most absmax.
     */
    public static int code(double value, double absmax) {
        throw new UnsupportedOperationException("TODO ch12: index of the level nearest to value / absmax");
    }

    /** Exercise 2. The weight a code stands for: LEVELS[code] x absmax. code must be in [0, 15]. */
    public static double dequantize(int code, double absmax) {
        throw new UnsupportedOperationException("TODO ch12: LEVELS[code] x absmax");
    }

    /**
     * Exercise 3. Bits per weight spent on scales: {@code scaleBits / blockSize}, plus, when {@code secondBlock}
     * is positive (double quantization), one fp32 constant per {@code secondBlock} scales:
     * {@code 32 / (blockSize x secondBlock)}. With {@code secondBlock} 0 there is no second level. fp32 scales in
     * blocks of 64: 0.5; 8-bit scales with 256 per constant: 0.126953125.
     */
    public static double scaleBits(int blockSize, int scaleBits, int secondBlock) {
        throw new UnsupportedOperationException("TODO ch12: scaleBits / blockSize, plus 32 / (blockSize x secondBlock) with a second level");
    }

    /**
     * Exercise 4. Bytes of an NF4 base of {@code parameters} weights in blocks of 64: 4 bits per weight plus the
     * scales, fp32 (0.5 bits) or double-quantized (8-bit, 256 per fp32 constant).
     */
    public static double baseBytes(long parameters, boolean doubleQuantized) {
        throw new UnsupportedOperationException("TODO ch12: (4 + scale bits) / 8 bytes per weight");
    }
}
