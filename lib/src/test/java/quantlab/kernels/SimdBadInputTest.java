package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.quantization.Granularity;
import quantlab.quantization.Quantizer;

/** The SIMD kernels reject bad input as the scalar ones do: IllegalArgumentException naming parameter and value. */
class SimdBadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    @Test
    void vectorLengths() {
        SimdFp32Weights fp32 = SimdFp32Weights.of(new float[8], 2, 4);
        rejects(() -> fp32.multiply(new float[3]), "x length", "3");
        rejects(() -> fp32.multiply(new float[4], new float[5]), "y length", "5");
        SimdInt8RowWeights int8 = SimdInt8RowWeights.of(Int8RowWeights.of(new byte[8], new float[] {1, 1}, 2, 4));
        rejects(() -> int8.multiply(new float[17]), "x length", "17");
        SimdInt4GroupWeights int4 =
                SimdInt4GroupWeights.of(Int4GroupWeights.of(new byte[32], new float[] {1, 1}, 2, 32, 32));
        rejects(() -> int4.multiply(new float[31]), "x length", "31");
        rejects(() -> int4.multiply(null), "x", "null");
    }

    @Test
    void groupSizeNotAMultipleOf32() {
        rejects(() -> SimdInt4GroupWeights.of(Int4GroupWeights.of(new byte[16], new float[] {1, 1}, 1, 32, 16)),
                "groupSize", "16");
        float[] values = new float[2 * 96];
        values[0] = 1;
        rejects(() -> SimdInt4GroupWeights.from(Quantizer.symmetric(4).with(Granularity.perGroup(48))
                .quantize(values, 2, 96)), "groupSize", "48");
    }

    @Test
    void missingWeightsOrWrongFormat() {
        rejects(() -> SimdFp32Weights.of(null), "weights", "null");
        rejects(() -> SimdInt8RowWeights.of(null), "weights", "null");
        rejects(() -> SimdInt4GroupWeights.of(null), "weights", "null");
        rejects(() -> SimdFp32Weights.of(new float[7], 2, 4), "values length", "7");
        float[] values = {1, -2, 3, 4, 0.5f, 6, -7, 8};
        rejects(() -> SimdInt8RowWeights.from(Quantizer.symmetric(4).with(Granularity.perRow())
                .quantize(values, 2, 4)), "bits", "4");
        rejects(() -> SimdInt4GroupWeights.from(Quantizer.symmetric(8).with(Granularity.perGroup(2))
                .quantize(values, 2, 4)), "bits", "8");
    }
}
