package quantlab.inference;

import quantlab.model.ExecutionProvider;
import quantlab.model.QdqCompute;

/**
 * What the inference check measured for one model variant.
 *
 * @param name           the variant's short name
 * @param method         how its weights were made
 * @param bytes          its size on disk
 * @param check          what ONNX's checker said of the file
 * @param provider       where ONNX Runtime ran it
 * @param compute        how fused DequantizeLinear + MatMul pairs computed
 * @param agreement      its embeddings against the reference model's
 * @param paraphraseHits fraction of sentences whose nearest other sentence is a paraphrase of it
 * @param msPerBatch     median wall time of one batch of {@link quantlab.model.Embedder#BATCH} sentences
 */
public record VariantResult(String name, String method, long bytes, OnnxChecker.Result check,
                            ExecutionProvider provider, QdqCompute compute, EmbeddingAgreement agreement, double paraphraseHits,
                            double msPerBatch) {
}
