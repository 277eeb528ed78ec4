package quantlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class MiniLmTokenizerTest {

    @Test
    void givesTheBertIdsOfASimpleSentence() {
        try (MiniLmTokenizer t = MiniLm.FP32.tokenizer()) {
            Tokens tokens = t.encode("The cat sat on the mat.");
            assertArrayEquals(new long[] {101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102}, tokens.ids());
            assertArrayEquals(new String[] {"[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"},
                    tokens.tokens());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, tokens.attentionMask());
            assertArrayEquals(new long[9], tokens.typeIds());
            assertEquals("the cat sat on the mat.", t.decode(tokens.ids()));
        }
    }

    @Test
    void bothVariantsTokenizeAlikeAndTruncateAt128() {
        String longText = "word ".repeat(300);
        try (MiniLmTokenizer a = MiniLm.FP32.tokenizer(); MiniLmTokenizer b = MiniLm.INT8.tokenizer()) {
            assertArrayEquals(a.encode("Quantization shrinks models.").ids(),
                    b.encode("Quantization shrinks models.").ids());
            Tokens tokens = a.encode(longText);
            assertEquals(MiniLm.MAX_TOKENS, tokens.length());
            assertEquals(102, tokens.ids()[MiniLm.MAX_TOKENS - 1]);
            List<Tokens> two = a.encode(List.of("a b", "a b c d"));
            assertEquals(4, two.get(0).length());
            assertEquals(6, two.get(1).length());
        }
    }

    @Test
    void rejectsAnEmptyList() {
        try (MiniLmTokenizer t = MiniLm.FP32.tokenizer()) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.encode(List.of()));
            assertEquals("sentences must hold at least one sentence, got an empty list", e.getMessage());
        }
    }
}
