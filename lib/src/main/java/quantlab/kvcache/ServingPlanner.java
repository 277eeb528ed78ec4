package quantlab.kvcache;

import java.util.Locale;
import java.util.Objects;
import quantlab.memory.ByteSize;
import quantlab.memory.Gpu;
import quantlab.memory.GroupOverhead;
import quantlab.memory.MemoryBudget;
import quantlab.memory.WeightFormat;

/**
 * Chapter 1's fit check turned into a capacity plan: given the memory that does not grow with traffic (weights with
 * their overhead, runtime, workspace) and the KV bytes per token, it answers the three serving questions: how many
 * requests fit at a context length, how long a context fits at N requests, and how many GPUs N requests need.
 *
 * @param fixed       the fixed terms (chapter 1's {@link MemoryBudget})
 * @param kvPerToken  KV bytes that one token of one request adds
 * @param maxContext  the model's context length: no plan may ask for more tokens per request
 */
public record ServingPlanner(MemoryBudget fixed, ByteSize kvPerToken, long maxContext) {

    /** vLLM's default {@code gpu_memory_utilization}: it plans with 90 % of the card. */
    public static final double VLLM_DEFAULT_UTILIZATION = 0.90;

    public ServingPlanner {
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(kvPerToken, "kvPerToken");
        if (kvPerToken.bytes() <= 0) {
            throw new IllegalArgumentException("kvPerToken must be positive, got " + kvPerToken.bytes() + " bytes");
        }
        if (maxContext <= 0) {
            throw new IllegalArgumentException("maxContext must be positive, got " + maxContext);
        }
    }

    /** A planner from given fixed terms and KV bytes per token, with no context limit (as in a seed's example). */
    public static ServingPlanner of(MemoryBudget fixed, ByteSize kvPerToken) {
        return new ServingPlanner(fixed, kvPerToken, Long.MAX_VALUE);
    }

    /**
     * A planner for a real model: its weights in {@code weights} with {@code groups} metadata (chapter 1's
     * {@code ModelPreset.weights}), a runtime overhead term, and its KV cache in {@code kv}.
     */
    public static ServingPlanner of(ModelConfig model, WeightFormat weights, GroupOverhead groups,
                                    ByteSize runtimeOverhead, KvFormat kv) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(runtimeOverhead, "runtimeOverhead");
        Objects.requireNonNull(kv, "kv");
        MemoryBudget fixed = MemoryBudget.named(model.name() + ", " + weights.label() + " weights, " + kv.label() + " KV")
                .add("weights (" + weights.label() + (groups.isNone() ? "" : ", " + groups) + ")",
                        model.preset().weights(weights, groups))
                .runtimeOverhead(runtimeOverhead);
        return new ServingPlanner(fixed, model.kvPerToken(kv), model.contextLength());
    }

    /** The plan for {@code gpuCount} x {@code gpu} at {@code context} tokens per request. */
    public ServingPlan plan(Gpu gpu, int gpuCount, long context, double utilization) {
        Objects.requireNonNull(gpu, "gpu");
        if (gpuCount <= 0) {
            throw new IllegalArgumentException("gpuCount must be positive, got " + gpuCount);
        }
        checkContext(context);
        checkUtilization(utilization);
        return new ServingPlan(fixed, gpu, gpuCount, context, kvPerToken, utilization);
    }

    /** The same on one card. */
    public ServingPlan plan(Gpu gpu, long context, double utilization) {
        return plan(gpu, 1, context, utilization);
    }

    /**
     * The longest context every one of {@code requests} concurrent requests can have: free memory (inside the
     * margin) / (requests x KV per token), rounded down and capped at the model's context; 0 when none fits.
     */
    public long longestContext(Gpu gpu, int gpuCount, long requests, double utilization) {
        if (requests <= 0) {
            throw new IllegalArgumentException("requests must be positive, got " + requests);
        }
        ServingPlan p = plan(gpu, gpuCount, 1, utilization);
        ByteSize free = p.freeForKvWithMargin();
        if (free.isNegative()) {
            return 0;
        }
        long tokens = free.bytes() / Math.multiplyExact(kvPerToken.bytes(), requests);
        return Math.min(tokens, maxContext);
    }

    /**
     * The fewest cards of this kind on which {@code requests} requests of {@code context} tokens fit inside the
     * margin (capacities add up, the fixed terms are counted once); at most {@code limit}.
     *
     * @throws IllegalArgumentException when even {@code limit} cards are not enough
     */
    public int gpusNeeded(Gpu gpu, long requests, long context, double utilization, int limit) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative, got " + requests);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        for (int n = 1; n <= limit; n++) {
            if (plan(gpu, n, context, utilization).maxConcurrencyWithMargin() >= requests) {
                return n;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "requests %,d at %,d tokens do not fit on %d x %s", requests, context, limit, gpu.name()));
    }

    private void checkContext(long context) {
        if (context <= 0) {
            throw new IllegalArgumentException("context must be positive, got " + context);
        }
        if (context > maxContext) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "context %,d is longer than the model's context length of %,d", context, maxContext));
        }
    }

    private static void checkUtilization(double utilization) {
        if (!(utilization > 0 && utilization <= 1)) {
            throw new IllegalArgumentException("utilization must be in (0, 1], got " + utilization);
        }
    }
}
