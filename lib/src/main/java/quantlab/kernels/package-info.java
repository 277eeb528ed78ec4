/**
 * Matrix-vector kernels (GEMV, y = W x) over weights stored as fp32, int8 per row, int4 per group and llama.cpp's
 * Q8_0 and Q4_0 blocks: the decode-time product whose speed is set by how many weight bytes it has to read; their
 * multi-threaded form; and the prefill product over a whole prompt (GEMM), whose speed is set by arithmetic.
 *
 * <p>W has shape rows x cols, rows being the output channels. Two versions of each GEMV kernel:
 * <ul>
 *   <li>{@link quantlab.kernels.Fp32Weights}, {@link quantlab.kernels.Int8RowWeights},
 *       {@link quantlab.kernels.Int4GroupWeights}, {@link quantlab.kernels.Q8_0Weights} and
 *       {@link quantlab.kernels.Q4_0Weights}: plain scalar Java, the specification and the loops to read first. They
 *       accumulate in float with four independent partial sums, so the loop is not bound by the latency of one long
 *       chain of dependent additions, and need no JVM flag.</li>
 *   <li>{@code Simd*Weights}: the same products with the Vector API (jdk.incubator.vector), a whole vector of weights
 *       per instruction, each tested against its scalar specification within a rounding bound. Their loops are in
 *       the package-private {@code VectorKernels}, the only class that names a Vector API type, so only a JVM that
 *       runs them needs {@code --add-modules jdk.incubator.vector} (the course kernelspec passes it);
 *       {@link quantlab.kernels.VectorApi} says whether this one has it.</li>
 * </ul>
 * Every kernel computes any range of rows ({@link quantlab.kernels.GemvWeights#multiplyRows}), each row alone, so
 * One product changes the input as well: {@link quantlab.kernels.Int4GroupA8Weights} (W4A8) quantizes x to int8 per
 * group ({@link quantlab.kernels.ActivationCodes}) and sums integer products, which
 * {@link quantlab.kernels.SimdInt4GroupA8Weights} does without converting any code to a float: its specification is
 * the scalar W4A8 product, and its cost in accuracy is the activations' rounding on top of the weights'.
 * {@link quantlab.kernels.ThreadedGemv} splits the rows over a fixed {@link quantlab.kernels.KernelThreads} pool and
 * gets, bit for bit, what one thread gets; {@link quantlab.kernels.Gemm} multiplies a prompt block of rows by block
 * of rows, each y bit for bit the GEMV's. {@link quantlab.kernels.PrefillDecode} measures the two regimes on the same
 * weights and {@link quantlab.kernels.FormatErrors} what each format costs in accuracy. The bench module times them
 * all with JMH ({@code bin/bench}).
 */
package quantlab.kernels;
