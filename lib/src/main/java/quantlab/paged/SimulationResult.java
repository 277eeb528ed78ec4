package quantlab.paged;

import java.util.List;

/**
 * What one policy did with one trace: the record of every step, and the summary figures chapter 10 compares.
 *
 * @param policy      the policy
 * @param capacity    KV memory in token slots
 * @param blockSize   tokens per block (paged only; 1 otherwise)
 * @param steps       one record per decode step while anything was running or waiting
 * @param finished    requests completed
 * @param preemptions sequences evicted and requeued because a block was needed and none was free (paged only)
 */
public record SimulationResult(Policy policy, long capacity, int blockSize, List<StepRecord> steps, int finished,
                               int preemptions) {

    public SimulationResult {
        steps = List.copyOf(steps);
    }

    /** Decode steps until the last request finished. */
    public long makespan() {
        return steps.size();
    }

    /** The largest batch that ran at once. */
    public int maxBatch() {
        return steps.stream().mapToInt(StepRecord::running).max().orElse(0);
    }

    /** The mean batch over all steps. */
    public double meanBatch() {
        return steps.stream().mapToInt(StepRecord::running).average().orElse(0);
    }

    /** Mean share of capacity holding tokens. */
    public double usedShare() {
        return share(StepRecord::used);
    }

    public double reservedShare() {
        return share(StepRecord::reserved);
    }

    public double internalShare() {
        return share(StepRecord::internal);
    }

    public double externalShare() {
        return share(StepRecord::external);
    }

    /** Of the memory the policy had allocated or made unusable, the share that held no token. */
    public double wasteOfAllocated() {
        double waste = steps.stream().mapToLong(StepRecord::wasted).sum();
        double total = waste + steps.stream().mapToLong(StepRecord::used).sum();
        return total == 0 ? 0 : waste / total;
    }

    /** The most internal waste per running sequence seen in any step, in slots. */
    public double worstInternalPerSequence() {
        return steps.stream().filter(s -> s.running() > 0)
                .mapToDouble(s -> s.internal() / (double) s.running()).max().orElse(0);
    }

    /** Requests finished per decode step. */
    public double throughput() {
        return steps.isEmpty() ? 0 : finished / (double) steps.size();
    }

    private double share(java.util.function.ToLongFunction<StepRecord> part) {
        return steps.stream().mapToLong(part).average().orElse(0) / capacity;
    }
}
