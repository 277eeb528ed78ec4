/**
 * Plain-Java, single-threaded matrix-vector kernels (GEMV, y = W x) over weights stored as fp32, int8 per row and
 * int4 per group: the decode-time product whose speed is set by how many weight bytes it has to read.
 *
 * <p>W has shape rows x cols, rows being the output channels. Every kernel is scalar Java (no Vector API, so no extra
 * JVM flags) and accumulates in float with four independent partial sums, so the loop is not bound by the latency of
 * one long chain of dependent additions. {@link quantlab.kernels.GemvBench} times them.
 */
package quantlab.kernels;
