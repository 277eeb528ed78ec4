package quantlab.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.ParaphraseSets;
import quantlab.model.Tokens;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

class CalibrationSetTest {

    private static MiniLmTokenizer tokenizer;

    @BeforeAll
    static void open() {
        tokenizer = MiniLm.FP32.tokenizer();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void theBookStartsWhereMelvilleStartsIt() {
        List<String> paragraphs = MobyDick.paragraphs();
        assertTrue(paragraphs.get(0).startsWith("Call me Ishmael."), paragraphs.get(0));
        assertTrue(paragraphs.size() > 2000, "paragraphs " + paragraphs.size());
        for (String p : paragraphs) {
            assertTrue(!p.startsWith("CHAPTER ") && !p.isBlank() && !p.contains("\n"), p);
        }
    }

    @Test
    void theSetIsFixedSpreadOverTheBookAndNotTheEvaluationData() {
        CalibrationSet a = CalibrationSet.mobyDick(16, tokenizer);
        CalibrationSet b = CalibrationSet.mobyDick(16, tokenizer);
        assertEquals(a.texts(), b.texts());
        assertEquals(16, a.texts().size());
        assertEquals(16, new HashSet<>(a.texts()).size());
        assertTrue(a.texts().get(0).startsWith("Call me Ishmael."), a.texts().get(0));
        Set<String> evaluation = new HashSet<>(ParaphraseSets.load().texts());
        int tokens = 0;
        for (int i = 0; i < a.texts().size(); i++) {
            String text = a.texts().get(i);
            assertTrue(!evaluation.contains(text));
            assertTrue(text.split(" ").length >= CalibrationSet.MIN_WORDS, text);
            Tokens t = a.tokens().get(i);
            assertTrue(t.length() <= MiniLm.MAX_TOKENS);
            assertEquals(101, t.ids()[0]);
            tokens += t.length();
        }
        assertEquals(tokens, a.tokenCount());
    }

    @Test
    void collectGivesOneRowPerToken() {
        CalibrationSet set = CalibrationSet.mobyDick(4, tokenizer);
        MiniLmMatrix up = new MiniLmMatrix(1, MiniLmMatrix.Kind.FFN_UP);
        LinearInputs in = set.collect(MiniLmEncoder.load(), Set.of(up));
        assertArrayEquals(new int[] {set.tokenCount(), 384}, in.of(up).shape());
    }

    @Test
    void badInputNamesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibrationSet.mobyDick(0, tokenizer));
        assertTrue(e.getMessage().startsWith("paragraphs must be in [1, "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CalibrationSet.mobyDick(1_000_000, tokenizer));
        assertTrue(e.getMessage().contains("1000000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CalibrationSet.of("x", List.of(), tokenizer));
        assertTrue(e.getMessage().startsWith("texts"), e.getMessage());
    }
}
