package quantlab.retrieval;

import java.util.List;

/** Recall@k: the share of queries whose relevant document is among the first {@code k} results. */
public final class RankedRecall {

    private RankedRecall() {
    }

    /** {@code ranked.get(i)} is query i's result ids, best first; {@code relevant.get(i)} its one relevant id. */
    public static double atK(List<List<String>> ranked, List<String> relevant, int k) {
        if (ranked.size() != relevant.size() || ranked.isEmpty()) {
            throw new IllegalArgumentException("ranked and relevant must be non-empty and the same length, got "
                    + ranked.size() + " and " + relevant.size());
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int hits = 0;
        for (int i = 0; i < ranked.size(); i++) {
            List<String> r = ranked.get(i);
            if (r.subList(0, Math.min(k, r.size())).contains(relevant.get(i))) {
                hits++;
            }
        }
        return (double) hits / ranked.size();
    }
}
