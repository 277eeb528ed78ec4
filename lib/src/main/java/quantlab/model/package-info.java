/**
 * Chapter 5: the real all-MiniLM-L6-v2 sentence-embedding model, opened from the class path so the course can
 * quantize its actual weight matrices and check the result by running it.
 *
 * <p>{@link quantlab.model.MiniLm} names the two published variants (fp32, and ONNX Runtime's own int8
 * quantization). {@link quantlab.model.OnnxModel} reads an ONNX file into the protobuf classes and lists and reads
 * its weights ({@link quantlab.model.Initializer}, {@link quantlab.model.FloatTensor}).
 * {@link quantlab.model.MiniLmTokenizer} turns text into token ids, and {@link quantlab.model.Embedder} runs a
 * model (the original or one the course rewrote) with ONNX Runtime and returns unit-length sentence vectors.
 * {@link quantlab.model.ParaphraseSets} reads the course's own paraphrase sentences used to score a model.
 */
package quantlab.model;
