/**
 * Chapter 3: precision against range, measured on a real training run.
 *
 * <p>{@link quantlab.precision.PrecisionTraining#compare} trains one small {@link quantlab.precision.Mlp} four
 * times on the committed {@link quantlab.precision.SpiralDataSet}, once per
 * {@link quantlab.precision.TrainingPrecision}: fp32, fp16 without and with dynamic loss scaling, and bf16. Weights
 * and optimizer stay in fp32 in every run; each forward and backward operation is computed in fp32 and rounded
 * into the run's format through a {@link quantlab.precision.RoundingMeter}, which counts the gradients that
 * underflowed and the values that overflowed. The result, a {@link quantlab.precision.PrecisionComparison}, shows as
 * a table, the four loss curves and a histogram of gradient magnitudes.
 */
package quantlab.precision;
