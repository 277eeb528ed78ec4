package quantlab.precision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import quantlab.display.Displayable;
import quantlab.display.HtmlText;
import quantlab.display.TableHtml;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The chapter's result: one {@link RunReport} per {@link TrainingPrecision}, all from the same data and settings,
 * as a summary table, the four loss curves, and a histogram of where the gradients' magnitudes lie.
 *
 * @param config the settings every run used
 * @param runs   one report per precision, in {@link TrainingPrecision} order
 */
public record PrecisionComparison(TrainingConfig config, List<RunReport> runs) implements Displayable {

    /** fp16's smallest subnormal is 2^-24; anything below half of it, 2^-25, rounds to zero. */
    public static final int FP16_SMALLEST_SUBNORMAL_EXPONENT = -24;

    /** fp16's smallest normal number is 2^-14; below it fewer than 10 mantissa bits are left. */
    public static final int FP16_SMALLEST_NORMAL_EXPONENT = -14;

    public PrecisionComparison {
        if (config == null || runs == null) {
            throw new IllegalArgumentException("config and runs must not be null");
        }
        if (runs.size() != TrainingPrecision.values().length) {
            throw new IllegalArgumentException("runs must hold one report per precision, got " + runs.size());
        }
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i) == null || runs.get(i).precision() != TrainingPrecision.values()[i]) {
                throw new IllegalArgumentException("runs[" + i + "] must be the " + TrainingPrecision.values()[i]
                        + " run, got " + (runs.get(i) == null ? "null" : runs.get(i).precision()));
            }
        }
        runs = List.copyOf(runs);
    }

    /** The report of one precision. */
    public RunReport run(TrainingPrecision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        return runs.get(precision.ordinal());
    }

    /** One row per run: underflow share, zero share, overflows, skipped steps, final scale, final loss, test accuracy. */
    public Table table() {
        StringColumn names = StringColumn.create("run");
        DoubleColumn underflow = DoubleColumn.create("gradients underflowed (%)");
        DoubleColumn zeros = DoubleColumn.create("gradients that are zero (%)");
        LongColumn overflows = LongColumn.create("overflows");
        IntColumn skipped = IntColumn.create("skipped steps");
        StringColumn scale = StringColumn.create("loss scale at end");
        DoubleColumn loss = DoubleColumn.create("final loss");
        DoubleColumn ratio = DoubleColumn.create("final loss / fp32's");
        DoubleColumn accuracy = DoubleColumn.create("test accuracy (%)");
        double reference = run(TrainingPrecision.FP32).finalLoss();
        for (RunReport report : runs) {
            names.append(report.precision().label());
            underflow.append(100 * report.underflowFraction());
            zeros.append(100 * report.zeroFraction());
            overflows.append(report.overflows());
            skipped.append(report.skippedSteps());
            scale.append(report.lossScaleText());
            loss.append(report.finalLoss());
            ratio.append(report.finalLoss() / reference);
            accuracy.append(100 * report.testAccuracy());
        }
        underflow.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        zeros.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        loss.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        ratio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        accuracy.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create(String.format(Locale.ROOT, "Four runs, %d steps each, seed %d", config.steps(),
                config.seed()), names, underflow, zeros, overflows, skipped, scale, loss, ratio, accuracy);
    }

    /** The training loss of each run, step by step, on a log scale. */
    public Figure lossCurves() {
        List<Trace> traces = new ArrayList<>();
        for (RunReport report : runs) {
            double[] steps = new double[report.steps()];
            double[] losses = new double[report.steps()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = i + 1;
                losses[i] = report.lossPerStep().get(i);
            }
            traces.add(ScatterTrace.builder(steps, losses)
                    .mode(ScatterTrace.Mode.LINE)
                    .name(report.precision().label())
                    .build());
        }
        Layout layout = Layout.builder()
                .title("Training loss per step (same network, data and optimizer; only the rounding differs)")
                .xAxis(Axis.builder().title("step").build())
                .yAxis(Axis.builder().title("mean cross-entropy (log scale)").type(Axis.Type.LOG).build())
                .width(900)
                .height(500)
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /**
     * Where the fp32 run's gradients lie, by power of two, as a share of all its nonzero gradients, coloured by what
     * fp16 would do to them: round to zero, keep with few bits (subnormal), or keep with all 11 bits. bf16 keeps all
     * of them, down to 2^-133.
     */
    public Figure gradientMagnitudes() {
        MagnitudeHistogram histogram = run(TrainingPrecision.FP32).gradientMagnitudes();
        int[] range = histogram.occupiedRange();
        if (range.length == 0) {
            throw new IllegalStateException("the fp32 run recorded no nonzero gradients");
        }
        double total = histogram.total();
        int low = range[0];
        int high = range[1];
        Object[] labels = new Object[high - low + 1];
        double[] lost = new double[labels.length];
        double[] subnormal = new double[labels.length];
        double[] normal = new double[labels.length];
        for (int e = low; e <= high; e++) {
            int i = e - low;
            labels[i] = "2^" + e;
            double share = 100 * histogram.count(e) / total;
            if (e < FP16_SMALLEST_SUBNORMAL_EXPONENT - 1) {
                lost[i] = share;
            } else if (e < FP16_SMALLEST_NORMAL_EXPONENT) {
                subnormal[i] = share;
            } else {
                normal[i] = share;
            }
        }
        Layout layout = Layout.builder()
                .title("Gradient magnitudes in the fp32 run, coloured by what fp16 keeps of them")
                .barMode(Layout.BarMode.STACK)
                .xAxis(Axis.builder().title("magnitude: bar 2^e counts gradients from 2^e up to 2^(e+1)").build())
                .yAxis(Axis.builder().title("share of nonzero gradients (%)").build())
                .width(900)
                .height(450)
                .build();
        return new Figure(layout,
                BarTrace.builder(labels, lost).name("rounds to 0 in fp16 (below 2^-25)").build(),
                BarTrace.builder(labels, subnormal).name("fp16 subnormal: kept with 1-10 bits").build(),
                BarTrace.builder(labels, normal).name("fp16 normal: kept with 11 bits").build());
    }

    /** The summary table as plain text. */
    @Override
    public String toString() {
        return table().printAll();
    }

    /** The summary table as HTML, with the settings underneath. */
    @Override
    public String toHtml() {
        return TableHtml.of(table()) + "<p style=\"font-size:0.9em\">" + HtmlText.escape(settings()) + "</p>";
    }

    /** The shared settings in one line. */
    public String settings() {
        return String.format(Locale.ROOT,
                "MLP with %d tanh layers of %d, Adam at %s, %d steps, each loss gradient divided by %,d,"
                        + " dynamic loss scaling from %s doubling every %d good steps, weights from seed %d",
                config.hiddenLayers(), config.hiddenWidth(), config.learningRate(), config.steps(),
                config.globalBatch(), scaleText(config.initialLossScale()), config.scaleGrowthInterval(),
                config.seed());
    }

    private static String scaleText(double scale) {
        int exponent = Math.getExponent(scale);
        return Math.scalb(1.0, exponent) == scale ? "2^" + exponent : String.valueOf(scale);
    }
}
