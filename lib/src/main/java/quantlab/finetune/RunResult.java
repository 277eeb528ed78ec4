package quantlab.finetune;

/**
 * The outcome of one fine-tuning run.
 *
 * @param label               the plan's label, e.g. "LoRA q,v r=8"
 * @param seed                the run's seed (adapter and head initialisation, example order)
 * @param trainableParameters values the optimizer updated
 * @param optimizerStateBytes AdamW's two fp32 moments
 * @param baseMatrixBytes     bytes of the 36 encoder matrices as stored (fp32 or NF4 + DQ)
 * @param seconds             wall time of training and evaluating (the frozen blocks' shared cache not included)
 * @param accuracy            held-out accuracy, 0 to 1
 * @param losses              mean training loss of every step
 */
public record RunResult(String label, long seed, long trainableParameters, long optimizerStateBytes,
                        long baseMatrixBytes, double seconds, double accuracy, double[] losses) {
}
