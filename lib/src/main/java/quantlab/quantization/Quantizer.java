package quantlab.quantization;

import java.util.Arrays;

/**
 * Round-to-nearest quantization at 2 to 8 bits: a scheme, a bit width and a granularity. One pass over the data
 * picks each scale from the range it covers, then every value is divided, rounded and clamped; no calibration
 * data, no gradients. This is the baseline that every smarter method in the course is measured against.
 *
 * <p>Scales come from the data: absmax / maxCode for {@link QuantScheme#SYMMETRIC}; (max - min) / maxCode for
 * {@link QuantScheme#ASYMMETRIC}, with the range widened to include 0 so that zero is always exactly a code.
 * Each code is the float32 quotient x / scale rounded half to even, the course's one rounding convention (ggml's
 * and PyTorch's reference quantizers also divide in float32; see {@link quantlab.formats.IntFormat#quantize}),
 * so 0.05f / 0.02f is exactly 2.5 and goes to the even code 2. A slice whose
 * values are all zero gets the fallback scale {@value #ZERO_RANGE_SCALE} and zero point 0, so its codes are 0 and
 * dequantize to exact zeros, with no division by zero.
 *
 * <p>The two steps are apart so that methods which choose codes reuse the same rounding: {@link #fit} and
 * {@link #findScales} find a {@link SliceScale}; {@link #code} and {@link #round} round with a given one. GPTQ
 * fixes a group's scale when the group starts and then rounds one column at a time with it.
 *
 * @param bits        code width, 2 to 8
 * @param scheme      symmetric or asymmetric
 * @param granularity which values share a scale
 */
public record Quantizer(int bits, QuantScheme scheme, Granularity granularity) {

    /** The narrowest code width supported: 2 bits, three symmetric levels {-1, 0, 1}. */
    public static final int MIN_BITS = 2;
    /** The widest code width supported: 8 bits. */
    public static final int MAX_BITS = 8;
    /** The scale used for a slice whose values are all zero (any positive value would do; 1 is the simplest). */
    public static final float ZERO_RANGE_SCALE = 1f;

    public Quantizer {
        QuantScheme.checkBits(bits);
        if (scheme == null) {
            throw new IllegalArgumentException("scheme must not be null");
        }
        if (granularity == null) {
            throw new IllegalArgumentException("granularity must not be null");
        }
    }

    /** Symmetric, one scale for the whole tensor: the seed's int4 [-7, 7] example at {@code bits} = 4. */
    public static Quantizer symmetric(int bits) {
        return new Quantizer(bits, QuantScheme.SYMMETRIC, Granularity.perTensor());
    }

    /** Asymmetric (scale and zero point), one pair for the whole tensor. */
    public static Quantizer asymmetric(int bits) {
        return new Quantizer(bits, QuantScheme.ASYMMETRIC, Granularity.perTensor());
    }

    /** The same recipe at another granularity. */
    public Quantizer with(Granularity granularity) {
        return new Quantizer(bits, scheme, granularity);
    }

    /** The same recipe at another bit width. */
    public Quantizer withBits(int bits) {
        return new Quantizer(bits, scheme, granularity);
    }

    /** Quantizes a vector, treated as a matrix of one row. */
    public QuantizedTensor quantize(float[] vector) {
        if (vector == null) {
            throw new IllegalArgumentException("vector must not be null");
        }
        return quantize(vector, 1, vector.length);
    }

    /** Quantizes a rectangular matrix given as rows. */
    public QuantizedTensor quantize(float[][] matrix) {
        if (matrix == null || matrix.length == 0) {
            throw new IllegalArgumentException("matrix must have at least one row, got "
                    + (matrix == null ? "null" : "0 rows"));
        }
        int cols = matrix[0] == null ? 0 : matrix[0].length;
        float[] flat = new float[Math.multiplyExact(matrix.length, cols)];
        for (int r = 0; r < matrix.length; r++) {
            int length = matrix[r] == null ? 0 : matrix[r].length;
            if (length != cols) {
                throw new IllegalArgumentException("matrix must be rectangular: row 0 has " + cols
                        + " values, row " + r + " has " + length);
            }
            System.arraycopy(matrix[r], 0, flat, r * cols, cols);
        }
        return quantize(flat, matrix.length, cols);
    }

    /**
     * Quantizes a row-major [rows, cols] matrix: {@link #findScales finds} a scale per slice, then
     * {@link #round rounds} every value with its slice's scale.
     *
     * @throws IllegalArgumentException if the length does not match the shape, a value is NaN or infinite, or the
     *                                  group size does not divide cols
     */
    public QuantizedTensor quantize(float[] values, int rows, int cols) {
        return round(values, rows, cols, findScales(values, rows, cols));
    }

    /** Quantizes a weight matrix in its [out, in] layout: a row is an output channel, groups run along a row. */
    public QuantizedTensor quantize(WeightMatrix weight) {
        Checks.notNull("weight", weight);
        return quantize(weight.values(), weight.out(), weight.in());
    }

