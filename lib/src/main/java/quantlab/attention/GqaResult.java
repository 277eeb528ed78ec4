package quantlab.attention;

import quantlab.inference.EmbeddingAgreement;
import quantlab.inference.OnnxChecker;

/**
 * What the measurement found for one converted MiniLM.
 *
 * @param name           the file name, "fp32", "gqa-6", ..., "mqa-1"
 * @param kvHeads        key/value heads per layer after the conversion (12: the unconverted reference)
 * @param check          what ONNX's checker said of the written file
 * @param agreement      its embeddings against fp32's on the course's sentences
 * @param paraphraseHits share of sentences whose nearest other sentence is one of its paraphrases
 */
public record GqaResult(String name, int kvHeads, OnnxChecker.Result check, EmbeddingAgreement agreement,
                        double paraphraseHits) {
}
