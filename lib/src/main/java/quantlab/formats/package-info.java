/**
 * Chapter 2: what a number format can hold, bit for bit. {@link quantlab.formats.FloatFormat} encodes and decodes
 * fp32, fp16, bf16 and the two OCP fp8 formats with exact bit arithmetic; {@link quantlab.formats.IntFormat} is an
 * integer code range that means nothing until a scale turns it into an {@link quantlab.formats.IntGrid}. Both are
 * {@link quantlab.formats.StorageFormat}s, the course's one source of bits per parameter.
 */
package quantlab.formats;
