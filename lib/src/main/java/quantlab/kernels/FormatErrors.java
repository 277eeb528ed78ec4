package quantlab.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import quantlab.quantization.BlockFormat;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/**
 * What each kernel's format costs in accuracy on the same weights: the error of the stored weights and of the GEMV
 * output against fp32, beside the bits per weight that buy it. Block scales (Q8_0, Q4_0: one per 32 weights) against
 * one scale per row (int8) or per group: the bench prints this next to the times.
 */
public final class FormatErrors {

    private FormatErrors() {
    }

    /**
     * One format's errors.
     *
     * @param format        the kernel's label, such as "Q8_0"
     * @param bitsPerWeight weight bytes x 8 / weights, scales included
     * @param weightError   relative rms error of the stored weights: sqrt(sum (w_q - w)^2 / sum w^2)
     * @param outputError   relative rms error of y = W x, computed by the format's scalar kernel, against fp32 in
     *                      double
     */
    public record FormatError(String format, double bitsPerWeight, double weightError, double outputError) {
    }

    /** sqrt(sum (approx - exact)^2 / sum exact^2). */
    static double relativeRms(float[] approx, double[] exact) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < exact.length; i++) {
            double d = approx[i] - exact[i];
            num += d * d;
            den += exact[i] * exact[i];
        }
        return Math.sqrt(num / den);
    }

    /**
     * Seeded Gaussian weights w (rows x cols, row-major), a Gaussian x drawn after them from the same generator, and
     * y = W x summed in double: the problem on which this class and {@link DecodeFormats} score the formats.
     */
    record Problem(float[] w, float[] x, double[] y) {

        static Problem gaussian(int rows, int cols, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] w = new float[Math.multiplyExact(rows, cols)];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rnd.nextGaussian();
            }
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            double[] y = new double[rows];
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += (double) w[r * cols + c] * x[c];
                }
                y[r] = s;
            }
            return new Problem(w, x, y);
        }
    }

    /**
     * Gaussian weights (rows x cols) and a Gaussian x, seeded, quantized as int8 per row, Q8_0, int4 with groups of
     * 128 (with x in float, then quantized to int8 per group of 128: W4A8) and Q4_0.
     *
     * @throws IllegalArgumentException if cols is not a multiple of 128
     */
    public static List<FormatError> gaussian(int rows, int cols, long seed) {
        GemvWeights.checkShape(rows, cols);
        if (cols % 128 != 0) {
            throw new IllegalArgumentException("cols must be a multiple of 128 (int4 groups and Q blocks), got " + cols);
        }
        Problem p = Problem.gaussian(rows, cols, seed);
        float[] w = p.w();
        float[] x = p.x();
        double[] y = p.y();
        double[] w64 = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            w64[i] = w[i];
        }
        QuantizedTensor int8 = Quantizer.symmetric(8).with(Granularity.perRow()).quantize(w, rows, cols);
        QuantizedTensor int4 = Quantizer.symmetric(4).with(Granularity.perGroup(128)).quantize(w, rows, cols);
        List<FormatError> out = new ArrayList<>();
        out.add(error(Int8RowWeights.from(int8), dequantize(int8), w64, x, y));
        out.add(error(Q8_0Weights.quantize(w, rows, cols), BlockFormat.Q8_0.roundTrip(w), w64, x, y));
        out.add(error(Int4GroupWeights.from(int4), dequantize(int4), w64, x, y));
        out.add(error(Int4GroupA8Weights.from(int4), dequantize(int4), w64, x, y));
        out.add(error(Q4_0Weights.quantize(w, rows, cols), BlockFormat.Q4_0.roundTrip(w), w64, x, y));
        return out;
    }

    private static float[] dequantize(QuantizedTensor t) {
        float[] out = new float[t.size()];
        for (int r = 0; r < t.rows(); r++) {
            for (int c = 0; c < t.cols(); c++) {
                out[r * t.cols() + c] = t.code(r, c) * t.scale(r, c);
            }
        }
        return out;
    }

    private static FormatError error(GemvWeights kernel, float[] stored, double[] w, float[] x, double[] y) {
        double bits = kernel.weightBytes() * 8.0 / ((long) kernel.rows() * kernel.cols());
        return new FormatError(kernel.label(), bits, relativeRms(stored, w), relativeRms(kernel.multiply(x), y));
    }
}
