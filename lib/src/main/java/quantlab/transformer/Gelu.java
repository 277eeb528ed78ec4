package quantlab.transformer;

/**
 * The activation between MiniLM's two feed-forward matrices, in the exact form its ONNX graph spells out:
 * {@code gelu(x) = 0.5 x (1 + erf(x / sqrt 2))} (the nodes Div by 1.4142135, Erf, Add 1, Mul, Mul 0.5), not the
 * tanh approximation some other models use.
 */
public final class Gelu {

    private Gelu() {
    }

    /** GELU of one value. */
    public static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + erf(x / Math.sqrt(2.0))));
    }

    /** Applies GELU to every value, in place. */
    static void applyInPlace(float[][] x) {
        for (float[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = gelu(row[i]);
            }
        }
    }

    /**
     * The error function, which the JDK lacks: Abramowitz and Stegun's formula 7.1.26 (Handbook of Mathematical
     * Functions, 1964), {@code erf x = 1 - (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) exp(-x^2)} with
     * {@code t = 1 / (1 + p x)}, whose absolute error is at most 1.5e-7: below the spacing of float32 values near
     * 1, so GELU comes out as exact as float arithmetic allows.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must be a number, got NaN");
        }
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))));
        double y = 1.0 - poly * Math.exp(-z * z);
        return x < 0 ? -y : y;
    }
}
