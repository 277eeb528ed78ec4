package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import quantlab.memory.WeightFormat;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/** The chapter's tables and charts, and the one source of bits per parameter that chapter 1 also reads. */
class FormatTablesTest {

    @Test
    void chapterOneReadsItsBitsFromHere() {
        for (WeightFormat weight : WeightFormat.values()) {
            StorageFormat format = StorageFormat.of(weight.label());
            assertEquals(format.bits(), weight.bits(), weight.label());
            assertEquals(format.bytesPerParameter(), weight.bytesPerParameter(), 0.0, weight.label());
        }
    }

    @Test
    void layoutTable() {
        Table t = FormatTables.layouts(StorageFormat.all());
        assertEquals(8, t.rowCount());
        assertEquals("fp32", t.stringColumn("format").get(0));
        assertEquals("23", t.stringColumn("mantissa").get(0));
        assertEquals("7", t.stringColumn("mantissa").get(2));
        assertEquals("7", t.stringColumn("bias").get(3));
        assertEquals(4, t.intColumn("bits").get(6));
    }

    @Test
    void bytesPerParameterTable() {
        Table t = FormatTables.bytesPerParameter(StorageFormat.all());
        assertEquals(4.0, t.doubleColumn("bytes per parameter").get(0), 0.0);
        assertEquals(2.0, t.doubleColumn("bytes per parameter").get(2), 0.0);
        assertEquals(1.0, t.doubleColumn("bytes per parameter").get(3), 0.0);
        assertEquals(0.5, t.doubleColumn("bytes per parameter").get(7), 0.0);
        assertEquals("1/8", t.stringColumn("memory vs fp32").get(6));
    }

    @Test
    void storedTableAndCharts() {
        List<NumberSet> sets = List.of(FloatFormat.FP32, FloatFormat.FP16, FloatFormat.BF16,
                IntFormat.INT4.withScale(1f / 7));
        Table stored = FormatTables.stored(0.1, sets);
        assertEquals("0.0999755859375", stored.stringColumn("stored value (exact)").get(1));
        Table window = NumberLine.table(0.5, 1.5, sets);
        assertEquals(12_582_913L, window.longColumn("values in window").get(0));
        assertEquals(4L, window.longColumn("values in window").get(3));
        Figure line = NumberLine.figure(0.5, 1.5, sets);
        assertTrue(line.asJavascript("n").contains("too dense"), "fp32 is drawn as a solid line");
        assertEquals(12.04, DynamicRange.of(FloatFormat.FP16).decades(), 0.01);
        assertEquals(Math.log10(7), DynamicRange.of(IntFormat.INT4.withScale(0.3f)).decades(), 1e-6);
        Table ranges = DynamicRange.table(sets);
        assertEquals(4, ranges.rowCount());
        assertTrue(DynamicRange.chart(sets).asJavascript("d").contains("log"));
    }
}
