package quantlab.granularity;

import java.util.Arrays;

import quantlab.quantization.QuantizedTensor;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * The spread of one weight matrix: its largest magnitude against its percentiles, and a histogram. Outliers show
 * here, and they are what a single per-tensor scale has to stretch over.
 */
public final class WeightDistribution {

    private final float[] values;
    private final double[] sortedMagnitudes;

    private WeightDistribution(float[] values, double[] sortedMagnitudes) {
        this.values = values;
        this.sortedMagnitudes = sortedMagnitudes;
    }

    /** @throws IllegalArgumentException if values is null or empty, or holds NaN or infinity */
    public static WeightDistribution of(float[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values must hold at least one weight, got "
                    + (values == null ? "null" : "an empty array"));
        }
        double[] magnitudes = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be finite, got " + values[i]);
            }
            magnitudes[i] = Math.abs(values[i]);
        }
        Arrays.sort(magnitudes);
        return new WeightDistribution(values.clone(), magnitudes);
    }

    public int size() {
        return values.length;
    }

    public double maxAbs() {
        return sortedMagnitudes[sortedMagnitudes.length - 1];
    }

    /** The median magnitude (the upper median for an even count). */
    public double medianMagnitude() {
        return sortedMagnitudes[sortedMagnitudes.length / 2];
    }

    /**
     * The nearest-rank percentile of |w|: the smallest magnitude with at least a share {@code q} of the weights at or
     * below it, e.g. {@code q = 0.999} for the 99.9th percentile.
     *
     * @throws IllegalArgumentException if q is not in (0, 1]
     */
    public double magnitudePercentile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in (0, 1], got " + q);
        }
        return sortedMagnitudes[(int) Math.ceil(q * sortedMagnitudes.length) - 1];
    }

    /**
     * Counts in {@code bins} bins of equal width over [-maxAbs, +maxAbs]; the largest value falls in the last bin.
     *
     * @throws IllegalArgumentException if bins is less than 1
     */
    public double[] histogramCounts(int bins) {
        double width = binWidth(bins);
        double[] counts = new double[bins];
        for (float x : values) {
            counts[Math.min(bins - 1, (int) ((x + maxAbs()) / width))]++;
        }
        return counts;
    }

    /** The same bins as a line of counts on a log axis: only the counts go to the page, never every weight. */
    public Figure histogram(int bins, String title) {
        double width = binWidth(bins);
        double[] centres = new double[bins];
        for (int b = 0; b < bins; b++) {
            centres[b] = -maxAbs() + (b + 0.5) * width;
        }
        Layout layout = Layout.builder()
                .title(title)
                .xAxis(Axis.builder().title("weight value").build())
                .yAxis(Axis.builder().title("count (log scale)").type(Axis.Type.LOG).build())
                .width(900).height(420).build();
        return new Figure(layout, ScatterTrace.builder(centres, histogramCounts(bins))
                .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("count").build());
    }

    /** How many of a quantized tensor's codes are 0: weights the rounding erased. */
    public static long zeroCodes(QuantizedTensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("tensor must not be null");
        }
        return Arrays.stream(tensor.codes()).filter(code -> code == 0).count();
    }

    private double binWidth(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        return maxAbs() == 0 ? 1 : 2 * maxAbs() / bins;
    }
}
