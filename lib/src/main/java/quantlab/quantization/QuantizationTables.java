package quantlab.quantization;

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
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** The chapter's tables and chart, so a notebook cell is one call and the numbers come from this package. */
public final class QuantizationTables {

    private QuantizationTables() {
    }

    /** One row per value: original, code, zero point, scale, dequantized, and error = dequantized - original. */
    public static Table elementwise(float[] original, QuantizedTensor quantized) {
        QuantError.of(original, quantized); // checks lengths and finiteness
        DoubleColumn orig = DoubleColumn.create("original");
        IntColumn code = IntColumn.create("code");
        IntColumn zero = IntColumn.create("zero point");
        DoubleColumn scale = DoubleColumn.create("scale");
        DoubleColumn deq = DoubleColumn.create("dequantized");
        DoubleColumn err = DoubleColumn.create("error (dequantized - original)");
        float[] back = quantized.dequantize();
        for (int r = 0; r < quantized.rows(); r++) {
            for (int c = 0; c < quantized.cols(); c++) {
                int i = r * quantized.cols() + c;
                orig.append(original[i]);
                code.append(quantized.code(r, c));
                zero.append(quantized.zeroPoint(r, c));
                scale.append(quantized.scale(r, c));
                deq.append(back[i]);
                err.append((double) back[i] - original[i]);
            }
        }
        for (DoubleColumn column : List.of(orig, deq, err)) {
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        }
        scale.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        return Table.create(quantized.bits() + "-bit " + quantized.scheme().label() + ", "
                + quantized.granularity().label(), orig, code, zero, scale, deq, err);
    }

    /** One row per recipe: how many scales it stores and the four error measures on the same data. */
    public static Table compare(float[] values, int rows, int cols, List<Quantizer> recipes) {
        checkRecipes(recipes);
        StringColumn name = StringColumn.create("recipe");
        IntColumn scales = IntColumn.create("scales stored");
        List<QuantError> errors = new ArrayList<>();
        for (Quantizer q : recipes) {
            QuantizedTensor t = q.quantize(values, rows, cols);
            name.append(q.toString());
            scales.append(t.scales().length);
            errors.add(QuantError.of(values, t));
        }
        Table table = Table.create("Error by recipe", name, scales);
        addErrors(table, errors);
        return table;
    }

    /** The same recipe at 2, 3, ..., 8 bits: one row per width. */
    public static Table bitSweep(float[] values, int rows, int cols, Quantizer recipe) {
        checkRecipes(recipe == null ? null : List.of(recipe));
        IntColumn bits = IntColumn.create("bits");
        IntColumn levels = IntColumn.create("codes available");
        IntColumn used = IntColumn.create("codes used");
        List<QuantError> errors = new ArrayList<>();
        for (int b = Quantizer.MIN_BITS; b <= Quantizer.MAX_BITS; b++) {
            Quantizer q = recipe.withBits(b);
            QuantizedTensor quantized = q.quantize(values, rows, cols);
            bits.append(b);
            levels.append(q.scheme().levels(b));
            used.append((int) java.util.Arrays.stream(quantized.codes()).distinct().count());
            errors.add(QuantError.of(values, quantized));
        }
        Table table = Table.create("Error against bit width, " + recipe.scheme().label() + ", "
                + recipe.granularity().label(), bits, levels, used);
        addErrors(table, errors);
        return table;
    }

    /** SQNR in dB against bit width 2..8, one line per recipe (each recipe's own bit width is ignored). */
    public static Figure sqnrChart(float[] values, int rows, int cols, List<Quantizer> recipes) {
        checkRecipes(recipes);
        List<Trace> traces = new ArrayList<>();
        for (Quantizer recipe : recipes) {
            double[] x = new double[Quantizer.MAX_BITS - Quantizer.MIN_BITS + 1];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Quantizer q = recipe.withBits(Quantizer.MIN_BITS + i);
                x[i] = q.bits();
                y[i] = QuantError.of(values, q.quantize(values, rows, cols)).sqnrDb();
            }
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(recipe.scheme().label() + ", " + recipe.granularity().label()).build());
        }
        Layout layout = Layout.builder()
                .title("Signal-to-quantization-noise ratio against bit width (higher is better)")
                .xAxis(Axis.builder().title("bits per code").build())
                .yAxis(Axis.builder().title("SQNR (dB)").build())
                .width(800)
                .height(450)
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static void addErrors(Table table, List<QuantError> errors) {
        DoubleColumn mse = DoubleColumn.create("MSE", errors.stream().mapToDouble(QuantError::mse));
        mse.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.000E0",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))));
        DoubleColumn max = DoubleColumn.create("max |error|", errors.stream().mapToDouble(QuantError::maxAbsError));
        max.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
        DoubleColumn relative = DoubleColumn.create("relative error %",
                errors.stream().mapToDouble(e -> 100 * e.relativeError()));
        relative.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        DoubleColumn sqnr = DoubleColumn.create("SQNR (dB)", errors.stream().mapToDouble(QuantError::sqnrDb));
        sqnr.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        table.addColumns(mse, max, relative, sqnr);
    }

    private static void checkRecipes(List<Quantizer> recipes) {
        if (recipes == null || recipes.isEmpty() || recipes.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("recipes must be a non-empty list without nulls, got " + recipes);
        }
    }
}