    /**
     * Step one of round-to-nearest, apart from rounding: one {@link SliceScale} per slice of a row-major
     * [rows, cols] matrix, in {@link Granularity#scaleIndex} order, each fitted to the range its slice covers.
     */
    public SliceScale[] findScales(float[] values, int rows, int cols) {
        checkShape(values, rows, cols);
        checkFinite(values);
        granularity.checkDivides(cols);
        int slots = granularity.scaleCount(rows, cols);
        double[] lo = new double[slots];
        double[] hi = new double[slots];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int s = granularity.scaleIndex(r, c, cols);
                double v = values[r * cols + c];
                lo[s] = Math.min(lo[s], v);
                hi[s] = Math.max(hi[s], v);
            }
        }
        SliceScale[] scales = new SliceScale[slots];
        for (int s = 0; s < slots; s++) {
            scales[s] = fit(lo[s], hi[s]);
        }
        return scales;
    }

    /**
     * The scale and zero point for a slice whose values lie in [min, max], the range first widened to include 0
     * so that zero is always exactly a code: absmax / maxCode for symmetric, (max - min) / maxCode for
     * asymmetric, with the zero point that puts 0 on a code. An all-zero range gets {@value #ZERO_RANGE_SCALE}.
     */
    public SliceScale fit(double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("min and max must be ordered numbers, got min " + min + ", max " + max);
        }
        double lo = Math.min(0, min);
        double hi = Math.max(0, max);
        int maxCode = scheme.maxCode(bits);
        double span = scheme == QuantScheme.SYMMETRIC ? Math.max(-lo, hi) : hi - lo;
        float scale = scaleFor(span, maxCode);
        int zeroPoint = scheme == QuantScheme.ASYMMETRIC ? clamp(Math.rint((float) -lo / scale), scheme.minCode(bits), maxCode)
                : 0;
        return new SliceScale(scale, zeroPoint);
    }

    /** The scale and zero point fitted to {@code values[from, to)}: {@link #fit(double, double)} on their range. */
    public SliceScale fit(float[] values, int from, int to) {
        Checks.notNull("values", values);
        if (from < 0 || to > values.length || from >= to) {
            throw new IllegalArgumentException("from and to must give a non-empty range inside " + values.length
                    + " values, got [" + from + ", " + to + ")");
        }
        double lo = 0;
        double hi = 0;
        for (int i = from; i < to; i++) {
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        return fit(lo, hi);
    }

    /** Step two, the one rounding rule: value / scale rounded half to even, plus the zero point, clamped. */
    public int code(float value, SliceScale step) {
        // The course's one convention: divide in float32, then round half to even (ggml, PyTorch).
        double steps = Math.rint(value / step.scale()) + step.zeroPoint();
        return clamp(steps, scheme.minCode(bits), scheme.maxCode(bits));
    }

    /** What a code reads back as: (code - zeroPoint) x scale, as {@link QuantizedTensor#dequantize} computes it. */
    public float value(int code, SliceScale step) {
        return (float) ((code - step.zeroPoint()) * (double) step.scale());
    }

    /** {@link #code} then {@link #value}: where a value lands on the grid of a given scale. */
    public float roundTrip(float value, SliceScale step) {
        return value(code(value, step), step);
    }

    /**
     * Step two for a whole matrix: every value rounded with the given scales, one per slice in
     * {@link Granularity#scaleIndex} order (from {@link #findScales}, or chosen by another method).
     */
    public QuantizedTensor round(float[] values, int rows, int cols, SliceScale[] scales) {
        checkShape(values, rows, cols);
        checkFinite(values);
        granularity.checkDivides(cols);
        int slots = granularity.scaleCount(rows, cols);
        if (scales == null || scales.length != slots) {
            throw new IllegalArgumentException("scales: " + granularity.label() + " on " + rows + " x " + cols
                    + " needs " + slots + ", got " + (scales == null ? "null" : scales.length));
        }
        float[] scaleValues = new float[slots];
        int[] zeroPoints = new int[slots];
        for (int s = 0; s < slots; s++) {
            Checks.notNull("scales[" + s + "]", scales[s]);
            scaleValues[s] = scales[s].scale();
            zeroPoints[s] = scales[s].zeroPoint();
        }
        int[] codes = new int[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                codes[r * cols + c] = code(values[r * cols + c], scales[granularity.scaleIndex(r, c, cols)]);
            }
        }
        return new QuantizedTensor(codes, scaleValues, zeroPoints, rows, cols, bits, scheme, granularity);
    }

    /** Quantizes and dequantizes in one go: the values the model would compute with. */
    public float[] roundTrip(float[] values, int rows, int cols) {
        return quantize(values, rows, cols).dequantize();
    }

    private static float scaleFor(double span, int maxCode) {
        if (span == 0) {
            return ZERO_RANGE_SCALE;
        }
        float scale = (float) (span / maxCode);
        return scale > 0 ? scale : Float.MIN_VALUE; // a subnormal range must not round the scale to zero
    }

    private static int clamp(double steps, int min, int max) {
        return (int) Math.max(min, Math.min(max, steps));
    }

    static void checkShape(float[] values, int rows, int cols) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (cols < 1) {
            throw new IllegalArgumentException("cols must be at least 1, got " + cols);
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("values: shape " + rows + " x " + cols + " needs "
                    + (long) rows * cols + " values, got " + values.length);
        }
    }

    /** The recipe with this quantizer's format, chosen by {@code method}. */
    public Recipe recipe(Recipe.Method method) {
        return new Recipe(bits, scheme, granularity, method);
    }

    static void checkFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("values must be finite to quantize, got " + values[i]
                        + " at index " + i);
            }
        }
    }

    @Override
    public String toString() {
        return bits + "-bit " + scheme.label() + ", " + granularity.label();
    }

    static String shape(int rows, int cols) {
        return Arrays.toString(new int[] {rows, cols});
    }
}
