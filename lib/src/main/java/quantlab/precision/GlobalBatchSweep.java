package quantlab.precision;

import java.util.List;
import java.util.Locale;
import quantlab.display.Displayable;
import quantlab.display.HtmlText;
import quantlab.display.TableHtml;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * One precision trained with each row's loss gradient divided by several counts N (N = rows is the plain mean; more is
 * the chapter's stress test, not what data-parallel training does). Each row's loss gradient
 * carries 1/N, so this shows how far N alone pushes a small network's gradients under a format's floor.
 *
 * @param precision the precision every run used
 * @param config    the shared settings (its own global batch is replaced by each entry of the sweep)
 * @param runs      one report per global batch, in the order given
 */
public record GlobalBatchSweep(TrainingPrecision precision, TrainingConfig config, List<RunReport> runs)
        implements Displayable {

    public GlobalBatchSweep {
        if (precision == null || config == null || runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("precision, config and a non-empty list of runs are required");
        }
        runs = List.copyOf(runs);
    }

    /** The global batch behind each run, in order. */
    public List<Long> globalBatches() {
        return runs.stream().map(run -> run.config().globalBatch()).toList();
    }

    /** One row per global batch: N, the largest possible per-row loss gradient 1/N, underflow, loss, accuracy. */
    public Table table() {
        StringColumn batch = StringColumn.create("loss gradient divided by N");
        StringColumn largest = StringColumn.create("per-row loss gradient at most (1/N)");
        DoubleColumn underflow = DoubleColumn.create("gradients underflowed (%)");
        DoubleColumn zeros = DoubleColumn.create("gradients that are zero (%)");
        DoubleColumn loss = DoubleColumn.create("final loss");
        DoubleColumn accuracy = DoubleColumn.create("test accuracy (%)");
        for (RunReport run : runs) {
            long n = run.config().globalBatch();
            batch.append(powerOfTwo(n));
            largest.append(String.format(Locale.ROOT, "%.2e", 1.0 / n));
            underflow.append(100 * run.underflowFraction());
            zeros.append(100 * run.zeroFraction());
            loss.append(run.finalLoss());
            accuracy.append(100 * run.testAccuracy());
        }
        underflow.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        zeros.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        loss.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        accuracy.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create(precision.label() + " with each loss gradient divided by N, " + config.steps() + " steps each",
                batch, largest, underflow, zeros, loss, accuracy);
    }

    private static String powerOfTwo(long n) {
        String grouped = String.format(Locale.ROOT, "%,d", n);
        return Long.bitCount(n) == 1 ? "2^" + Long.numberOfTrailingZeros(n) + " = " + grouped : grouped;
    }

    @Override
    public String toString() {
        return table().printAll();
    }

    @Override
    public String toHtml() {
        return TableHtml.of(table()) + "<p style=\"font-size:0.9em\">"
                + HtmlText.escape("Everything but N is as in the chapter's runs; N = 2^11 is the plain mean over the 2,048 rows.") + "</p>";
    }
}
