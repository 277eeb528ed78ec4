package quantlab.inference;

import quantlab.model.Embedder;

/**
 * How closely a variant's sentence embeddings follow the reference model's, sentence by sentence: the cosine
 * between the two vectors of each sentence (mean and worst), and how often both models pick the same nearest
 * other sentence, which is what a search or clustering built on the embeddings would notice.
 *
 * @param sentences          how many sentences were compared
 * @param meanCosine         mean over sentences of cos(reference_i, candidate_i)
 * @param worstCosine        the smallest of those cosines
 * @param worstSentence      the index of the sentence with the smallest cosine
 * @param neighbourAgreement fraction of sentences whose nearest other sentence is the same under both models
 */
public record EmbeddingAgreement(int sentences, double meanCosine, double worstCosine, int worstSentence,
                                 double neighbourAgreement) {

    /**
     * Compares candidate embeddings with reference embeddings of the same sentences, in the same order.
     *
     * @throws IllegalArgumentException if the two differ in count or width, hold fewer than two sentences, or hold
     *                                  a NaN, an infinity or a zero vector
     */
    public static EmbeddingAgreement compare(float[][] reference, float[][] candidate) {
        check("reference", reference);
        check("candidate", candidate);
        if (reference.length != candidate.length || reference[0].length != candidate[0].length) {
            throw new IllegalArgumentException("candidate must be " + reference.length + " x " + reference[0].length
                    + " like reference, got " + candidate.length + " x " + candidate[0].length);
        }
        int n = reference.length;
        double sum = 0;
        double worst = Double.POSITIVE_INFINITY;
        int worstIndex = -1;
        for (int i = 0; i < n; i++) {
            double c = Embedder.cosine(reference[i], candidate[i]);
            sum += c;
            if (c < worst) {
                worst = c;
                worstIndex = i;
            }
        }
        int[] a = nearestNeighbours(reference);
        int[] b = nearestNeighbours(candidate);
        int same = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return new EmbeddingAgreement(n, sum / n, worst, worstIndex, (double) same / n);
    }

    /** For each sentence, the index of the most similar other sentence by cosine (the lower index on a tie). */
    public static int[] nearestNeighbours(float[][] embeddings) {
        check("embeddings", embeddings);
        int n = embeddings.length;
        int[] nearest = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double c = Embedder.cosine(embeddings[i], embeddings[j]);
                if (c > best) {
                    best = c;
                    nearest[i] = j;
                }
            }
        }
        return nearest;
    }

    /**
     * The fraction of sentences whose nearest other sentence belongs to the same paraphrase set: a task score that
     * needs no reference model.
     *
     * @throws IllegalArgumentException if {@code sets} does not give one set id per sentence
     */
    public static double paraphraseHits(float[][] embeddings, int[] sets) {
        int[] nearest = nearestNeighbours(embeddings);
        if (sets == null || sets.length != embeddings.length) {
            throw new IllegalArgumentException("sets must hold one id per sentence (" + embeddings.length + "), got "
                    + (sets == null ? "null" : sets.length));
        }
        int hits = 0;
        for (int i = 0; i < nearest.length; i++) {
            if (sets[nearest[i]] == sets[i]) {
                hits++;
            }
        }
        return (double) hits / nearest.length;
    }

    private static void check(String name, float[][] e) {
        if (e == null || e.length < 2) {
            throw new IllegalArgumentException(name + " must hold at least two sentences, got "
                    + (e == null ? "null" : e.length));
        }
        int width = e[0] == null ? 0 : e[0].length;
        if (width == 0) {
            throw new IllegalArgumentException(name + "[0] must be a non-empty vector, got "
                    + (e[0] == null ? "null" : "an empty one"));
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i] == null || e[i].length != width) {
                throw new IllegalArgumentException(name + "[" + i + "] must have width " + width + ", got "
                        + (e[i] == null ? "null" : e[i].length));
            }
            double norm = 0;
            for (int d = 0; d < width; d++) {
                if (!Float.isFinite(e[i][d])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + d + "] must be finite, got " + e[i][d]);
                }
                norm += (double) e[i][d] * e[i][d];
            }
            if (norm == 0) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be the zero vector");
            }
        }
    }
}
