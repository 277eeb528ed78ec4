package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails loudly, with the parameter's name and the value in the message; never a silent NaN. */
class BadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    @Test
    void zeroOrNegativeParameterCounts() {
        rejects(() -> WeightStorage.raw(0, WeightFormat.FP16), "parameters", "0");
        rejects(() -> WeightStorage.raw(-7_000_000_000L, WeightFormat.FP16), "parameters", "-7000000000");
        rejects(() -> ModelPreset.of("broken", -1), "parameters", "-1");
        rejects(() -> ModelPreset.of("empty", 0), "parameters", "0");
        rejects(() -> ModelPreset.ofBillions("minus", -70), "billions", "-70.0");
    }

    @Test
    void parameterCountTooLargeForBits() {
        rejects(() -> WeightStorage.raw(Long.MAX_VALUE, WeightFormat.FP32), "parameters", String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void unknownFormatName() {
        rejects(() -> WeightFormat.of("fp12"), "format", "fp12");
        rejects(() -> WeightFormat.of(""), "format", "''");
        rejects(() -> WeightFormat.of(null), "format", "null");
    }

    @Test
    void nanAndInfinity() {
        rejects(() -> ByteSize.ofGB(Double.NaN), "gb", "NaN");
        rejects(() -> ByteSize.ofGB(Double.POSITIVE_INFINITY), "gb", "Infinity");
        rejects(() -> ByteSize.ofGiB(Double.NEGATIVE_INFINITY), "gib", "-Infinity");
        rejects(() -> MemoryBudget.named("x").addGB("runtime overhead", Double.NaN), "runtime overhead", "NaN");
        rejects(() -> ModelPreset.ofBillions("x", Double.NaN), "billions", "NaN");
        rejects(() -> Gpu.ofGB("x", Double.POSITIVE_INFINITY), "gb", "Infinity");
    }

    @Test
    void negativeSizes() {
        rejects(() -> ByteSize.ofGB(-1), "gb", "-1.0");
        rejects(() -> ByteSize.ofBits(-8), "bits", "-8");
        rejects(() -> MemoryBudget.named("x").addGB("workspace", -2), "workspace", "-2.0");
        rejects(() -> MemoryBudget.named("x").add("workspace", ByteSize.ofBytes(-5)), "workspace", "-5");
        rejects(() -> Gpu.ofGB("zero card", 0), "capacity", "0");
    }

    @Test
    void groupOverheadFields() {
        rejects(() -> new GroupOverhead(0, 16, 16), "groupSize", "0");
        rejects(() -> GroupOverhead.fp16ScaleAndZeroPoint(-128), "groupSize", "-128");
        rejects(() -> new GroupOverhead(128, -16, 16), "scaleBits", "-16");
        rejects(() -> new GroupOverhead(128, 16, -1), "zeroPointBits", "-1");
    }

    @Test
    void blankNamesAndEmptyLists() {
        rejects(() -> MemoryBudget.named(" "), "title", "' '");
        rejects(() -> MemoryBudget.named("x").addGB("", 1), "name", "''");
        rejects(() -> WeightMemoryTable.inGB(List.of(), List.of(WeightFormat.FP16)), "models", "[]");
        rejects(() -> WeightMemoryChart.of(List.of(ModelPreset.NOMINAL_7B), List.of(), Gpu.presets()), "formats", "[]");
    }
}
