/**
 * Chapter 6: GPTQ, rounding that looks at the data. {@link quantlab.gptq.Hessian} accumulates H = 2 X Xᵀ from a
 * layer's calibration inputs, {@link quantlab.gptq.InverseHessian} factors H⁻¹ by Cholesky,
 * {@link quantlab.gptq.Gptq} rounds a {@link quantlab.quantization.WeightMatrix} column by column with error
 * feedback, using the quantizer's own rounding with scales it fixes per group, and
 * {@link quantlab.gptq.LayerObjective} measures ||W X - Ŵ X||² on held-out inputs.
 * {@link quantlab.gptq.DampeningSearch} chooses the dampening by cross-validation on the calibration text, and
 * {@link quantlab.gptq.GptqFormats} is the long run whose results chapter 6 reads from data/.
 */
package quantlab.gptq;
