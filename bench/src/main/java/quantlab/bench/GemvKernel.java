package quantlab.bench;

import java.util.SplittableRandom;
import quantlab.kernels.Fp32Weights;
import quantlab.kernels.GemvWeights;
import quantlab.kernels.Int4GroupA8Weights;
import quantlab.kernels.Int4GroupWeights;
import quantlab.kernels.Int8RowWeights;
import quantlab.kernels.Q4_0Weights;
import quantlab.kernels.Q8_0Weights;
import quantlab.kernels.SimdQ4_0Weights;
import quantlab.kernels.SimdQ8_0Weights;
import quantlab.kernels.SimdFp32Weights;
import quantlab.kernels.SimdInt4GroupA8Weights;
import quantlab.kernels.SimdInt4GroupWeights;
import quantlab.kernels.SimdInt8RowWeights;

/**
 * The kernels the bench times: each weight format in its scalar and its Vector API version, with random weights
 * (a product's time does not depend on the values, only on the bytes and the instructions).
 */
public enum GemvKernel {

    /** Scalar fp32: the baseline the course starts from. */
    FP32(false),
    /** Vector API fp32: the best fp32 kernel, the baseline the quantized ones must beat. */
    FP32_SIMD(true),
    /** Scalar int8, one scale per row. */
    INT8(false),
    /** Vector API int8, one scale per row. */
    INT8_SIMD(true),
    /** Scalar int4, one scale per group. */
    INT4(false),
    /** Vector API int4, one scale per group, lane layout. */
    INT4_SIMD(true),
    /** Scalar W4A8: the same int4 weights times x quantized to int8 per group, summed in integers. */
    INT4_A8(false),
    /** Vector API W4A8: 16-bit integer products, no code converted to float. */
    INT4_A8_SIMD(true),
    /** Scalar Q8_0 over ggml's bytes: an fp16 scale per 32 int8 codes. */
    Q8_0(false),
    /** Vector API Q8_0. */
    Q8_0_SIMD(true),
    /** Scalar Q4_0 over ggml's bytes: an fp16 scale per 32 offset nibbles. */
    Q4_0(false),
    /** Vector API Q4_0. */
    Q4_0_SIMD(true);

    private final boolean simd;

    GemvKernel(boolean simd) {
        this.simd = simd;
    }

    /** Whether this kernel uses the Vector API. */
    public boolean simd() {
        return simd;
    }

    /** The table's name for this kernel at a group size, such as "int4 g128 simd". */
    public String label(int groupSize) {
        String format = switch (this) {
            case FP32, FP32_SIMD -> "fp32";
            case INT8, INT8_SIMD -> "int8 per-row";
            case INT4, INT4_SIMD -> "int4 g" + groupSize;
            case INT4_A8, INT4_A8_SIMD -> "int4 g" + groupSize + " w4a8";
            case Q8_0, Q8_0_SIMD -> "Q8_0";
            case Q4_0, Q4_0_SIMD -> "Q4_0";
        };
        return simd ? format + " simd" : format;
    }

    /** The weight bytes (codes plus scales) one product reads. */
    public long weightBytes(int rows, int cols, int groupSize) {
        return switch (this) {
            case FP32, FP32_SIMD -> Fp32Weights.bytesFor(rows, cols);
            case INT8, INT8_SIMD -> Int8RowWeights.bytesFor(rows, cols);
            case INT4, INT4_SIMD, INT4_A8, INT4_A8_SIMD -> Int4GroupWeights.bytesFor(rows, cols, groupSize);
            case Q8_0, Q8_0_SIMD -> Q8_0Weights.bytesFor(rows, cols);
            case Q4_0, Q4_0_SIMD -> Q4_0Weights.bytesFor(rows, cols);
        };
    }

    /** Random weights of this format and shape, seeded. */
    public GemvWeights build(int rows, int cols, int groupSize, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = Math.multiplyExact(rows, cols);
        return switch (this) {
            case FP32 -> fp32(n, rows, cols, rnd);
            case FP32_SIMD -> SimdFp32Weights.of(fp32(n, rows, cols, rnd));
            case INT8 -> int8(n, rows, cols, rnd);
            case INT8_SIMD -> SimdInt8RowWeights.of(int8(n, rows, cols, rnd));
            case INT4 -> int4(n, rows, cols, groupSize, rnd);
            case INT4_SIMD -> SimdInt4GroupWeights.of(int4(n, rows, cols, groupSize, rnd));
            case INT4_A8 -> Int4GroupA8Weights.of(int4(n, rows, cols, groupSize, rnd));
            case INT4_A8_SIMD -> SimdInt4GroupA8Weights.of(int4(n, rows, cols, groupSize, rnd));
            case Q8_0 -> Q8_0Weights.of(blocks(rows, cols, Q8_0Weights.BLOCK_BYTES, rnd), rows, cols);
            case Q8_0_SIMD -> SimdQ8_0Weights.of(Q8_0Weights.of(blocks(rows, cols, Q8_0Weights.BLOCK_BYTES, rnd), rows,
                    cols));
            case Q4_0 -> Q4_0Weights.of(blocks(rows, cols, Q4_0Weights.BLOCK_BYTES, rnd), rows, cols);
            case Q4_0_SIMD -> SimdQ4_0Weights.of(Q4_0Weights.of(blocks(rows, cols, Q4_0Weights.BLOCK_BYTES, rnd), rows,
                    cols));
        };
    }

    private static Fp32Weights fp32(int n, int rows, int cols, SplittableRandom rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        return Fp32Weights.of(v, rows, cols);
    }

    private static Int8RowWeights int8(int n, int rows, int cols, SplittableRandom rnd) {
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
            codes[i] = (byte) rnd.nextInt(-127, 128);
        }
        return Int8RowWeights.of(codes, scales(rows, rnd), rows, cols);
    }

    private static Int4GroupWeights int4(int n, int rows, int cols, int groupSize, SplittableRandom rnd) {
        byte[] packed = new byte[n / 2];
        rnd.nextBytes(packed);
        return Int4GroupWeights.of(packed, scales(rows * (cols / groupSize), rnd), rows, cols, groupSize);
    }

    /** Random ggml blocks: random code bytes, and in each block's first two bytes an fp16 scale from 0.001 to 0.011. */
    private static byte[] blocks(int rows, int cols, int blockBytes, SplittableRandom rnd) {
        byte[] data = new byte[Math.multiplyExact(rows * (cols / 32), blockBytes)];
        rnd.nextBytes(data);
        for (int at = 0; at < data.length; at += blockBytes) {
            short d = Float.floatToFloat16((float) rnd.nextDouble(0.001, 0.011));
            data[at] = (byte) d;
            data[at + 1] = (byte) (d >> 8);
        }
        return data;
    }

    private static float[] scales(int n, SplittableRandom rnd) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) rnd.nextDouble(0.001, 0.011);
        }
        return s;
    }
}
