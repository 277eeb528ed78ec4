/**
 * Chapter 5, second part: the course's inference check. A quantized model is only as good as what it still
 * computes, so this package writes quantized variants of the real model as ONNX files, has ONNX's own checker
 * look at them, runs them with ONNX Runtime and compares their sentence embeddings with the fp32 model's.
 *
 * <p>{@link quantlab.inference.WeightRecipe} says how the MatMul weights are stored (int8 through the standard
 * {@code DequantizeLinear}, int4 per group through ONNX Runtime's {@code MatMulNBits});
 * {@link quantlab.inference.QuantizedModelWriter} rewrites the graph; {@link quantlab.inference.OnnxChecker} runs
 * {@code onnx.checker}; {@link quantlab.inference.EmbeddingAgreement} scores embeddings against the reference;
 * {@link quantlab.inference.InferenceCheck} puts it together into one table. Later chapters (GPTQ, AWQ, NF4) reuse
 * the same check for their own variants.
 */
package quantlab.inference;
