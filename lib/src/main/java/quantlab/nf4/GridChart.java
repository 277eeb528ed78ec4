package quantlab.nf4;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The three 4-bit grids drawn on the standard normal density they are meant to cover. Each grid is stretched so
 * its largest level sits where NF4's does, at the normal quantile of {@link FourBitGrid#OFFSET} (about 1.85
 * standard deviations), so the spacing is what differs.
 */
public final class GridChart {

    private GridChart() {
    }

    /** Where NF4's largest level sits in standard deviations: the quantile of {@link FourBitGrid#OFFSET}. */
    public static double outermostQuantile() {
        return new NormalDistribution(0, 1).inverseCumulativeProbability(FourBitGrid.OFFSET);
    }

    /** The density curve and one row of markers per grid. */
    public static Figure figure() {
        NormalDistribution normal = new NormalDistribution(0, 1);
        double z = outermostQuantile();
        double[] xs = new double[161];
        double[] ys = new double[161];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -2.4 + 4.8 * i / (xs.length - 1);
            ys[i] = normal.density(xs[i]);
        }
        List<Trace> traces = new ArrayList<>();
        traces.add(ScatterTrace.builder(xs, ys).mode(ScatterTrace.Mode.LINE).name("N(0, 1) density").build());
        double[] heights = {0.02, 0.06, 0.10};
        FourBitGrid[] grids = FourBitGrid.values();
        for (int g = 0; g < grids.length; g++) {
            double[] levels = grids[g].levels();
            double[] x = new double[levels.length];
            double[] y = new double[levels.length];
            for (int i = 0; i < levels.length; i++) {
                x[i] = levels[i] * z;
                y[i] = heights[g];
            }
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS)
                    .marker(Marker.builder().size(9).build()).name(grids[g] + " levels").build());
        }
        Layout layout = Layout.builder()
                .title("4-bit levels against the normal density (levels x " + String.format("%.4f", z) + ")")
                .xAxis(Axis.builder().title("standard deviations").build())
                .yAxis(Axis.builder().title("density").build())
                .width(900).height(420).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
}
