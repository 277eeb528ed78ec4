package quantlab.kernels;

import java.util.ArrayList;
import java.util.List;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/**
 * One decode step's product, y = W x, on the same Gaussian weights stored four ways (fp32, int8 per row, int4 per
 * group of 128 with float x, and int4 with x quantized to int8: W4A8), each on its fastest kernel in this JVM and
 * split over a pool of threads: what fewer weight bytes buy in time and what they cost in accuracy, measured side
 * by side. It computes only; a notebook draws the table.
 */
public final class DecodeFormats {

    /** Calls on the first 64 rows before timing (the bench's GemvBenchmark makes 1,500 too). */
    static final int JIT_CALLS = 1500;

    private DecodeFormats() {
    }

    /**
     * One format's product.
     *
     * @param format       the kernel's label, such as "int4 g128 w4a8 simd"
     * @param weightBytes  bytes of weights (codes plus scales) one product reads
     * @param msPerProduct median milliseconds of one product (same weights every time)
     * @param weightGBs    weight bytes / time, GB/s
     * @param outputError  relative rms error of y against y computed in double from the fp32 weights
     */
    public record Row(String format, long weightBytes, double msPerProduct, double weightGBs, double outputError) {
    }

    /**
     * Builds rows x cols Gaussian weights and a Gaussian x (seeded), stores them four ways and times each product on
     * {@code threads} threads for about {@code secondsPerFormat} seconds after a warm-up.
     *
     * @throws IllegalArgumentException if rows or cols is below 1, cols is not a multiple of 128, threads is below
     *                                  1 or secondsPerFormat is not positive
     */
    public static List<Row> measure(int rows, int cols, int threads, double secondsPerFormat, long seed) {
        GemvWeights.checkShape(rows, cols);
        if (cols % 128 != 0) {
            throw new IllegalArgumentException("cols must be a multiple of 128 (int4 groups), got " + cols);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(secondsPerFormat > 0)) {
            throw new IllegalArgumentException("secondsPerFormat must be positive, got " + secondsPerFormat);
        }
        FormatErrors.Problem p = FormatErrors.Problem.gaussian(rows, cols, seed);
        float[] w = p.w();
        float[] x = p.x();
        double[] exact = p.y();
        List<GemvWeights> kernels = new ArrayList<>();
        kernels.add(PrefillDecode.fastest(Fp32Weights.of(w, rows, cols)));
        QuantizedTensor q8 = Quantizer.symmetric(8).with(Granularity.perRow()).quantize(w, rows, cols);
        kernels.add(PrefillDecode.fastest(Int8RowWeights.from(q8)));
        q8 = null;
        Int4GroupWeights int4 = Int4GroupWeights.from(Quantizer.symmetric(4).with(Granularity.perGroup(128))
                .quantize(w, rows, cols));
        kernels.add(PrefillDecode.fastest(int4));
        kernels.add(PrefillDecode.fastest(Int4GroupA8Weights.of(int4)));
        List<Row> out = new ArrayList<>();
        try (KernelThreads pool = KernelThreads.of(threads)) {
            for (GemvWeights k : kernels) {
                ThreadedGemv t = ThreadedGemv.of(k, pool);
                float[] y = new float[rows];
                // Many short calls first, as the bench makes, so that the JIT compiles the kernel's method as a
                // whole before it is timed: a product of thousands of rows is a single call.
                for (int i = 0; i < JIT_CALLS; i++) {
                    k.multiplyRows(x, y, 0, Math.min(rows, 64));
                }
                double seconds = PrefillDecode.medianSeconds(() -> t.multiply(x, y), secondsPerFormat);
                out.add(new Row(k.label(), k.weightBytes(), seconds * 1e3, k.weightBytes() / seconds / 1e9,
                        FormatErrors.relativeRms(y, exact)));
            }
        }
        return out;
    }
}
