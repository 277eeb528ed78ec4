package quantlab.formats;

import java.util.List;
import java.util.Locale;

/**
 * An integer storage format: a code range and nothing else. Unlike a float, an integer code means no number until
 * a scale is chosen (value = code x scale), so every method that produces or reads values takes the scale, and
 * {@link #withScale} pairs the two into an {@link IntGrid}. Codes are evenly spaced: the grid has one step size,
 * which is why one outlier can ruin a whole tensor's precision.
 */
public final class IntFormat implements StorageFormat {

    /** Signed 8-bit codes -128..127. */
    public static final IntFormat INT8 = new IntFormat("int8", 8, true);
    /** Signed 4-bit codes -8..7: only seven steps above zero. */
    public static final IntFormat INT4 = new IntFormat("int4", 4, true);
    /** Unsigned 4-bit codes 0..15, the usual choice when a zero point shifts the grid (chapter 4). */
    public static final IntFormat UINT4 = new IntFormat("uint4", 4, false);

    private final String name;
    private final int bits;
    private final boolean signed;

    private IntFormat(String name, int bits, boolean signed) {
        this.name = name;
        this.bits = bits;
        this.signed = signed;
    }

    static List<IntFormat> builtIn() {
        return List.of(INT8, INT4, UINT4);
    }

    /**
     * One of the integer formats by name, ignoring case: "int8", "int4", "uint4".
     *
     * @throws IllegalArgumentException naming the unknown value and the accepted names
     */
    public static IntFormat of(String name) {
        if (StorageFormat.of(name) instanceof IntFormat format) {
            return format;
        }
        throw new IllegalArgumentException("format: '" + name + "' is a float format, not an integer grid");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int bits() {
        return bits;
    }

    /** True for two's complement codes (int8, int4), false for uint4. */
    public boolean isSigned() {
        return signed;
    }

    /** The smallest code: -2^(bits-1) when signed, else 0. */
    public int minCode() {
        return signed ? -(1 << (bits - 1)) : 0;
    }

    /** The largest code: 2^(bits-1) - 1 when signed (127, 7), else 2^bits - 1 (15). */
    public int maxCode() {
        return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** How many codes there are: 2^bits. */
    public int levels() {
        return 1 << bits;
    }

    /**
     * The code for {@code x} on the grid of step {@code scale}: x / scale rounded half to even, then clamped to
     * [minCode, maxCode]. Infinities clamp like any other overflow. The course's one rounding convention: x is
     * taken as a float32 and the quotient is computed in float32, as ggml's and PyTorch's quantizers compute it,
     * so 0.05f / 0.02f is exactly 2.5 and rounds to the even 2 (in double it would be 2.5000001 and round to 3).
     *
     * @throws IllegalArgumentException if x is NaN (no code means NaN) or the scale is not a positive finite number
     */
    public int quantize(double x, float scale) {
        checkScale(scale);
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must be a number; an integer code cannot hold NaN, got " + x);
        }
        double steps = Math.rint((float) x / scale);
        return (int) Math.max(minCode(), Math.min(maxCode(), steps));
    }

    /** The value of {@code code}: code x scale, rounded once to float. */
    public float dequantize(int code, float scale) {
        checkScale(scale);
        checkCode(code);
        return (float) (code * (double) scale);
    }

    /** {@code x} moved to the nearest grid point: dequantize(quantize(x, scale), scale). */
    public float round(double x, float scale) {
        return dequantize(quantize(x, scale), scale);
    }

    /** Every representable value at this scale, ascending: minCode x scale, ..., maxCode x scale. */
    public float[] grid(float scale) {
        checkScale(scale);
        float[] grid = new float[levels()];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = dequantize(minCode() + i, scale);
        }
        return grid;
    }

    /**
     * The scale that puts {@code absmax} on the largest code, absmax / maxCode: 1/127 for int8 and 1/7 for int4
     * when the values lie in [-1, 1].
     */
    public float absmaxScale(double absmax) {
        if (!(absmax > 0) || Double.isInfinite(absmax)) {
            throw new IllegalArgumentException("absmax must be a positive finite number, got " + absmax);
        }
        return (float) (absmax / maxCode());
    }

    /** This format with a fixed scale: a set of real numbers that can be tabled and drawn beside float formats. */
    public IntGrid withScale(float scale) {
        return new IntGrid(this, scale);
    }

    /** The code's bits, two's complement for signed formats: int4 -7 is {@code 1001}. */
    public String bitString(int code) {
        checkCode(code);
        return FloatLayout.binary(code & (levels() - 1), bits);
    }

    void checkScale(float scale) {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive finite number, got " + scale);
        }
        if (Float.isInfinite(scale * (float) Math.max(-minCode(), maxCode()))) {
            throw new IllegalArgumentException("scale is so large that " + name + " codes overflow float, got "
                    + scale);
        }
    }

    void checkCode(int code) {
        if (code < minCode() || code > maxCode()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "code must be a %s code from %d to %d, got %d", name, minCode(), maxCode(), code));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
