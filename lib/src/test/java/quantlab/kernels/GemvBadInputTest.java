package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;

/** Bad shapes and formats fail loudly, naming the parameter and showing the value. */
class GemvBadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    private static final float[] VALUES = {1, -2, 3, 4, 0.5f, 6, -7, 8, 1, 2, 3, 4};

    @Test
    void xLengthNotCols() {
        Fp32Weights fp32 = Fp32Weights.of(new float[8], 2, 4);
        rejects(() -> fp32.multiply(new float[3]), "x length", "3");
        rejects(() -> fp32.multiply(new float[5], new float[2]), "x length", "5");
        rejects(() -> fp32.multiply(new float[4], new float[3]), "y length", "3");
        Int8RowWeights int8 = Int8RowWeights.of(new byte[8], new float[] {1, 1}, 2, 4);
        rejects(() -> int8.multiply(new float[6]), "x length", "6");
        Int4GroupWeights int4 = Int4GroupWeights.of(new byte[4], new float[] {1, 1}, 2, 4, 4);
        rejects(() -> int4.multiply(new float[2]), "x length", "2");
        rejects(() -> int4.multiply(null), "x", "null");
    }

    @Test
    void groupSizeNotDividingCols() {
        rejects(() -> Int4GroupWeights.of(new byte[4], new float[2], 2, 4, 6), "groupSize", "6");
        rejects(() -> Int4GroupWeights.bytesFor(8192, 8192, 96), "groupSize", "96");
    }

    @Test
    void oddGroupSize() {
        rejects(() -> Int4GroupWeights.of(new byte[3], new float[4], 2, 3, 3), "groupSize", "3");
        rejects(() -> Int4GroupWeights.of(new byte[1], new float[2], 1, 2, 1), "groupSize", "1");
        QuantizedTensor odd = Quantizer.symmetric(4).with(Granularity.perGroup(3)).quantize(VALUES, 2, 6);
        rejects(() -> Int4GroupWeights.from(odd), "groupSize", "3");
    }

    @Test
    void bitsNotExpected() {
        QuantizedTensor int4 = Quantizer.symmetric(4).with(Granularity.perRow()).quantize(VALUES, 3, 4);
        rejects(() -> Int8RowWeights.from(int4), "bits", "4");
        QuantizedTensor int8 = Quantizer.symmetric(8).with(Granularity.perGroup(2)).quantize(VALUES, 3, 4);
        rejects(() -> Int4GroupWeights.from(int8), "bits", "8");
    }

    @Test
    void schemeOrGranularityNotExpected() {
        rejects(() -> Int8RowWeights.from(Quantizer.asymmetric(8).with(Granularity.perRow()).quantize(VALUES, 3, 4)),
                "scheme", "asym");
        rejects(() -> Int8RowWeights.from(Quantizer.symmetric(8).quantize(VALUES, 3, 4)), "granularity",
                "per tensor");
        rejects(() -> Int4GroupWeights.from(Quantizer.symmetric(4).with(Granularity.perRow()).quantize(VALUES, 3, 4)),
                "granularity", "per channel");
        rejects(() -> Int4GroupWeights.from(new QuantizedTensor(new int[] {1, 2}, new float[] {1}, new int[] {0}, 1,
                2, 4, QuantScheme.ASYMMETRIC, Granularity.perGroup(2))), "scheme", "asym");
    }

    @Test
    void lengthsNotMatchingShape() {
        rejects(() -> Fp32Weights.of(new float[7], 2, 4), "values length", "7");
        rejects(() -> Fp32Weights.of(new float[0], 0, 4), "rows", "0");
        rejects(() -> Int8RowWeights.of(new byte[9], new float[2], 2, 4), "codes length", "9");
        rejects(() -> Int8RowWeights.of(new byte[8], new float[3], 2, 4), "scales length", "3");
        rejects(() -> Int8RowWeights.of(new byte[8], new float[] {1, 0}, 2, 4), "scales[1]", "0.0");
        rejects(() -> Int4GroupWeights.of(new byte[8], new float[2], 2, 4, 4), "packed length", "8");
        rejects(() -> Int4GroupWeights.of(new byte[4], new float[4], 2, 4, 4), "scales length", "4");
        rejects(() -> Int4GroupWeights.of(new byte[4], new float[] {1, Float.NaN}, 2, 4, 4), "scales[1]", "NaN");
    }
}
