package quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParaphraseSetsTest {

    @Test
    void theCourseFileHoldsAtLeast200SentencesInAtLeast40Sets() {
        ParaphraseSets sets = ParaphraseSets.load();
        assertTrue(sets.size() >= 200, sets.toString());
        Map<Integer, List<String>> bySet = sets.bySet();
        assertTrue(bySet.size() >= 40, sets.toString());
        for (Map.Entry<Integer, List<String>> e : bySet.entrySet()) {
            assertTrue(e.getValue().size() >= 4, "set " + e.getKey() + " has " + e.getValue().size());
        }
        assertEquals(sets.size(), new HashSet<>(sets.texts()).size(), "no sentence twice");
        for (String s : sets.texts()) {
            assertTrue(s.length() <= 120, s);
        }
    }

    @Test
    void parsesTheFormatAndRejectsBadLines() {
        ParaphraseSets sets = ParaphraseSets.parse(List.of("# comment", "set\tsentence", "1\tA.", "1\tB.", "2\tC."));
        assertEquals(List.of("A.", "B.", "C."), sets.texts());
        assertEquals(2, sets.bySet().size());
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParaphraseSets.parse(List.of("set\tsentence", "x\tA.")));
        assertTrue(e.getMessage().startsWith("set must be an integer, got 'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParaphraseSets.parse(List.of("1\tA.")));
        assertTrue(e.getMessage().startsWith("lines must start with the header"), e.getMessage());
    }
}
