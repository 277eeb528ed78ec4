/**
 * Chapter 13: knowledge in weights against knowledge in an index. A fictional company's policies in two versions
 * ({@link quantlab.retrieval.PolicyCorpus}), a model trained to answer them ({@link quantlab.retrieval.AnswerHead}),
 * retrieval over Lucene's HNSW vector index ({@link quantlab.retrieval.VectorIndex}), the whole comparison
 * ({@link quantlab.retrieval.KnowledgeDemo}), recall@k ({@link quantlab.retrieval.RankedRecall}) and the
 * trainable-parameter counts of the PEFT family ({@link quantlab.retrieval.PeftCounts}).
 */
package quantlab.retrieval;
