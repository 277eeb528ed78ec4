package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Hand figures for one decode step, from Horowitz's 45 nm table (the values are copied from the paper). */
class DecodeEnergyTest {

    @Test
    void theTableHoldsThePublishedFigures() {
        assertEquals(640, OperationEnergy.DRAM_READ_32_BIT.picojoules(), 0);
        assertEquals(0.03, OperationEnergy.INT8_ADD.picojoules(), 0);
        assertEquals(3.7, OperationEnergy.FP32_MULTIPLY.picojoules(), 0);
        assertEquals(160, DecodeEnergy.DRAM_PICOJOULES_PER_BYTE, 0, "640 pJ / 4 bytes");
    }

    @Test
    void seventyBInFp16() {
        DecodeEnergy e = new DecodeEnergy(ModelPreset.NOMINAL_70B, WeightFormat.FP16);
        // 140e9 bytes x 160 pJ = 22.4 J; 70e9 x (1.1 + 0.4) pJ = 0.105 J; 22.4 / 0.105 = 213.33
        assertEquals(22.4, e.movingJoules(), 1e-9);
        assertEquals(0.105, e.computingJoules(), 1e-12);
        assertEquals(213.333, e.movingOverComputing(), 0.001);
    }

    @Test
    void sevenBInFp32AndInt4() {
        DecodeEnergy fp32 = new DecodeEnergy(ModelPreset.NOMINAL_7B, WeightFormat.FP32);
        // 28e9 x 160 pJ = 4.48 J; 7e9 x 4.6 pJ = 0.0322 J
        assertEquals(4.48, fp32.movingJoules(), 1e-9);
        assertEquals(0.0322, fp32.computingJoules(), 1e-12);
        DecodeEnergy int4 = new DecodeEnergy(ModelPreset.NOMINAL_7B, WeightFormat.INT4);
        // 3.5e9 x 160 pJ = 0.56 J, an eighth of fp32; 7e9 x (0.2 + 0.1) pJ = 0.0021 J
        assertEquals(0.56, int4.movingJoules(), 1e-9);
        assertEquals(0.0021, int4.computingJoules(), 1e-12);
        assertEquals(8.0, fp32.movingJoules() / int4.movingJoules(), 1e-12);
    }

    @Test
    void tableHasARowPerModelAndFormat() {
        Table t = DecodeEnergy.table(List.of(ModelPreset.NOMINAL_7B, ModelPreset.NOMINAL_70B),
                List.of(WeightFormat.FP32, WeightFormat.INT4));
        assertEquals(4, t.rowCount());
        assertEquals(35.0, t.doubleColumn("weights read (GB)").get(3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> DecodeEnergy.table(List.of(), List.of(WeightFormat.FP32)));
    }
}
