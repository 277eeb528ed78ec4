package quantlab.quantization;

/**
 * The argument checks that the quantization classes share, in one place (as EJML keeps its in {@code UtilEjml}):
 * each throws an {@link IllegalArgumentException} that names the parameter and the value it got.
 */
public final class Checks {

    private Checks() {
    }

    /** A row-major [rows, cols] array: both at least 1 and the length their product; returns the array. */
    public static float[] matrix(String name, float[] values, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": rows and cols must be at least 1, got rows " + rows
                    + ", cols " + cols);
        }
        if (values == null || values.length != (long) rows * cols) {
            throw new IllegalArgumentException(name + " must hold " + rows + " x " + cols + " = " + (long) rows * cols
                    + " numbers, got " + (values == null ? "null" : values.length));
        }
        return values;
    }

    /** Every value finite; returns the array. */
    public static float[] finite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " must be finite, got " + values[i] + " at index " + i);
            }
        }
        return values;
    }

    /** An index in [0, size). */
    public static int index(String name, int value, int size) {
        if (value < 0 || value >= size) {
            throw new IllegalArgumentException(name + " must be from 0 to " + (size - 1) + ", got " + value);
        }
        return value;
    }

    /** A value that must not be null; returns it. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
