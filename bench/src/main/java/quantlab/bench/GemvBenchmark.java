package quantlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import quantlab.kernels.GemvWeights;

/** One GEMV product y = W x per operation, single-threaded, for each kernel at one shape. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemvBenchmark {

    /** Which kernel (JMH runs one trial per value). */
    @Param
    public GemvKernel kernel;

    /** Output channels. */
    @Param("8192")
    public int rows;

    /** Input channels. */
    @Param("8192")
    public int cols;

    /** int4 weights per scale. */
    @Param("128")
    public int groupSize;

    private GemvWeights weights;
    private float[] x;
    private float[] y;

    /** Builds the weights and the input once per trial: building 8192 x 8192 takes longer than many products. */
    @Setup
    public void build() {
        weights = kernel.build(rows, cols, groupSize, 42);
        SplittableRandom rnd = new SplittableRandom(7);
        x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        y = new float[rows];
    }

    /** One product; returning y keeps JMH from treating the work as dead. */
    @Benchmark
    public float[] multiply() {
        weights.multiply(x, y);
        return y;
    }
}
