package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddingAgreementTest {

    // Four 2-D unit vectors at 0, 10, 90 and 100 degrees: 0 and 1 are each other's neighbours, as are 2 and 3.
    private static final float[][] REFERENCE = {unit(0), unit(10), unit(90), unit(100)};

    private static float[] unit(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }

    @Test
    void cosinesAndNeighboursOfHandMadeVectors() {
        // candidate turns sentence 2 by 60 degrees (to 150) and leaves the others alone
        float[][] candidate = {unit(0), unit(10), unit(150), unit(100)};
        EmbeddingAgreement a = EmbeddingAgreement.compare(REFERENCE, candidate);
        assertEquals(4, a.sentences());
        assertEquals((3 + Math.cos(Math.toRadians(60))) / 4, a.meanCosine(), 1e-7);
        assertEquals(0.5, a.worstCosine(), 1e-7);
        assertEquals(2, a.worstSentence());
        // reference neighbours 1, 0, 3, 2; candidate: 150 is nearest to 100 (3), and 100 is nearest to 150 (2)
        assertArrayEquals(new int[] {1, 0, 3, 2}, EmbeddingAgreement.nearestNeighbours(REFERENCE));
        assertArrayEquals(new int[] {1, 0, 3, 2}, EmbeddingAgreement.nearestNeighbours(candidate));
        assertEquals(1.0, a.neighbourAgreement());
        // turn sentence 3 to 3 degrees instead: now 3's neighbour is 0 and 2's is 1
        float[][] moved = {unit(0), unit(10), unit(90), unit(3)};
        assertArrayEquals(new int[] {3, 3, 1, 0}, EmbeddingAgreement.nearestNeighbours(moved));
        assertEquals(0.0, EmbeddingAgreement.compare(REFERENCE, moved).neighbourAgreement());
    }

    @Test
    void paraphraseHitsCountNeighboursInTheSameSet() {
        assertEquals(1.0, EmbeddingAgreement.paraphraseHits(REFERENCE, new int[] {7, 7, 9, 9}));
        assertEquals(0.5, EmbeddingAgreement.paraphraseHits(REFERENCE, new int[] {7, 7, 9, 8}));
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingAgreement.compare(REFERENCE, new float[][] {unit(0), unit(1)}));
        assertTrue(e.getMessage().contains("candidate") && e.getMessage().contains("4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EmbeddingAgreement.compare(REFERENCE,
                new float[][] {unit(0), {Float.NaN, 0}, unit(2), unit(3)}));
        assertTrue(e.getMessage().contains("candidate[1][0]") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EmbeddingAgreement.compare(REFERENCE,
                new float[][] {unit(0), {0, 0}, unit(2), unit(3)}));
        assertTrue(e.getMessage().contains("zero vector"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EmbeddingAgreement.paraphraseHits(REFERENCE,
                new int[] {1}));
        assertTrue(e.getMessage().contains("sets"), e.getMessage());
    }
}
