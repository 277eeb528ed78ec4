package quantlab.kvcache;

import java.util.List;
import java.util.Locale;
import quantlab.display.Displayable;
import quantlab.display.HtmlText;
import quantlab.memory.ByteSize;
import quantlab.memory.Gpu;
import quantlab.memory.MemoryBudget;
import quantlab.memory.MemoryTerm;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The planner's answer for one GPU set-up and context length: every fixed term, what is left for the KV cache,
 * the cache of one request, and the largest number of concurrent requests that fits, both on the full card and
 * inside the safety margin.
 *
 * @param fixed        weights, runtime overhead, workspace: memory that does not grow with traffic
 * @param gpu          the card
 * @param gpuCount     how many of them share the model (capacity adds up; fixed terms are counted once)
 * @param context      tokens per request
 * @param kvPerToken   KV bytes one token adds to one request
 * @param utilization  the fraction of capacity the plan may fill, as vLLM's {@code gpu_memory_utilization}
 *                     (0.90 by default there); 1.0 means no margin
 */
public record ServingPlan(MemoryBudget fixed, Gpu gpu, int gpuCount, long context, ByteSize kvPerToken,
                          double utilization) implements Displayable {

    /** Memory on all cards together. */
    public ByteSize capacity() {
        return ByteSize.ofBytes(Math.multiplyExact(gpu.capacity().bytes(), (long) gpuCount));
    }

    /** The capacity the plan may use: capacity x utilization, rounded down to a byte. */
    public ByteSize usable() {
        return ByteSize.ofBytes((long) Math.floor(capacity().bytes() * utilization));
    }

    /** The margin held back: capacity less usable. */
    public ByteSize margin() {
        return capacity().minus(usable());
    }

    /** Everything that does not grow with traffic. */
    public ByteSize fixedTotal() {
        return fixed.total();
    }

    /** What the full card leaves for KV caches after the fixed terms (negative when the model does not fit). */
    public ByteSize freeForKv() {
        return capacity().minus(fixedTotal());
    }

    /** What is left for KV caches inside the margin. */
    public ByteSize freeForKvWithMargin() {
        return usable().minus(fixedTotal());
    }

    /** One request's KV cache at {@link #context()} tokens. */
    public ByteSize kvPerRequest() {
        return ByteSize.ofBytes(Math.multiplyExact(kvPerToken.bytes(), context));
    }

    /** Requests that fit on the full card: free / per request, rounded down; 0 when nothing is free. */
    public long maxConcurrency() {
        return fitting(freeForKv());
    }

    /** Requests that fit inside the margin. */
    public long maxConcurrencyWithMargin() {
        return fitting(freeForKvWithMargin());
    }

    /** The unrounded quotient free / per request, as a seed writes "33 / 2.5 = 13.2". */
    public double concurrencyQuotient() {
        return freeForKv().bytes() / (double) kvPerRequest().bytes();
    }

    private long fitting(ByteSize free) {
        if (free.isNegative() || kvPerRequest().bytes() == 0) {
            return 0;
        }
        return free.bytes() / kvPerRequest().bytes();
    }

    /** Fixed terms, totals and the two concurrencies as a table, GB and GiB side by side. */
    public Table toTable() {
        StringColumn names = StringColumn.create("term");
        DoubleColumn gb = DoubleColumn.create("GB (10^9 B)");
        DoubleColumn gib = DoubleColumn.create("GiB (2^30 B)");
        for (MemoryTerm term : fixed.terms()) {
            row(names, gb, gib, term.name(), term.size());
        }
        row(names, gb, gib, "fixed total", fixedTotal());
        row(names, gb, gib, "capacity: " + gpuCount + " x " + gpu.name(), capacity());
        row(names, gb, gib, "free for KV (full card)", freeForKv());
        row(names, gb, gib, String.format(Locale.ROOT, "free for KV (%.0f %% utilization)", utilization * 100),
                freeForKvWithMargin());
        row(names, gb, gib, String.format(Locale.ROOT, "KV per request (%,d tokens)", context), kvPerRequest());
        gb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        gib.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create(caption(), names, gb, gib);
    }

    private static void row(StringColumn n, DoubleColumn gb, DoubleColumn gib, String name, ByteSize size) {
        n.append(name);
        gb.append(size.gb());
        gib.append(size.gib());
    }

    private String caption() {
        return fixed.title() + " on " + gpuCount + " x " + gpu.name() + ", " + context + " tokens per request";
    }

    /** The verdict line: concurrency on the full card and inside the margin. */
    public String verdict() {
        return String.format(Locale.ROOT, "max concurrency %d (%.2f before rounding down); %d inside %.0f %% utilization",
                maxConcurrency(), concurrencyQuotient(), maxConcurrencyWithMargin(), utilization * 100);
    }

    @Override
    public String toString() {
        return toTable().print() + System.lineSeparator() + verdict();
    }

    @Override
    public String toHtml() {
        return quantlab.display.TableHtml.of(toTable()) + "<p><b>" + HtmlText.escape(verdict()) + "</b></p>";
    }

    /** The fixed terms, for callers that want them without the table. */
    public List<MemoryTerm> fixedTerms() {
        return fixed.terms();
    }
}
