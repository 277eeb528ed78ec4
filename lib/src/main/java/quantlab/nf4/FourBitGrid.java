package quantlab.nf4;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The value sets a 4-bit code can point at, scaled to [-1, 1] so one blockwise absmax quantizer serves all three:
 * NF4 (QLoRA's NormalFloat, levels at quantiles of the standard normal), symmetric int4 (15 evenly spaced levels
 * -7/7 .. 7/7) and fp4 E2M1 (sign, 2 exponent bits, 1 mantissa bit: 0, 0.5, 1, 1.5, 2, 3, 4, 6, divided by 6).
 */
public enum FourBitGrid {
    NF4(normalFloat()),
    INT4(int4()),
    FP4(fp4());

    /**
     * QLoRA's offset for the outermost quantile: the mean of 1 - 1/(2*15) and 1 - 1/(2*16), so the extreme levels
     * sit at finite quantiles rather than at +-infinity.
     */
    public static final double OFFSET = (1 - 1.0 / (2 * 15) + 1 - 1.0 / (2 * 16)) / 2;

    private final double[] levels;

    FourBitGrid(double[] levels) {
        this.levels = levels;
    }

    /** The levels, ascending, in [-1, 1]. */
    public double[] levels() {
        return levels.clone();
    }

    /** Number of levels (16 for NF4 and fp4 counting +-0 once: NF4 16, int4 15, fp4 15). */
    public int size() {
        return levels.length;
    }

    /** The level a code points at. */
    public double level(int code) {
        if (code < 0 || code >= levels.length) {
            throw new IllegalArgumentException("code must be in [0, " + levels.length + ") for " + this + ", got "
                    + code);
        }
        return levels[code];
    }

    /** The code of the level nearest to {@code x} (x already divided by the block's absmax, so in [-1, 1]). */
    public int nearest(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must be a number, got NaN");
        }
        int i = Arrays.binarySearch(levels, x);
        if (i >= 0) {
            return i;
        }
        int above = -i - 1;
        if (above == 0) {
            return 0;
        }
        if (above == levels.length) {
            return levels.length - 1;
        }
        return x - levels[above - 1] <= levels[above] - x ? above - 1 : above;
    }

    /**
     * NF4 as the QLoRA paper builds it: 8 positive levels at the standard normal's quantiles of 9 evenly spaced
     * probabilities from 0.5 to {@link #OFFSET} (the one at 0.5 dropped), 7 negative ones from 8 probabilities the
     * same way, and an exact zero; all divided by the largest. The halves are asymmetric so that zero is a level.
     */
    private static double[] normalFloat() {
        NormalDistribution normal = new NormalDistribution(0, 1);
        double[] v = new double[16];
        int n = 0;
        for (int i = 0; i < 8; i++) { // linspace(OFFSET, 0.5, 9) without its last point
            v[n++] = normal.inverseCumulativeProbability(OFFSET + (0.5 - OFFSET) * i / 8);
        }
        for (int i = 0; i < 7; i++) { // -linspace(OFFSET, 0.5, 8) without its last point
            v[n++] = -normal.inverseCumulativeProbability(OFFSET + (0.5 - OFFSET) * i / 7);
        }
        v[n] = 0;
        Arrays.sort(v);
        double max = v[15];
        for (int i = 0; i < 16; i++) {
            v[i] /= max;
        }
        return v;
    }

    private static double[] int4() {
        double[] v = new double[15];
        for (int k = -7; k <= 7; k++) {
            v[k + 7] = k / 7.0;
        }
        return v;
    }

    private static double[] fp4() {
        double[] magnitudes = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
        double[] v = new double[15];
        for (int i = 0; i < 8; i++) {
            v[7 + i] = magnitudes[i] / 6;
            v[7 - i] = -magnitudes[i] / 6;
        }
        return v;
    }
}
