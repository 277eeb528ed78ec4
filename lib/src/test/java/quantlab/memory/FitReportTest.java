package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class FitReportTest {

    private final FitReport scenarioA = MemoryBudget.named("Scenario A")
            .addGB("weights", 42).addGB("runtime overhead", 5).against(Gpu.ofGB("an 80 GB card", 80));

    @Test
    void listsEveryTermInOrder() {
        List<MemoryTerm> terms = scenarioA.terms();
        assertEquals(List.of("weights", "runtime overhead"), terms.stream().map(MemoryTerm::name).toList());
        assertEquals(42_000_000_000L, terms.get(0).size().bytes());
        assertEquals(5_000_000_000L, terms.get(1).size().bytes());
    }

    @Test
    void isImmutable() {
        assertThrows(UnsupportedOperationException.class,
                () -> scenarioA.terms().add(new MemoryTerm("sneaky", ByteSize.ZERO)));
        MemoryBudget base = MemoryBudget.named("base").addGB("weights", 1);
        MemoryBudget more = base.addGB("workspace", 1);
        assertEquals(1, base.terms().size());
        assertEquals(2, more.terms().size());
    }

    @Test
    void exactFitCountsAsFitting() {
        FitReport full = MemoryBudget.named("full").addGB("weights", 80).against(Gpu.ofGB("an 80 GB card", 80));
        assertEquals(0, full.headroom().bytes());
        assertTrue(full.fits());
        FitReport oneByteOver = MemoryBudget.named("over").addGB("weights", 80)
                .add("one byte", ByteSize.ofBytes(1)).against(Gpu.ofGB("an 80 GB card", 80));
        assertFalse(oneByteOver.fits());
    }

    @Test
    void plainTextTableHasTermsTotalsAndVerdict() {
        String text = scenarioA.toString();
        assertTrue(text.contains("Scenario A on an 80 GB card"), text);
        assertTrue(text.contains("runtime overhead"), text);
        // 47e9 / 2^30 = 43.77..., 33e9 / 2^30 = 30.73...
        assertTrue(text.matches("(?s).*total\\s+47\\.00\\s+43\\.77.*"), text);
        assertTrue(text.matches("(?s).*headroom\\s+33\\.00\\s+30\\.73.*"), text);
        assertTrue(text.contains("FITS, 33.00 GB left"), text);

        String short70 = MemoryBudget.named("70B fp16").addGB("weights", 140).against(Gpu.ofGB("an 80 GB card", 80)).toString();
        assertTrue(short70.contains("DOES NOT FIT, short by 60.00 GB"), short70);
        assertTrue(short70.matches("(?s).*headroom\\s+-60\\.00\\s+-55\\.88.*"), short70);
    }

    @Test
    void htmlIsAFragmentAndEscapesText() {
        String html = MemoryBudget.named("<script>alert('x')</script> & co")
                .addGB("a<b", 1).against(Gpu.ofGB("card \"X\"", 2)).toHtml();
        assertTrue(html.startsWith("<table"), html);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<html"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), html);
        assertTrue(html.contains("a&lt;b"), html);
        assertTrue(html.contains("card &quot;X&quot;"), html);
        assertTrue(html.contains("FITS, 1.00 GB left"), html);
    }

    @Test
    void tableViewHasOneRowPerTermPlusThree() {
        Table table = scenarioA.toTable();
        assertEquals(5, table.rowCount());
        assertEquals("total", table.stringColumn("term").get(2));
        assertEquals(47.0, table.doubleColumn("GB (10^9 B)").get(2), 1e-12);
        assertEquals(33.0, table.doubleColumn("GB (10^9 B)").get(4), 1e-12);
    }
}
