/**
 * Chapters 6 and 7 (and later the fine-tuning chapters): all-MiniLM-L6-v2's encoder forward pass in our own Java,
 * read from the ONNX file's weights and checked against ONNX Runtime.
 *
 * <p>{@link quantlab.transformer.MiniLmEncoder} is the model: embeddings, six blocks of self-attention and
 * feed-forward with LayerNorm and exact (erf) {@link quantlab.transformer.Gelu}, mean pooling and normalisation. It
 * records the input of chosen linear layers ({@link quantlab.transformer.LinearInputs}, the calibration data of
 * GPTQ and AWQ) and runs with chosen weight matrices replaced; the matrices are named by
 * {@link quantlab.model.MiniLmMatrix}.
 */
package quantlab.transformer;
