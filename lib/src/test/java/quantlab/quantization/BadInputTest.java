package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails loudly with the parameter's name and the value in the message. */
class BadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    @Test
    void nanAndInfinity() {
        rejects(() -> Quantizer.symmetric(4).quantize(new float[] {1f, Float.NaN}), "values", "NaN");
        rejects(() -> Quantizer.asymmetric(8).quantize(new float[] {Float.POSITIVE_INFINITY}), "values", "Infinity");
        rejects(() -> BlockFormat.Q4_0.quantize(new float[] {Float.NEGATIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), "values", "-Infinity");
        rejects(() -> QuantError.between(new float[] {Float.NaN}, new float[] {0f}), "values", "NaN");
    }

    @Test
    void bitsOutsideTwoToEight() {
        rejects(() -> Quantizer.symmetric(1), "bits", "1");
        rejects(() -> Quantizer.asymmetric(9), "bits", "9");
        rejects(() -> QuantScheme.SYMMETRIC.maxCode(16), "bits", "16");
    }

    @Test
    void groupSizeThatDoesNotDivide() {
        Quantizer q = Quantizer.symmetric(4).with(Granularity.perGroup(3));
        rejects(() -> q.quantize(new float[8], 1, 8), "groupSize", "3");
        rejects(() -> Granularity.perGroup(0), "groupSize", "0");
        rejects(() -> Granularity.perChannel(2), "axis", "2");
    }

    @Test
    void mismatchedShapes() {
        rejects(() -> Quantizer.symmetric(4).quantize(new float[5], 2, 3), "values", "5");
        rejects(() -> Quantizer.symmetric(4).quantize(new float[][] {{1f, 2f}, {3f}}), "matrix", "1");
        rejects(() -> QuantError.between(new float[4], new float[3]), "reconstructed", "3");
        rejects(() -> BlockFormat.Q8_0.quantize(new float[31]), "block", "31");
        rejects(() -> BlockFormat.Q4_0.roundTrip(new float[40]), "values", "40");
        rejects(() -> new QuantizedTensor(new int[4], new float[] {1f, 1f}, new int[2], 2, 2, 4,
                QuantScheme.SYMMETRIC, Granularity.perTensor()), "scales", "2");
    }

    @Test
    void emptyRecipeLists() {
        rejects(() -> QuantizationTables.compare(new float[4], 1, 4, java.util.List.of()), "recipes", "[]");
    }

    @Test
    void codesThatDoNotFit() {
        rejects(() -> Int4Packing.packSigned(new int[] {8}), "codes[0]", "8");
        rejects(() -> Int4Packing.packUnsigned(new int[] {0, -1}), "codes[1]", "-1");
        rejects(() -> Int4Packing.unpackSigned(new byte[1], 3), "count", "3");
        rejects(() -> Quantizer.symmetric(8).quantize(new float[] {1f}).packInt4(), "bits", "8");
        rejects(() -> new QuantizedTensor(new int[] {-8}, new float[] {1f}, new int[1], 1, 1, 4,
                QuantScheme.SYMMETRIC, Granularity.perTensor()), "codes[0]", "-8");
    }
}
