package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class WeightMemoryTableTest {

    private static final List<ModelPreset> SEED_MODELS =
            List.of(ModelPreset.NOMINAL_7B, ModelPreset.NOMINAL_13B, ModelPreset.NOMINAL_70B);
    private static final List<WeightFormat> SEED_FORMATS =
            List.of(WeightFormat.FP32, WeightFormat.FP16, WeightFormat.INT8, WeightFormat.INT4);

    @Test
    void seedTableInGb() {
        Table table = WeightMemoryTable.inGB(SEED_MODELS, SEED_FORMATS);
        assertEquals(3, table.rowCount());
        assertEquals(List.of("model", "parameters", "fp32 (GB)", "fp16 (GB)", "int8 (GB)", "int4 (GB)"),
                table.columnNames());
        double[][] expected = {{28, 14, 7, 3.5}, {52, 26, 13, 6.5}, {280, 140, 70, 35}};
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(expected[row][col], table.doubleColumn(col + 2).get(row), 1e-12);
            }
        }
        assertEquals(70_000_000_000L, table.longColumn("parameters").get(2));
    }

    @Test
    void sameTableInGib() {
        Table table = WeightMemoryTable.inGiB(SEED_MODELS, SEED_FORMATS);
        // 140e9 / 2^30 = 130.385...; 28e9 / 2^30 = 26.077...
        assertEquals(130.385, table.doubleColumn("fp16 (GiB)").get(2), 0.0005);
        assertEquals(26.077, table.doubleColumn("fp32 (GiB)").get(0), 0.0005);
    }

    @Test
    void chartHasABarPerFormatAndALinePerCapacity() {
        Figure figure = WeightMemoryChart.of(SEED_MODELS, SEED_FORMATS, Gpu.presets());
        // 4 bar traces; the seven presets report seven different capacities, so 7 lines
        assertEquals(11, figure.getTraces().length);
        String js = figure.asJavascript("chart");
        assertTrue(js.contains("'bar'") || js.contains("\"bar\""), js);
        // 23,034 MiB = 24,152,899,584 B = 24.2 GB = 22.5 GiB; 143,771 MiB = 150,754,820,096 B = 140.4 GiB
        assertTrue(js.contains("24.2 GB = 22.5 GiB: NVIDIA L4"), js);
        assertTrue(js.contains("150.8 GB = 140.4 GiB: NVIDIA H200"), js);
    }

    @Test
    void remediesTableHasFiveOptions() {
        Table table = FitRemedy.table();
        assertEquals(5, table.rowCount());
        assertEquals(List.of("option", "what you do", "what it costs"), table.columnNames());
        assertEquals("Quantize", table.stringColumn("option").get(2));
    }
}
