package quantlab.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

/**
 * The values of one float32 weight, row-major, with its shape: what the quantizers of chapter 5 take in and give
 * back, and what can be written back into a model as an initializer.
 *
 * @param name  the initializer's name
 * @param shape its dimensions, outermost first
 * @param data  the values in row-major order; its length is the product of the shape
 */
public record FloatTensor(String name, int[] shape, float[] data) {

    public FloatTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty, got '" + name + "'");
        }
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape must not have negative dimensions, got "
                        + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("data must hold " + n + " values for shape " + Arrays.toString(shape)
                    + ", got " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Rows of a matrix (the first dimension). */
    public int rows() {
        requireMatrix();
        return shape[0];
    }

    /** Columns of a matrix (the second dimension). */
    public int cols() {
        requireMatrix();
        return shape[1];
    }

    /** One value of a matrix. */
    public float get(int row, int col) {
        requireMatrix();
        if (row < 0 || row >= shape[0]) {
            throw new IllegalArgumentException("row must be in [0, " + shape[0] + "), got " + row);
        }
        if (col < 0 || col >= shape[1]) {
            throw new IllegalArgumentException("col must be in [0, " + shape[1] + "), got " + col);
        }
        return data[row * shape[1] + col];
    }

    /** A tensor of the same name and shape holding other values (e.g. after quantize and dequantize). */
    public FloatTensor withData(float[] values) {
        return new FloatTensor(name, shape, values);
    }

    /** As an ONNX float32 initializer, values in {@code raw_data} little-endian. */
    public OnnxMl.TensorProto toProto() {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (int d : shape) {
            b.addDims(d);
        }
        return b.build();
    }

    private void requireMatrix() {
        if (shape.length != 2) {
            throw new IllegalStateException(name + " is not a matrix, its shape is " + Arrays.toString(shape));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor other && name.equals(other.name) && Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return name + " float" + Arrays.toString(shape);
    }
}
