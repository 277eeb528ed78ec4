/**
 * Single-threaded matrix-vector kernels (GEMV, y = W x) over weights stored as fp32, int8 per row and int4 per group:
 * the decode-time product whose speed is set by how many weight bytes it has to read.
 *
 * <p>W has shape rows x cols, rows being the output channels. Two versions of each kernel:
 * <ul>
 *   <li>{@link quantlab.kernels.Fp32Weights}, {@link quantlab.kernels.Int8RowWeights} and
 *       {@link quantlab.kernels.Int4GroupWeights}: plain scalar Java, the loops to read first. They accumulate in
 *       float with four independent partial sums, so the loop is not bound by the latency of one long chain of
 *       dependent additions, and need no JVM flag.</li>
 *   <li>{@link quantlab.kernels.SimdFp32Weights}, {@link quantlab.kernels.SimdInt8RowWeights} and
 *       {@link quantlab.kernels.SimdInt4GroupWeights}: the same products with the Vector API (jdk.incubator.vector),
 *       a whole vector of weights per instruction. Their loops are in the package-private {@code VectorKernels}, the
 *       only class that names a Vector API type, so only a JVM that runs them needs
 *       {@code --add-modules jdk.incubator.vector}; {@link quantlab.kernels.VectorApi} says whether this one has it.
 *       The int4 one repacks the codes into blocks of 32 (see its class comment).</li>
 * </ul>
 * The bench module times them all with JMH ({@code bin/bench}).
 */
package quantlab.kernels;
