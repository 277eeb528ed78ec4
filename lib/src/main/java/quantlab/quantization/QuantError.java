package quantlab.quantization;

import java.util.Locale;

/**
 * How far the field notes drift from the blueprint, in the four numbers people quote: mean squared error, worst
 * single error, relative Frobenius error and signal-to-quantization-noise ratio. Larger SQNR is better; each
 * extra bit buys roughly 6 dB on well-spread data.
 *
 * @param mse              mean of (dequantized - original)^2
 * @param maxAbsError      largest |dequantized - original|
 * @param relativeError    ||dequantized - original||_F / ||original||_F (0 when both are zero; infinite when
 *                         only the original is zero)
 * @param sqnrDb           10 log10(sum original^2 / sum error^2); +infinity for an exact copy
 */
public record QuantError(double mse, double maxAbsError, double relativeError, double sqnrDb) {

    /** Compares a reconstruction with the original, element by element. */
    public static QuantError between(float[] original, float[] reconstructed) {
        if (original == null) {
            throw new IllegalArgumentException("original must not be null");
        }
        if (reconstructed == null || reconstructed.length != original.length) {
            throw new IllegalArgumentException("reconstructed must have " + original.length + " values, got "
                    + (reconstructed == null ? "null" : reconstructed.length));
        }
        if (original.length == 0) {
            throw new IllegalArgumentException("original must not be empty, got 0 values");
        }
        Quantizer.checkFinite(original);
        double signal = 0;
        double noise = 0;
        double worst = 0;
        for (int i = 0; i < original.length; i++) {
            double e = (double) reconstructed[i] - original[i];
            signal += (double) original[i] * original[i];
            noise += e * e;
            worst = Math.max(worst, Math.abs(e));
        }
        double relative = noise == 0 ? 0 : signal == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(noise / signal);
        double sqnr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        return new QuantError(noise / original.length, worst, relative, sqnr);
    }

    /** The error of {@code quantized} against the values it was made from. */
    public static QuantError of(float[] original, QuantizedTensor quantized) {
        if (quantized == null) {
            throw new IllegalArgumentException("quantized must not be null");
        }
        return between(original, quantized.dequantize());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MSE %.4g, max |error| %.4g, relative error %.3f%%, SQNR %.2f dB", mse,
                maxAbsError, 100 * relativeError, sqnrDb);
    }
}
