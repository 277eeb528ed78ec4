package quantlab.lora;

import java.util.Arrays;

/**
 * One trainable tensor and the gradient the backward pass accumulates into it: the unit an optimizer updates.
 * Values and gradients are flat float arrays in row-major order; the shape is kept for messages and counts.
 */
public final class Parameter {

    private final String name;
    private final int rows;
    private final int cols;
    private final float[] value;
    private final float[] grad;

    /** A rows x cols parameter holding {@code value} (not copied: the layer reads it in place). */
    public Parameter(String name, int rows, int cols, float[] value) {
        if (value == null || value.length != rows * cols) {
            throw new IllegalArgumentException("value of " + name + " must hold " + rows + " x " + cols
                    + " values, got " + (value == null ? "null" : value.length));
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.value = value;
        this.grad = new float[value.length];
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The values, read and written in place. */
    public float[] value() {
        return value;
    }

    /** The accumulated gradient, read and written in place. */
    public float[] grad() {
        return grad;
    }

    /** Number of values. */
    public int size() {
        return value.length;
    }

    /** Sets the gradient to zero before the next batch. */
    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + " [" + rows + " x " + cols + "]";
    }
}
