package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WeightFormatTest {

    @Test
    void bitsPerFormat() {
        assertEquals(32, WeightFormat.FP32.bits());
        assertEquals(16, WeightFormat.FP16.bits());
        assertEquals(16, WeightFormat.BF16.bits());
        assertEquals(8, WeightFormat.INT8.bits());
        assertEquals(4, WeightFormat.INT4.bits());
        assertEquals(0.5, WeightFormat.INT4.bytesPerParameter(), 0.0);
        assertEquals(2.0, WeightFormat.BF16.bytesPerParameter(), 0.0);
    }

    @Test
    void lookupIgnoresCaseAndSpaces() {
        assertEquals(WeightFormat.FP16, WeightFormat.of("fp16"));
        assertEquals(WeightFormat.FP16, WeightFormat.of("FP16"));
        assertEquals(WeightFormat.BF16, WeightFormat.of(" Bf16 "));
        assertEquals(WeightFormat.BF16, WeightFormat.of("bfloat16"));
        assertEquals(WeightFormat.INT4, WeightFormat.of("INT4"));
        assertEquals(WeightFormat.INT8, WeightFormat.of("int8"));
        assertEquals(WeightFormat.FP32, WeightFormat.of("float32"));
    }

    @Test
    void labelIsTheShortName() {
        assertEquals("bf16", WeightFormat.BF16.label());
        assertEquals("int4", WeightFormat.INT4.toString());
    }
}
