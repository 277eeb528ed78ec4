package quantlab.finetune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Tables and charts of a comparison's runs, kept apart from the training code: one row per method with the mean
 * held-out accuracy over seeds, its spread (lowest and highest seed), trainable parameters, optimizer state and
 * wall time, and the loss curves.
 */
public final class ComparisonReport {

    /** One method over its seeds. */
    public record Summary(String method, int seeds, double meanAccuracy, double minAccuracy, double maxAccuracy,
                          long trainableParameters, long optimizerStateBytes, long baseMatrixBytes,
                          double meanSeconds) {
    }

    /**
     * Parameters of the encoder the course trains: embeddings (30,522 + 512 + 2 rows of 384) and their LayerNorm,
     * six blocks of 1,774,464; the published checkpoint's pooler (147,840 more) is not used by sentence embeddings.
     */
    public static final long MINILM_PARAMETERS = 22_565_376L;

    private ComparisonReport() {
    }

    /** The runs grouped by method, in first-seen order. */
    public static List<Summary> summarize(List<RunResult> runs) {
        Map<String, List<RunResult>> by = new LinkedHashMap<>();
        for (RunResult r : runs) {
            by.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        }
        List<Summary> out = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : by.entrySet()) {
            List<RunResult> rs = e.getValue();
            double mean = rs.stream().mapToDouble(RunResult::accuracy).average().orElseThrow();
            double min = rs.stream().mapToDouble(RunResult::accuracy).min().orElseThrow();
            double max = rs.stream().mapToDouble(RunResult::accuracy).max().orElseThrow();
            double secs = rs.stream().mapToDouble(RunResult::seconds).average().orElseThrow();
            RunResult first = rs.get(0);
            out.add(new Summary(e.getKey(), rs.size(), mean, min, max, first.trainableParameters(),
                    first.optimizerStateBytes(), first.baseMatrixBytes(), secs));
        }
        return out;
    }

    /** The summary as a table. */
    public static Table table(List<Summary> summaries, String title) {
        StringColumn method = StringColumn.create("method");
        LongColumn trainable = LongColumn.create("trainable params");
        StringColumn share = StringColumn.create("% of the 22.57M");
        LongColumn state = LongColumn.create("AdamW state (bytes)");
        LongColumn base = LongColumn.create("36 matrices stored (bytes)");
        StringColumn acc = StringColumn.create("held-out accuracy, mean [min, max]");
        DoubleColumn secs = DoubleColumn.create("wall s (mean)");
        for (Summary s : summaries) {
            method.append(s.method() + " (" + s.seeds() + (s.seeds() == 1 ? " seed)" : " seeds)"));
            trainable.append(s.trainableParameters());
            share.append(String.format(Locale.ROOT, "%.3f", 100.0 * s.trainableParameters() / MINILM_PARAMETERS));
            state.append(s.optimizerStateBytes());
            base.append(s.baseMatrixBytes());
            acc.append(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", s.meanAccuracy(), s.minAccuracy(),
                    s.maxAccuracy()));
            secs.append(Math.round(s.meanSeconds() * 10) / 10.0);
        }
        return Table.create(title, method, trainable, share, state, base, acc, secs);
    }

    /** Training loss per step of every run with curves, one line each. */
    public static Figure lossCurves(List<RunResult> runs, String title) {
        List<Trace> traces = new ArrayList<>();
        for (RunResult r : runs) {
            if (r.losses().length == 0) {
                continue;
            }
            double[] steps = new double[r.losses().length];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = i + 1;
            }
            traces.add(ScatterTrace.builder(steps, r.losses()).mode(ScatterTrace.Mode.LINE)
                    .name(r.label() + " s" + r.seed()).build());
        }
        Layout layout = Layout.builder().title(title)
                .xAxis(Axis.builder().title("step").build())
                .yAxis(Axis.builder().title("mean cross-entropy of the batch").build())
                .width(900).height(480).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** Reads the loss curves file written by {@link FineTuneComparison#write} into the runs of a runs file. */
    public static List<RunResult> withCurves(List<RunResult> runs, java.nio.file.Path curvesFile) {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        try {
            List<String> lines = java.nio.file.Files.readAllLines(curvesFile);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = FineTuneComparison.fields(line, 3);
                curves.computeIfAbsent(f[0] + "#" + f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + curvesFile, e);
        }
        List<RunResult> out = new ArrayList<>();
        for (RunResult r : runs) {
            List<Double> c = curves.getOrDefault(r.label() + "#" + r.seed(), List.of());
            out.add(new RunResult(r.label(), r.seed(), r.trainableParameters(), r.optimizerStateBytes(),
                    r.baseMatrixBytes(), r.seconds(), r.accuracy(), c.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }
}
