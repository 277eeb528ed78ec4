package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails with the parameter's name and the value in the message. */
class FormatsBadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    @Test
    void unknownFormatNames() {
        rejects(() -> StorageFormat.of("fp12"), "format", "fp12");
        rejects(() -> StorageFormat.of(null), "format", "null");
        rejects(() -> FloatFormat.of("int4"), "format", "int4");
        rejects(() -> IntFormat.of("bf16"), "format", "bf16");
        rejects(() -> IntFormat.of("int3"), "format", "int3");
    }

    @Test
    void bitsOutOfRange() {
        rejects(() -> FloatFormat.FP16.decode(65536), "bits", "65536");
        rejects(() -> FloatFormat.FP16.decode(-1), "bits", "-1");
        rejects(() -> FloatFormat.FP8_E4M3FN.decode(256), "bits", "256");
        rejects(() -> FloatFormat.BF16.isNaN(1 << 20), "bits", String.valueOf(1 << 20));
        rejects(() -> IntFormat.INT4.dequantize(8, 1f), "code", "8");
        rejects(() -> IntFormat.UINT4.bitString(-1), "code", "-1");
    }

    @Test
    void badScales() {
        rejects(() -> IntFormat.INT8.quantize(1, Float.NaN), "scale", "NaN");
        rejects(() -> IntFormat.INT8.quantize(1, 0f), "scale", "0.0");
        rejects(() -> IntFormat.INT4.grid(-0.5f), "scale", "-0.5");
        rejects(() -> IntFormat.INT4.withScale(Float.POSITIVE_INFINITY), "scale", "Infinity");
        rejects(() -> IntFormat.INT8.dequantize(1, Float.MAX_VALUE), "scale", String.valueOf(Float.MAX_VALUE));
        rejects(() -> IntFormat.INT8.quantize(Double.NaN, 1f), "x", "NaN");
        rejects(() -> IntFormat.INT4.absmaxScale(0), "absmax", "0.0");
    }

    @Test
    void badLayoutsAndRanges() {
        rejects(() -> new FloatLayout(1, 9, 3, 7), "exponentBits", "9");
        rejects(() -> new FloatLayout(1, 4, 0, 7), "mantissaBits", "0");
        rejects(() -> new FloatLayout(2, 4, 3, 7), "signBits", "2");
        rejects(() -> FloatFormat.define("wide", new FloatLayout(1, 8, 7, 100), SpecialValues.IEEE), "bias", "100");
        rejects(() -> FloatFormat.define(" ", FloatLayout.of(4, 3), SpecialValues.IEEE), "name", "' '");
        rejects(() -> FloatFormat.FP16.countBetween(Double.NaN, 1), "lo", "NaN");
        rejects(() -> FloatFormat.FP16.countBetween(2, 1), "lo", "2.0");
        rejects(() -> FloatFormat.FP32.valuesBetween(0.5, 1.5), "hi", "1.5");
        rejects(() -> FormatTables.layouts(List.of()), "formats", "[]");
        rejects(() -> NumberLine.figure(0, 1, List.of()), "sets", "[]");
    }
}
