package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The 70B-on-an-H100 decision, figure by figure, worked out by hand. */
class FitDecisionTest {

    private final FitDecision decision = new FitDecision(ModelPreset.NOMINAL_70B, Gpu.H100_80GB, ByteSize.ofGB(2));

    @Test
    void figuresByHand() {
        // H100: 81,559 MiB = 85,520,809,984 bytes. 140e9 / that = 1.64, so 2 cards.
        assertEquals(2, decision.cardsForFp16Weights());
        // 85,520,809,984 / 2 = 42,760,404,992 parameters
        assertEquals(42_760_404_992L, decision.largestFp16Parameters());
        // int8: 70e9 bytes, 15,520,809,984 left
        assertEquals(15_520_809_984L, decision.int8().headroom().bytes());
        // int4 g128 (4.25 bits): 37.1875e9 + 2e9 runtime = 39.1875e9; 85,520,809,984 - 39,187,500,000
        assertEquals(39_187_500_000L, decision.int4().total().bytes());
        assertEquals(46_333_309_984L, decision.int4().headroom().bytes());
    }

    @Test
    void tableHasOneRowPerRemedy() {
        Table t = decision.table();
        assertEquals(FitRemedy.values().length, t.rowCount());
        assertTrue(t.stringColumn("what it says here").get(0).startsWith("2 cards for 140.00 GB"), t.print());
        assertTrue(t.stringColumn("what it says here").get(4).startsWith("46.33 GB"), t.print());
        assertThrows(IllegalArgumentException.class,
                () -> new FitDecision(ModelPreset.NOMINAL_7B, Gpu.L4, ByteSize.ofBytes(-1)));
    }
}
