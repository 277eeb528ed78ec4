package quantlab.bench;

/**
 * One prefill GEMM's measured time per product.
 *
 * @param kernel  whose weights and row product
 * @param threads threads per product
 * @param flop    floating-point operations per product: 2 x rows x cols x tokens
 * @param ms      mean milliseconds per product
 * @param errorMs half-width of JMH's 99.9% confidence interval, NaN when it had too few samples
 */
public record GemmTime(GemvKernel kernel, int threads, long flop, double ms, double errorMs) {

    /** Floating-point operations per second, in GFLOP/s. */
    public double gflops() {
        return flop / (ms * 1e6);
    }
}
