package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;
import quantlab.model.MiniLm;
import quantlab.model.OnnxModel;
import quantlab.model.QdqCompute;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;

/**
 * The writer's files are read by ONNX Runtime, which knows nothing of our code: each expected output below is
 * computed in the test from the definition of the format (scale = absmax / 7, codes rounded half to even, ...)
 * and compared with what ONNX Runtime computes from the bytes we wrote.
 */
class QuantizedModelWriterTest {

    private static final int N = 3;

    /** A [k, n] weight with an outlier in column 1, so the columns and blocks get different scales. */
    private static float[] weights(int k) {
        float[] w = new float[k * N];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < N; j++) {
                w[i * N + j] = (float) (0.1 * (j + 1) * Math.sin(1.3 * i + 2.1 * j));
            }
        }
        w[5 * N + 1] = 2.0f;
        w[20 * N + 2] = -0.9f;
        return w;
    }

    private static float[] input(int k) {
        float[] x = new float[k];
        for (int i = 0; i < k; i++) {
            x[i] = (float) Math.cos(0.7 * i) + 0.25f;
        }
        return x;
    }

    /** y_n = sum_k x_k * dequantized W[k][n], in double. */
    private static double[] product(float[] x, double[] deq, int k) {
        double[] y = new double[N];
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < k; i++) {
                y[j] += x[i] * deq[i * N + j];
            }
        }
        return y;
    }

    /** Symmetric dequantized values of W, one scale per column n and block of {@code block} rows k. */
    private static double[] symmetricBlocks(float[] w, int k, int block, int maxCode) {
        double[] deq = new double[w.length];
        for (int j = 0; j < N; j++) {
            for (int b0 = 0; b0 < k; b0 += block) {
                double absmax = 0;
                for (int i = b0; i < b0 + block; i++) {
                    absmax = Math.max(absmax, Math.abs(w[i * N + j]));
                }
                float scale = (float) (absmax / maxCode);
                for (int i = b0; i < b0 + block; i++) {
                    double code = Math.max(-maxCode, Math.min(maxCode, Math.rint(w[i * N + j] / (double) scale)));
                    deq[i * N + j] = code * scale;
                }
            }
        }
        return deq;
    }

    private static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), "output " + i);
        }
    }

    private static void assertQuantizedAwayFromFp32(float[] x, float[] w, int k, float[] actual) {
        double[] exact = product(x, toDouble(w), k);
        double diff = 0;
        for (int j = 0; j < N; j++) {
            diff = Math.max(diff, Math.abs(exact[j] - actual[j]));
        }
        assertTrue(diff > 1e-4, "the output should show quantization error, differs from fp32 by only " + diff);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void matMulNBitsSymmetricMatchesTheFormatDefinition() throws Exception {
        int k = 32;
        float[] w = weights(k);
        OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(w, k, N, 11),
                WeightRecipe.int4Group(16, QuantScheme.SYMMETRIC));
        assertEquals(List.of("MatMulNBits"), TinyModels.ops(q));
        float[] x = input(k);
        float[] y = TinyModels.run(q, "x", x, 1, k);
        assertClose(product(x, symmetricBlocks(w, k, 16, 7), k), y);
        assertQuantizedAwayFromFp32(x, w, k, y);
    }

    @Test
    void matMulNBitsAsymmetricWithAnOddNumberOfBlocksMatchesTheFormatDefinition() throws Exception {
        int k = 48; // three blocks of 16 per column: the zero points of a column take one and a half bytes
        float[] w = weights(k);
        OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(w, k, N, 11),
                WeightRecipe.int4Group(16, QuantScheme.ASYMMETRIC));
        double[] deq = new double[w.length];
        for (int j = 0; j < N; j++) {
            for (int b0 = 0; b0 < k; b0 += 16) {
                double lo = 0;
                double hi = 0;
                for (int i = b0; i < b0 + 16; i++) {
                    lo = Math.min(lo, w[i * N + j]);
                    hi = Math.max(hi, w[i * N + j]);
                }
                float scale = (float) ((hi - lo) / 15);
                double zero = Math.max(0, Math.min(15, Math.rint(-lo / scale)));
                for (int i = b0; i < b0 + 16; i++) {
                    double code = Math.max(0, Math.min(15, Math.rint(w[i * N + j] / (double) scale) + zero));
                    deq[i * N + j] = (code - zero) * scale;
                }
            }
        }
        float[] x = input(k);
        float[] y = TinyModels.run(q, "x", x, 1, k);
        assertClose(product(x, deq, k), y);
        assertQuantizedAwayFromFp32(x, w, k, y);
    }

    @Test
    void dequantizeLinearPerChannelMatchesTheFormatDefinition() throws Exception {
        int k = 32;
        float[] w = weights(k);
        OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(w, k, N, 11), WeightRecipe.int8PerChannel());
        assertEquals(List.of("DequantizeLinear", "MatMul"), TinyModels.ops(q));
        assertEquals(13, q.proto().getOpsetImport(0).getVersion());
        float[] x = input(k);
        float[] y = TinyModels.run(q, "x", x, 1, k);
        assertClose(product(x, symmetricBlocks(w, k, k, 127), k), y); // one block of all k rows = one column
        assertQuantizedAwayFromFp32(x, w, k, y);
    }

    @Test
    void onnxRuntimesDefaultFusionAlsoQuantizesTheActivations() throws Exception {
        // By default ONNX Runtime fuses DequantizeLinear + MatMul into MatMulNBits at accuracy level 4, which
        // rounds the activations to int8 as well: the result leaves the weight-only definition behind.
        int k = 32;
        float[] w = weights(k);
        OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(w, k, N, 11), WeightRecipe.int8PerChannel());
        float[] x = input(k);
        double[] definition = product(x, symmetricBlocks(w, k, k, 127), k);
        float[] y = TinyModels.run(QdqCompute.RUNTIME_DEFAULT, q, "x", x, 1, k);
        double diff = 0;
        for (int j = 0; j < N; j++) {
            diff = Math.max(diff, Math.abs(definition[j] - y[j]));
        }
        assertTrue(diff > 1e-4, "expected the int8-activation kernel to differ, max difference " + diff);
    }

    @Test
    void dequantizeLinearPerTensorUsesOneScalarScale() throws Exception {
        int k = 32;
        float[] w = weights(k);
        OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(w, k, N, 11), WeightRecipe.int8PerTensor());
        OnnxMl.TensorProto scale = q.tensorProto("W_scale");
        assertEquals(0, scale.getDimsCount(), "a per-tensor scale is a scalar");
        double absmax = 0;
        for (float v : w) {
            absmax = Math.max(absmax, Math.abs(v));
        }
        float s = (float) (absmax / 127);
        double[] deq = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            deq[i] = Math.max(-127, Math.min(127, Math.rint(w[i] / (double) s))) * s;
        }
        float[] x = input(k);
        assertClose(product(x, deq, k), TinyModels.run(q, "x", x, 1, k));
    }

    @Test
    void embeddingTablesBecomeInt8WithOneScalePerRow() throws Exception {
        int rows = 5;
        int width = 4;
        float[] table = {
            0.1f, -0.2f, 0.3f, 0.05f,
            1.0f, 2.0f, -3.0f, 0.5f,
            0f, 0f, 0f, 0f,
            -0.01f, 0.02f, 0.015f, -0.005f,
            7f, 1f, 0f, -7f};
        OnnxModel q = QuantizedModelWriter.write(TinyModels.gather(table, rows, width, 11),
                WeightRecipe.int8PerChannel());
        assertEquals("INT8", q.initializer("table_quantized").dataType());
        long[] ids = {3, 0, 2, 4};
        float[] y = TinyModels.runIds(q, ids);
        double[] expected = new double[ids.length * width];
        for (int r = 0; r < ids.length; r++) {
            int row = (int) ids[r];
            double absmax = 0;
            for (int c = 0; c < width; c++) {
                absmax = Math.max(absmax, Math.abs(table[row * width + c]));
            }
            float s = absmax == 0 ? 1f : (float) (absmax / 127);
            for (int c = 0; c < width; c++) {
                expected[r * width + c] = Math.rint(table[row * width + c] / (double) s) * s;
            }
        }
        assertClose(expected, y);
        assertEquals(0f, y[2 * width], "the all-zero row must come back as exact zeros");
    }

    @Test
    void zeroPointsArePackedTwoPerBytePerChannel() {
        // channels 2, blocks 3: channel 0 -> bytes [z0 | z1 << 4, z2], channel 1 -> [z3 | z4 << 4, z5]
        byte[] packed = QuantizedModelWriter.packZeroPoints(new int[] {1, 2, 3, 15, 0, 9}, 2, 3);
        assertArrayEquals(new byte[] {(byte) 0x21, 0x03, (byte) 0x0F, 0x09}, packed);
        assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.packZeroPoints(new int[] {16}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.packZeroPoints(new int[] {1}, 1, 2));
    }

    @Test
    void miniLmKeepsOnlySmallFloatTensorsAndRewritesEveryWeightMatrix() {
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel int8 = QuantizedModelWriter.write(fp32, WeightRecipe.int8PerChannel());
        List<String> ops = TinyModels.ops(int8);
        // 6 layers x 6 weight matrices, plus the word, position and token-type embedding tables
        assertEquals(36 + 3, Collections.frequency(ops, "DequantizeLinear"));
        assertEquals(0, int8.matMulWeights().size(), "no MatMul may still read a float weight");
        int8.initializers().stream().filter(i -> i.isFloat() && !i.name().endsWith("_scale"))
                .forEach(i -> assertTrue(i.elements() <= MiniLm.INTERMEDIATE, i + " should be a bias or norm"));

        OnnxModel int4 = QuantizedModelWriter.write(fp32, WeightRecipe.int4Group(128, QuantScheme.ASYMMETRIC));
        List<String> ops4 = TinyModels.ops(int4);
        assertEquals(36, Collections.frequency(ops4, "MatMulNBits"));
        assertEquals(12, Collections.frequency(ops4, "MatMul"), "the two attention products per layer stay MatMul");
        assertTrue(int4.proto().getOpsetImportList().stream()
                .anyMatch(o -> o.getDomain().equals("com.microsoft") && o.getVersion() == 1));
    }

    @Test
    void recipesRejectWhatTheirOperatorCannotHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WeightRecipe("x", 8,
                QuantScheme.SYMMETRIC, Granularity.perGroup(32), WeightRecipe.Encoding.MATMUL_NBITS));
        assertTrue(e.getMessage().contains("bits") && e.getMessage().contains("8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightRecipe.int4Group(96, QuantScheme.SYMMETRIC));
        assertTrue(e.getMessage().contains("power-of-two") && e.getMessage().contains("96"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightRecipe.int4Group(8, QuantScheme.SYMMETRIC));
        assertTrue(e.getMessage().contains("8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightRecipe("x", 4, QuantScheme.SYMMETRIC,
                Granularity.perGroup(32), WeightRecipe.Encoding.DEQUANTIZE_LINEAR));
        assertTrue(e.getMessage().contains("per tensor or per channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightRecipe("x", 9, QuantScheme.SYMMETRIC,
                Granularity.perTensor(), WeightRecipe.Encoding.DEQUANTIZE_LINEAR));
        assertTrue(e.getMessage().contains("bits") && e.getMessage().contains("9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.write(null,
                WeightRecipe.int8PerChannel()));
        assertTrue(e.getMessage().contains("fp32"), e.getMessage());
    }

    @Test
    void aGroupThatDoesNotDivideTheInputWidthIsRefused() {
        int k = 48;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.write(
                TinyModels.matMul(weights(k), k, N, 11), WeightRecipe.int4Group(32, QuantScheme.SYMMETRIC)));
        assertTrue(e.getMessage().contains("groupSize") && e.getMessage().contains("32")
                && e.getMessage().contains("48"), e.getMessage());
    }

    @Test
    void aWeightHoldingNaNIsRefused() {
        int k = 32;
        float[] w = weights(k);
        w[7] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.write(
                TinyModels.matMul(w, k, N, 11), WeightRecipe.int8PerChannel()));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    /** Codes a method chose (not RTN's) reach ONNX Runtime as they are, through both encodings. */
    @Test
    void writesTheCodesAMethodChoseInsteadOfRoundingItself() throws Exception {
        int k = 32;
        float[] w = weights(k);
        for (WeightRecipe recipe : List.of(WeightRecipe.of(quantlab.quantization.Recipe.rtn(3, QuantScheme.SYMMETRIC,
                Granularity.perGroup(16))), WeightRecipe.of(quantlab.quantization.Recipe.rtn(4,
                QuantScheme.ASYMMETRIC, Granularity.perGroup(16))), WeightRecipe.int8PerChannel())) {
            quantlab.quantization.Granularity g = recipe.granularity();
            int slots = g.scaleCount(N, k);
            int[] codes = new int[N * k];
            float[] scales = new float[slots];
            int[] zeros = new int[slots];
            int lo = recipe.scheme().minCode(recipe.bits());
            int span = recipe.scheme().maxCode(recipe.bits()) - lo + 1;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < k; i++) {
                    codes[n * k + i] = lo + (3 * n + 5 * i) % span; // not what rounding w would give
                }
            }
            for (int s = 0; s < slots; s++) {
                scales[s] = 0.01f * (s + 1);
                zeros[s] = recipe.scheme() == QuantScheme.SYMMETRIC ? 0 : s % span + lo;
            }
            // Expected: y_n = sum_i x_i (code - zero) * scale, from the codes given, in [out, in] = [n, i].
            float[] x = input(k);
            double[] expected = new double[N];
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < k; i++) {
                    int s = g.scaleIndex(n, i, k);
                    expected[n] += x[i] * (codes[n * k + i] - zeros[s]) * (double) scales[s];
                }
            }
            quantlab.quantization.QuantizedTensor chosen = new quantlab.quantization.QuantizedTensor(codes, scales,
                    zeros, N, k, recipe.bits(), recipe.scheme(), g);
            OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(w, k, N, 11), recipe,
                    java.util.Map.of("W", chosen));
            assertClose(expected, TinyModels.run(q, "x", x, 1, k));
        }
        quantlab.quantization.QuantizedTensor wrongShape = quantlab.quantization.Quantizer.symmetric(8)
                .with(Granularity.perRow()).quantize(new float[k * N], k, N);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.write(
                TinyModels.matMul(w, k, N, 11), WeightRecipe.int8PerChannel(), java.util.Map.of("W", wrongShape)));
        assertTrue(e.getMessage().contains("'W'") && e.getMessage().contains("3 x 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantizedModelWriter.write(
                TinyModels.matMul(w, k, N, 11), WeightRecipe.int8PerChannel(), java.util.Map.of("V", wrongShape)));
        assertTrue(e.getMessage().contains("chosen") && e.getMessage().contains("V"), e.getMessage());
    }

    /** A recipe value picks its storage and names its file without string matching by the caller. */
    @Test
    void recipeValuesChooseTheirStorageAndName() {
        quantlab.quantization.Recipe int3 = quantlab.quantization.Recipe.rtn(3, QuantScheme.SYMMETRIC,
                Granularity.perGroup(128));
        WeightRecipe w3 = WeightRecipe.of(int3);
        assertEquals(WeightRecipe.Encoding.MATMUL_NBITS, w3.encoding());
        assertEquals("int3 g128 symmetric (int4 bytes)", w3.label());
        assertEquals("int3-g128-symmetric", ModelVariant.nameFor(w3, quantlab.quantization.Recipe.Method.RTN));
        assertEquals("gptq-int3-g128-symmetric", ModelVariant.nameFor(w3,
                quantlab.quantization.Recipe.Method.GPTQ));
        WeightRecipe perChannel = WeightRecipe.of(quantlab.quantization.Recipe.rtn(4, QuantScheme.SYMMETRIC,
                Granularity.perRow()));
        assertEquals(WeightRecipe.Encoding.DEQUANTIZE_LINEAR, perChannel.encoding());
        assertEquals("int4 per channel symmetric (int8 bytes)", perChannel.label());
        assertEquals(int3, w3.recipe());
        // The chapter 5 recipes keep their names, so chapter 5's variant files keep theirs.
        assertEquals("int4-g128-symmetric", ModelVariant.nameFor(WeightRecipe.int4Group(128, QuantScheme.SYMMETRIC),
                quantlab.quantization.Recipe.Method.RTN));
    }
}
