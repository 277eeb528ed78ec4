package quantlab.lora;

import quantlab.quantization.WeightMatrix;

/** A frozen fp32 weight, held in both layouts so forward and backward products both stream along rows. */
public final class Fp32Base implements BaseWeight {

    private final int inputs;
    private final int outputs;
    private final float[] inOut;
    private final float[] outIn;

    private Fp32Base(int inputs, int outputs, float[] inOut) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.inOut = inOut;
        this.outIn = WeightMatrix.transpose(inOut, inputs, outputs);
    }

    /** From a row-major {@code [out][in]} matrix (the course's layout, {@code MiniLmEncoder.weight}); copied. */
    public static Fp32Base fromOutIn(float[] outIn, int outputs, int inputs) {
        check(outIn, outputs, inputs);
        return new Fp32Base(inputs, outputs, WeightMatrix.transpose(outIn, outputs, inputs));
    }

    /** From a row-major {@code [in][out]} matrix; copied. */
    public static Fp32Base fromInOut(float[] inOut, int inputs, int outputs) {
        check(inOut, inputs, outputs);
        return new Fp32Base(inputs, outputs, inOut.clone());
    }

    private static void check(float[] m, int rows, int cols) {
        if (rows <= 0 || cols <= 0 || m == null || m.length != rows * cols) {
            throw new IllegalArgumentException("weight must hold " + rows + " x " + cols + " values, got "
                    + (m == null ? "null" : m.length));
        }
    }


    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public float[] inOut() {
        return inOut;
    }

    @Override
    public float[] outIn() {
        return outIn;
    }

    @Override
    public long storedBytes() {
        return 4L * inputs * outputs;
    }
}
