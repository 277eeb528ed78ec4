/**
 * Chapter 4: turning full-precision weights into integer codes and back. A {@link quantlab.quantization.Quantizer}
 * (bits, {@link quantlab.quantization.QuantScheme scheme}, {@link quantlab.quantization.Granularity granularity})
 * turns a matrix into a {@link quantlab.quantization.QuantizedTensor}; {@link quantlab.quantization.QuantError}
 * says what the rounding cost. {@link quantlab.quantization.Int4Packing} stores two 4-bit codes per byte, and
 * {@link quantlab.quantization.BlockFormat} shows the same ideas as llama.cpp's Q8_0 and Q4_0 blocks.
 */
package quantlab.quantization;
