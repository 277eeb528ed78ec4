package quantlab.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import quantlab.model.Embedder;
import quantlab.model.MiniLm;

class RetrievalTest {

    @Test
    void peftCountsMatchPublishedAndHandFigures() {
        // peft's print_trainable_parameters for Llama 2 7B, LoRA r=8 on q_proj and v_proj: 4,194,304
        assertEquals(4_194_304L, PeftCounts.loraQueryValue(ModelShape.LLAMA2_7B, 8));
        // Llama 3.1 8B: 32 x 8 x ((4096 + 4096) + (4096 + 1024)) = 3,407,872
        assertEquals(3_407_872L, PeftCounts.loraQueryValue(ModelShape.LLAMA31_8B, 8));
        assertEquals(20L * 4096, PeftCounts.promptTuning(20, 4096));
        assertEquals(20L * 32 * 2 * 4096, PeftCounts.prefixTuning(20, 32, 4096));
        // embedding 20*768 + (768*512 + 512) + (512*18432 + 18432) for a 12-layer, 768-wide model
        assertEquals(15_360 + 393_728 + 9_455_616, PeftCounts.prefixTuningProjected(20, 12, 768, 512));
        assertEquals(32L * (4096 + 4096 + 11008), PeftCounts.ia3(ModelShape.LLAMA2_7B));
        assertEquals(32L * (1024 + 1024 + 14336), PeftCounts.ia3(ModelShape.LLAMA31_8B));
        // Houlsby: (768*64 + 64) + (64*768 + 768) = 99,136 per adapter, 2 per layer, 12 layers
        assertEquals(12L * 2 * 99_136, PeftCounts.bottleneckAdapters(12, 768, 64, 2));
        assertThrows(IllegalArgumentException.class, () -> PeftCounts.promptTuning(0, 4096));
    }

    @Test
    void recallAtKByHand() {
        List<List<String>> ranked = List.of(List.of("a", "b", "c"), List.of("b", "c", "a"), List.of("c", "d", "e"));
        List<String> relevant = List.of("a", "a", "a");
        assertEquals(1 / 3.0, RankedRecall.atK(ranked, relevant, 1), 1e-12);
        assertEquals(1 / 3.0, RankedRecall.atK(ranked, relevant, 2), 1e-12);
        assertEquals(2 / 3.0, RankedRecall.atK(ranked, relevant, 3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RankedRecall.atK(ranked, relevant, 0));
    }

    @Test
    void luceneHnswFindsTheSameNeighbourAsABruteForceScan() {
        Random rnd = new Random(13);
        float[][] docs = new float[200][16];
        try (VectorIndex index = new VectorIndex()) {
            for (int i = 0; i < docs.length; i++) {
                for (int d = 0; d < 16; d++) {
                    docs[i][d] = (float) rnd.nextGaussian();
                }
                index.put("d" + i, "doc " + i, docs[i]);
            }
            index.commit();
            int agree = 0;
            for (int q = 0; q < 50; q++) {
                float[] query = new float[16];
                for (int d = 0; d < 16; d++) {
                    query[d] = (float) rnd.nextGaussian();
                }
                int best = 0;
                for (int i = 1; i < docs.length; i++) {
                    if (cos(docs[i], query) > cos(docs[best], query)) {
                        best = i;
                    }
                }
                if (index.search(query, 1).get(0).id().equals("d" + best)) {
                    agree++;
                }
            }
            assertTrue(agree >= 48, "HNSW top-1 agrees with the exact scan on " + agree + " of 50 queries");
            index.put("d0", "doc 0, version 2", docs[0]);
            index.commit();
            assertEquals(200, index.size(), "a re-indexed document replaces the old one");
            assertEquals("doc 0, version 2", index.search(docs[0], 1).get(0).text());
        }
    }

    private static double cos(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void theCorpusChangesAFifthOfItsFactsAndHoldsItsQuestionsOut() {
        PolicyCorpus c = PolicyCorpus.load();
        assertEquals(30, c.facts().size());
        assertEquals(6, c.facts().stream().filter(PolicyCorpus.Fact::changes).count());
        Set<String> trained = new HashSet<>();
        c.questions(false).forEach(q -> trained.add(q.text()));
        c.facts().forEach(f -> trained.add(f.document(PolicyCorpus.Version.V1)));
        assertEquals(30, c.questions(true).size());
        c.questions(true).forEach(q -> assertTrue(!trained.contains(q.text()), "held out: " + q.text()));
    }

    @Test
    void onTheRealModelRetrievalIsFreshAfterReindexAndTheHeadIsStale() {
        KnowledgeDemo.Result r;
        try (Embedder e = Embedder.open(MiniLm.FP32)) {
            r = KnowledgeDemo.run(e, PolicyCorpus.load());
        }
        assertEquals(6, r.changedFacts());
        // retrieval does not depend on the answer values, and re-indexing keeps the ranking usable
        assertTrue(r.ragV2() >= 0.7, "RAG on v2: " + r.ragV2());
        for (KnowledgeDemo.Row row : r.rows()) {
            if (row.changed()) {
                assertNotEquals(row.currentValue(), row.staleHeadAnswer(), "the v1 head cannot know " + row.factId());
                if (row.ragTop3().get(0).equals(row.factId())) {
                    assertEquals(row.currentValue(), row.ragAnswer(), "retrieved v2 document for " + row.factId());
                }
            }
        }
        assertTrue(r.headV2Stale() <= r.headV1() - 0.0, "stale head cannot gain on v2");
        assertTrue(r.recall3V1() >= r.recall1V1());
    }
}
