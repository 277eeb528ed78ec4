package quantlab.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory a deployment asks for, as named terms (weights, runtime overhead, workspace, anything else), so the
 * fit check can show the whole bill rather than the weights alone. Immutable: every {@code add} returns a new
 * budget.
 *
 * @param title what is being deployed, used as the report's caption
 * @param terms the terms in the order they were added
 */
public record MemoryBudget(String title, List<MemoryTerm> terms) {

    public MemoryBudget {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank, got " + (title == null ? "null" : "'" + title + "'"));
        }
        if (terms == null) {
            throw new IllegalArgumentException("terms must not be null");
        }
        terms = List.copyOf(terms);
    }

    /** An empty budget with a caption, ready for {@code add} calls. */
    public static MemoryBudget named(String title) {
        return new MemoryBudget(title, List.of());
    }

    /** This budget with one more term. */
    public MemoryBudget add(String term, ByteSize size) {
        List<MemoryTerm> more = new ArrayList<>(terms);
        more.add(new MemoryTerm(term, size));
        return new MemoryBudget(title, more);
    }

    /** This budget with one more term given in decimal GB, for example {@code addGB("runtime overhead", 5)}. */
    public MemoryBudget addGB(String term, double gb) {
        if (Double.isNaN(gb) || Double.isInfinite(gb) || gb < 0) {
            throw new IllegalArgumentException("gb for '" + term + "' must be a finite, non-negative number, got " + gb);
        }
        return add(term, ByteSize.ofGB(gb));
    }

    /** Adds a term named "weights". */
    public MemoryBudget weights(ByteSize size) {
        return add("weights", size);
    }

    /** Adds a term named "runtime overhead": CUDA context, allocator reserve, kernels. */
    public MemoryBudget runtimeOverhead(ByteSize size) {
        return add("runtime overhead", size);
    }

    /** Adds a term named "workspace": scratch buffers such as dequantization or activation space. */
    public MemoryBudget workspace(ByteSize size) {
        return add("workspace", size);
    }

    /** This budget followed by every term of {@code other}; the title stays this budget's. */
    public MemoryBudget plus(MemoryBudget other) {
        List<MemoryTerm> more = new ArrayList<>(terms);
        more.addAll(other.terms());
        return new MemoryBudget(title, more);
    }

    /** The sum of all terms. */
    public ByteSize total() {
        ByteSize sum = ByteSize.ZERO;
        for (MemoryTerm term : terms) {
            sum = sum.plus(term.size());
        }
        return sum;
    }

    /** The fit check: this budget against {@code gpu}'s capacity. */
    public FitReport against(Gpu gpu) {
        return new FitReport(this, gpu);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(title).append(": ");
        for (int i = 0; i < terms.size(); i++) {
            out.append(i == 0 ? "" : " + ").append(terms.get(i));
        }
        return out.append(" = ").append(total()).toString();
    }
}
