package quantlab.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The bit sweep tells the codes a ruler has apart from the codes the data lands on. */
class BitSweepColumnsTest {

    @Test
    void availableAndUsedCodesDiffer() {
        // Four values, symmetric per tensor: at 2 bits the ruler has {-1, 0, 1} and all three are hit;
        // at 8 bits it has 255 codes but four values can land on at most four of them.
        float[] x = {-1f, 0f, 0.5f, 1f};
        Table t = QuantizationTables.bitSweep(x, 1, 4, Quantizer.symmetric(4));
        assertEquals(3, t.intColumn("codes available").get(0));
        assertEquals(3, t.intColumn("codes used").get(0));
        assertEquals(255, t.intColumn("codes available").get(6));
        assertEquals(4, t.intColumn("codes used").get(6));
    }
}
