package quantlab.transformer;

import java.util.Arrays;

/**
 * One linear layer, {@code y = x W + b}, stored the way the forward pass reads it: one array per input channel
 * holding that channel's weights to every output ({@code weight[in][out]}, the ONNX file's own layout).
 *
 * <p>Why this layout: the product becomes a sum of scaled weight rows ({@code y += x[i] * weight[i]}), an inner
 * loop over outputs with no reduction and the same index on both arrays, which HotSpot's C2 compiler turns into
 * SIMD instructions by itself (a dot-product loop would be a floating-point reduction, which C2 may not reorder
 * and so leaves scalar). That keeps notebooks, which run without {@code jdk.incubator.vector}, fast. The
 * course's public layout for a weight matrix is [out, in] (a row per output channel, as chapter 5's quantizers
 * take it); {@link #fromOutIn} and {@link #toOutIn} convert.
 *
 * <p>Measured on the course's 2-core machine, one thread, against EJML 0.44's {@code CommonOps_FDRM.mult} on the
 * same float32 products (12 and 2,516 tokens times each of MiniLM's three matrix shapes): these loops ran at 9 to
 * 25 GFLOP/s, EJML at 2 to 4, 5 to 8 times slower, so the course keeps its own loops and adds no dependency.
 *
 * @param weight {@code weight[i][o]}: input channel i's weight to output o
 * @param bias   one value per output
 */
record Linear(float[][] weight, float[] bias) {

    /** Tokens multiplied together, so each weight row loaded from memory is used for this many tokens. */
    static final int TOKEN_TILE = 8;

    Linear {
        if (weight.length == 0 || weight[0].length != bias.length) {
            throw new IllegalArgumentException("weight must be [in][out] with out = bias length " + bias.length
                    + ", got " + weight.length + " rows of " + (weight.length == 0 ? 0 : weight[0].length));
        }
    }

    int inputs() {
        return weight.length;
    }

    int outputs() {
        return bias.length;
    }

    /** y[t] = x[t] W + b for every token t. */
    float[][] apply(float[][] x) {
        int in = inputs();
        int out = outputs();
        float[][] y = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            if (x[t].length != in) {
                throw new IllegalArgumentException("x[" + t + "] must have " + in + " values, got " + x[t].length);
            }
            y[t] = bias.clone();
        }
        for (int t0 = 0; t0 < x.length; t0 += TOKEN_TILE) {
            int t1 = Math.min(x.length, t0 + TOKEN_TILE);
            int i = 0;
            for (; i + 4 <= in; i += 4) { // four input channels per pass: each y[o] is loaded and stored once
                float[] w0 = weight[i], w1 = weight[i + 1], w2 = weight[i + 2], w3 = weight[i + 3];
                for (int t = t0; t < t1; t++) {
                    float x0 = x[t][i], x1 = x[t][i + 1], x2 = x[t][i + 2], x3 = x[t][i + 3];
                    float[] yt = y[t];
                    for (int o = 0; o < out; o++) {
                        yt[o] += x0 * w0[o] + x1 * w1[o] + x2 * w2[o] + x3 * w3[o];
                    }
                }
            }
            for (; i < in; i++) {
                float[] w = weight[i];
                for (int t = t0; t < t1; t++) {
                    float xi = x[t][i];
                    float[] yt = y[t];
                    for (int o = 0; o < out; o++) {
                        yt[o] += xi * w[o];
                    }
                }
            }
        }
        return y;
    }

    /** From a matrix in the course's [out, in] layout, row-major. */
    static Linear fromOutIn(float[] outIn, int out, int in, float[] bias) {
        if (outIn.length != out * in) {
            throw new IllegalArgumentException("weight must hold out x in = " + out + " x " + in + " = " + out * in
                    + " values, got " + outIn.length);
        }
        float[][] w = new float[in][out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[i][o] = outIn[o * in + i];
            }
        }
        return new Linear(w, bias.clone());
    }

    /** From ONNX's [in, out] row-major layout. */
    static Linear fromInOut(float[] inOut, int in, int out, float[] bias) {
        float[][] w = new float[in][];
        for (int i = 0; i < in; i++) {
            w[i] = Arrays.copyOfRange(inOut, i * out, (i + 1) * out);
        }
        return new Linear(w, bias.clone());
    }

    /** The weights in the course's [out, in] layout, row-major. */
    float[] toOutIn() {
        int in = inputs();
        int out = outputs();
        float[] m = new float[out * in];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                m[o * in + i] = weight[i][o];
            }
        }
        return m;
    }
}
