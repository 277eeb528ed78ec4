package quantlab.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The chapter's picture: weight memory per model as grouped bars, one bar per format, with a dashed line at each
 * GPU capacity (as the driver reports it), so "does not fit" reads as a bar above a line. The axis is in decimal
 * GB; each line's label gives GiB as well.
 */
public final class WeightMemoryChart {

    private WeightMemoryChart() {
    }

    /** Grouped bars of raw weight memory and one horizontal line per distinct GPU capacity. */
    public static Figure of(List<ModelPreset> models, List<WeightFormat> formats, List<Gpu> gpus) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty, got " + models);
        }
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("formats must not be empty, got " + formats);
        }
        if (gpus == null) {
            throw new IllegalArgumentException("gpus must not be null");
        }
        String[] names = models.stream().map(ModelPreset::name).toArray(String[]::new);
        List<Trace> traces = new ArrayList<>();
        for (WeightFormat format : formats) {
            double[] gb = models.stream().mapToDouble(m -> m.weights(format).gb()).toArray();
            traces.add(BarTrace.builder(names, gb).name(format.label()).build());
        }
        for (Map.Entry<Long, List<String>> line : byCapacity(gpus).entrySet()) {
            double gb = ByteSize.ofBytes(line.getKey()).gb();
            double[] level = new double[names.length];
            java.util.Arrays.fill(level, gb);
            String label = String.format(Locale.ROOT, "%.1f GB = %.1f GiB: %s", gb, ByteSize.ofBytes(line.getKey()).gib(),
                    String.join(", ", line.getValue()));
            traces.add(ScatterTrace.builder(StringColumn.create("model", names), DoubleColumn.create("GB", level))
                    .mode(ScatterTrace.Mode.LINE)
                    .line(Line.builder().dash(Line.Dash.DASH).width(2).build())
                    .name(label)
                    .build());
        }
        Layout layout = Layout.builder()
                .title("Weight memory by format against GPU capacity (decimal GB)")
                .barMode(Layout.BarMode.GROUP)
                .xAxis(Axis.builder().title("model").build())
                .yAxis(Axis.builder().title("GB (10^9 bytes)").build())
                .width(900)
                .height(500)
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** GPUs grouped by capacity, smallest first, so two 24 GB cards share one line. */
    private static Map<Long, List<String>> byCapacity(List<Gpu> gpus) {
        Map<Long, List<String>> lines = new LinkedHashMap<>();
        gpus.stream()
                .sorted((a, b) -> a.capacity().compareTo(b.capacity()))
                .forEach(g -> lines.computeIfAbsent(g.capacity().bytes(), k -> new ArrayList<>()).add(g.name()));
        return lines;
    }
}
