/**
 * Chapter 12's 4-bit storage: the NF4, int4 and fp4 grids, blockwise absmax quantization in blocks of 64, QLoRA's
 * double quantization of the block scales, and {@link quantlab.nf4.Nf4Base}, a frozen NF4 weight dequantized on the
 * fly under a LoRA adapter.
 */
package quantlab.nf4;
