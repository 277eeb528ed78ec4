package quantlab.bench;

/**
 * One kernel's measured time per product at a shape, thread count and regime.
 *
 * @param kernel      which kernel
 * @param weightBytes the bytes of weights one product reads
 * @param threads     threads per product
 * @param cold        true when the weights were cycled through copies larger than the last-level cache
 * @param ms          mean milliseconds per product
 * @param errorMs     half-width of JMH's 99.9% confidence interval, NaN when it had too few samples
 */
public record KernelTime(GemvKernel kernel, long weightBytes, int threads, boolean cold, double ms, double errorMs) {

    /** Weight bytes read per second, in GB/s (1e9 bytes). */
    public double weightGBs() {
        return weightBytes / (ms * 1e6);
    }
}
