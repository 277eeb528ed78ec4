package quantlab.bench;

/**
 * One kernel's measured time per product at a shape.
 *
 * @param kernel      which kernel
 * @param weightBytes the bytes of weights one product reads
 * @param ms          mean milliseconds per product
 * @param errorMs     half-width of JMH's 99.9% confidence interval, NaN when it had too few samples
 */
public record KernelTime(GemvKernel kernel, long weightBytes, double ms, double errorMs) {

    /** Weight bytes read per second, in GB/s (1e9 bytes). */
    public double weightGBs() {
        return weightBytes / (ms * 1e6);
    }
}
