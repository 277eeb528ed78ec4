package quantlab.model;

import java.util.Arrays;

/**
 * One stored weight of an ONNX model (a graph initializer), described without its values, so a notebook can list
 * what a model holds, how big each matrix is and in which type it is stored before deciding what to quantize.
 *
 * @param name     the initializer's name in the graph
 * @param shape    its dimensions, outermost first (empty for a scalar)
 * @param dataType the ONNX element type name, e.g. {@code FLOAT}, {@code INT8}, {@code UINT8}, {@code INT64}
 */
public record Initializer(String name, long[] shape, String dataType) {

    public Initializer {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (the product of the shape; 1 for a scalar). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Whether it is a float32 tensor, readable with {@link OnnxModel#floatTensor(String)}. */
    public boolean isFloat() {
        return "FLOAT".equals(dataType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initializer other && name.equals(other.name) && Arrays.equals(shape, other.shape)
                && dataType.equals(other.dataType);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + dataType.hashCode();
    }

    @Override
    public String toString() {
        return name + " " + dataType + Arrays.toString(shape);
    }
}
