package quantlab.retrieval;

import java.util.ArrayList;
import java.util.List;

import quantlab.model.Embedder;
import quantlab.retrieval.PolicyCorpus.Fact;
import quantlab.retrieval.PolicyCorpus.Question;
import quantlab.retrieval.PolicyCorpus.Version;

/**
 * Chapter 13's experiment: the same held-out questions answered by knowledge in weights ({@link AnswerHead}) and by
 * knowledge in an index ({@link VectorIndex}), first on version 1 of the policies, then after version 2 changes a
 * fifth of the facts: the head is asked again before and after retraining, the index after re-indexing only the
 * changed documents. Times are wall-clock seconds on this machine, embedding included.
 */
public final class KnowledgeDemo {

    /** Training settings of the head: full-batch epochs and step size. */
    public static final int EPOCHS = 400;
    public static final double LEARNING_RATE = 2.0;

    /** One held-out question and what each approach answered on version 2. */
    public record Row(String factId, boolean changed, String question, String currentValue, String staleHeadAnswer,
            String retrainedHeadAnswer, String ragAnswer, List<String> ragTop3) {
    }

    /** Every figure of the experiment. */
    public record Result(int facts, int changedFacts, int questions,
            double headV1, double headV2Stale, double headV2Retrained, double ragV1, double ragV2,
            double recall1V1, double recall3V1, double recall1V2, double recall3V2,
            int staleAnswersOnChanged, double trainSeconds, double retrainSeconds, double indexSeconds,
            double reindexSeconds, long headParameters, List<Row> rows) {
    }

    private KnowledgeDemo() {
    }

    public static Result run(Embedder embedder, PolicyCorpus corpus) {
        List<Fact> facts = corpus.facts();
        List<Question> test = corpus.questions(true);
        float[][] testVectors = embedder.embed(test.stream().map(Question::text).toList());

        long t = System.nanoTime();
        AnswerHead v1Head = trainHead(embedder, corpus, Version.V1);
        double trainSeconds = seconds(t);

        VectorIndex index = new VectorIndex();
        try {
            t = System.nanoTime();
            float[][] docs = embedder.embed(facts.stream().map(f -> f.document(Version.V1)).toList());
            for (int i = 0; i < facts.size(); i++) {
                index.put(facts.get(i).id(), facts.get(i).document(Version.V1), docs[i]);
            }
            index.commit();
            double indexSeconds = seconds(t);

            double headV1 = headAccuracy(v1Head, corpus, test, testVectors, Version.V1);
            List<List<VectorIndex.Hit>> hitsV1 = search(index, testVectors);
            double ragV1 = top1Accuracy(hitsV1, test);

            // version 2: re-index only the changed documents
            t = System.nanoTime();
            List<Fact> changed = facts.stream().filter(Fact::changes).toList();
            float[][] changedVectors = embedder.embed(changed.stream().map(f -> f.document(Version.V2)).toList());
            for (int i = 0; i < changed.size(); i++) {
                index.put(changed.get(i).id(), changed.get(i).document(Version.V2), changedVectors[i]);
            }
            index.commit();
            double reindexSeconds = seconds(t);
            if (index.size() != facts.size()) {
                throw new IllegalStateException("re-indexing must replace documents, not add: " + index.size()
                        + " documents for " + facts.size() + " facts");
            }
            List<List<VectorIndex.Hit>> hitsV2 = search(index, testVectors);
            double ragV2 = top1Accuracy(hitsV2, test);
            double headStale = headAccuracy(v1Head, corpus, test, testVectors, Version.V2);

            t = System.nanoTime();
            AnswerHead v2Head = trainHead(embedder, corpus, Version.V2);
            double retrainSeconds = seconds(t);
            double headRetrained = headAccuracy(v2Head, corpus, test, testVectors, Version.V2);

            List<Row> rows = new ArrayList<>();
            int stale = 0;
            for (int i = 0; i < test.size(); i++) {
                Question q = test.get(i);
                Fact f = corpus.fact(q.factId());
                String staleAnswer = v1Head.answer(v1Head.predict(testVectors[i]));
                if (f.changes() && staleAnswer.equals(f.valueV1())) {
                    stale++;
                }
                VectorIndex.Hit top = hitsV2.get(i).get(0);
                rows.add(new Row(f.id(), f.changes(), q.text(), f.valueV2(), staleAnswer,
                        v2Head.answer(v2Head.predict(testVectors[i])), corpus.fact(top.id()).valueV2(),
                        hitsV2.get(i).stream().map(VectorIndex.Hit::id).toList()));
            }
            List<String> relevant = test.stream().map(Question::factId).toList();
            return new Result(facts.size(), changed.size(), test.size(), headV1, headStale, headRetrained, ragV1, ragV2,
                    RankedRecall.atK(ids(hitsV1), relevant, 1), RankedRecall.atK(ids(hitsV1), relevant, 3),
                    RankedRecall.atK(ids(hitsV2), relevant, 1), RankedRecall.atK(ids(hitsV2), relevant, 3),
                    stale, trainSeconds, retrainSeconds, indexSeconds, reindexSeconds, v1Head.parameters(), rows);
        } finally {
            index.close();
        }
    }

    /** Embeds the version's documents and the training questions and trains a head on them, answering that version. */
    static AnswerHead trainHead(Embedder embedder, PolicyCorpus corpus, Version version) {
        List<Fact> facts = corpus.facts();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < facts.size(); c++) {
            texts.add(facts.get(c).document(version));
            labels.add(c);
        }
        for (Question q : corpus.questions(false)) {
            texts.add(q.text());
            labels.add(facts.indexOf(corpus.fact(q.factId())));
        }
        float[][] x = embedder.embed(texts);
        String[] answers = facts.stream().map(f -> f.value(version)).toArray(String[]::new);
        return AnswerHead.train(x, labels.stream().mapToInt(Integer::intValue).toArray(), answers, EPOCHS,
                LEARNING_RATE);
    }

    /** Right when the head picks the question's fact and its learnt answer is that fact's value in {@code now}. */
    private static double headAccuracy(AnswerHead head, PolicyCorpus corpus, List<Question> test, float[][] x,
            Version now) {
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            int c = head.predict(x[i]);
            Fact f = corpus.fact(test.get(i).factId());
            if (corpus.facts().get(c).id().equals(f.id()) && head.answer(c).equals(f.value(now))) {
                right++;
            }
        }
        return (double) right / test.size();
    }

    /** Retrieval answers with the top document of the current index, so it is right when that is the question's fact. */
    private static double top1Accuracy(List<List<VectorIndex.Hit>> hits, List<Question> test) {
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            if (hits.get(i).get(0).id().equals(test.get(i).factId())) {
                right++;
            }
        }
        return (double) right / test.size();
    }

    private static List<List<VectorIndex.Hit>> search(VectorIndex index, float[][] queries) {
        List<List<VectorIndex.Hit>> out = new ArrayList<>();
        for (float[] q : queries) {
            out.add(index.search(q, 3));
        }
        return out;
    }

    private static List<List<String>> ids(List<List<VectorIndex.Hit>> hits) {
        return hits.stream().map(h -> h.stream().map(VectorIndex.Hit::id).toList()).toList();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
