/**
 * Chapter 7: activation-aware weight quantization (AWQ, Lin et al. 2023), our own implementation on MiniLM.
 *
 * <p>{@link quantlab.awq.AwqMath} is the arithmetic on one matrix (channel statistics, s = s_x^alpha, Q(W diag(s))
 * diag(1/s), output error); {@link quantlab.awq.SalientChannels} and {@link quantlab.awq.SalientExperiment} are the
 * paper's keep-1%-in-full-precision experiment; {@link quantlab.awq.AwqSearch} picks alpha per layer and
 * {@link quantlab.awq.ScaleSite}; {@link quantlab.awq.AwqModelWriter} puts the scales into the fp32 graph exactly
 * (a value-matrix fold or a Mul node) and {@link quantlab.awq.AwqVariants} hands the result to chapter 5's writer.
 */
package quantlab.awq;
