package quantlab.paged;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** Chapter 10's tables and charts, laid out from {@link SimulationResult}s (the simulator itself draws nothing). */
public final class SimulationTables {

    private SimulationTables() {
    }

    /** One row per policy: memory shares, waste of what was allocated, batch sizes, makespan. */
    public static Table summary(List<SimulationResult> results) {
        StringColumn policy = StringColumn.create("policy");
        DoubleColumn used = DoubleColumn.create("tokens %");
        DoubleColumn reserved = DoubleColumn.create("reserved %");
        DoubleColumn internal = DoubleColumn.create("internal frag. %");
        DoubleColumn external = DoubleColumn.create("external frag. %");
        DoubleColumn waste = DoubleColumn.create("waste of allocated %");
        IntColumn maxBatch = IntColumn.create("max batch");
        DoubleColumn meanBatch = DoubleColumn.create("mean batch");
        IntColumn makespan = IntColumn.create("steps to finish");
        IntColumn preempted = IntColumn.create("preemptions");
        for (SimulationResult r : results) {
            policy.append(r.policy().label() + (r.policy() == Policy.PAGED ? " (block " + r.blockSize() + ")" : ""));
            used.append(100 * r.usedShare());
            reserved.append(100 * r.reservedShare());
            internal.append(100 * r.internalShare());
            external.append(100 * r.externalShare());
            waste.append(100 * r.wasteOfAllocated());
            maxBatch.append(r.maxBatch());
            meanBatch.append(r.meanBatch());
            makespan.append(Math.toIntExact(r.makespan()));
            preempted.append(r.preemptions());
        }
        for (DoubleColumn c : List.of(used, reserved, internal, external, waste, meanBatch)) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        }
        return Table.create("KV memory per policy (shares of capacity, averaged over steps)", policy, used, reserved,
                internal, external, waste, maxBatch, meanBatch, makespan, preempted);
    }

    /** Stacked bars: what each policy's memory held, on average. */
    public static Figure wasteChart(List<SimulationResult> results) {
        String[] names = results.stream().map(r -> r.policy().label()).toArray(String[]::new);
        List<Trace> traces = new ArrayList<>();
        traces.add(bar(names, results, "token states", SimulationResult::usedShare));
        traces.add(bar(names, results, "reserved for future tokens", SimulationResult::reservedShare));
        traces.add(bar(names, results, "internal fragmentation", SimulationResult::internalShare));
        traces.add(bar(names, results, "external fragmentation", SimulationResult::externalShare));
        Layout layout = Layout.builder().title("Where the KV memory goes, per policy (% of capacity, mean over steps)")
                .barMode(Layout.BarMode.STACK).yAxis(Axis.builder().title("% of KV capacity").build())
                .width(850).height(450).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static Trace bar(String[] names, List<SimulationResult> results, String label,
                             java.util.function.ToDoubleFunction<SimulationResult> share) {
        double[] y = results.stream().mapToDouble(r -> 100 * share.applyAsDouble(r)).toArray();
        return BarTrace.builder(names, y).name(label).build();
    }

    /** Running batch size over time, one line per policy, every {@code every}-th step. */
    public static Figure batchChart(List<SimulationResult> results, int every) {
        if (every <= 0) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
        List<Trace> traces = new ArrayList<>();
        for (SimulationResult r : results) {
            int n = (r.steps().size() + every - 1) / every;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                StepRecord s = r.steps().get(i * every);
                x[i] = s.step();
                y[i] = s.running();
            }
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(r.policy().label()).build());
        }
        Layout layout = Layout.builder().title("Batch size over time: sequences decoding at once")
                .xAxis(Axis.builder().title("decode step").build()).yAxis(Axis.builder().title("running sequences").build())
                .width(900).height(420).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
}
