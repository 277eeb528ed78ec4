package quantlab.gptq;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLmMatrix;
import quantlab.model.OnnxModel;
import quantlab.model.Tokens;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.WeightMatrix;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/**
 * GPTQ over a whole MiniLM, block by block as the paper's reference code does it: the inputs of block b's six
 * linear layers are recorded by running the calibration text through the model whose blocks 0 .. b-1 are already
 * quantized (so each block is calibrated on what the quantized model really feeds it), the six matrices are
 * quantized, and the block's weights are replaced before block b + 1 is calibrated. Query, key and value read the
 * same input, so they share one Hessian. The hidden state leaving each quantized block is kept, so each block runs
 * twice in all (about two forward passes for the whole model) instead of re-running every earlier block.
 */
public final class SequentialGptq {

    private SequentialGptq() {
    }

    /**
     * One matrix's run.
     *
     * @param matrix  which matrix
     * @param tokens  calibration tokens behind its Hessian
     * @param result  GPTQ's codes and timings
     * @param dampening the λ GPTQ ran with
     * @param seconds wall time for this matrix, building its Hessian included
     */
    public record Layer(MiniLmMatrix matrix, int tokens, Gptq.Result result, double dampening, double seconds) {
    }

    /**
     * The whole run.
     *
     * @param layers  one entry per matrix, in the model's order
     * @param seconds wall time, recording the activations included
     */
    public record Run(List<Layer> layers, double seconds) {

        /** The codes by matrix. */
        public Map<MiniLmMatrix, QuantizedTensor> codes() {
            Map<MiniLmMatrix, QuantizedTensor> m = new LinkedHashMap<>();
            for (Layer l : layers) {
                m.put(l.matrix(), l.result().codes());
            }
            return m;
        }

        /**
         * The codes keyed by the ONNX initializer that holds each matrix, as
         * {@link quantlab.inference.QuantizedModelWriter} takes them.
         */
        public Map<String, QuantizedTensor> byInitializer(OnnxModel model) {
            if (model == null) {
                throw new IllegalArgumentException("model must not be null");
            }
            Map<MiniLmMatrix, QuantizedTensor> codes = codes();
            Map<String, QuantizedTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : model.matMulWeights().entrySet()) {
                QuantizedTensor q = codes.get(MiniLmMatrix.ofNode(e.getValue()));
                if (q != null) {
                    out.put(e.getKey(), q);
                }
            }
            return out;
        }
    }

    /**
     * Quantizes every linear layer of the encoder with GPTQ.
     *
     * @param fp32        the model to quantize
     * @param calibration the calibration sentences, tokenized (never the evaluation sentences)
     * @param options     the format and GPTQ's settings
     * @param progress    receives one line per matrix (e.g. {@code System.out::println}); may be null
     */
    public static Run run(MiniLmEncoder fp32, List<Tokens> calibration, Gptq.Options options,
                          Consumer<String> progress) {
        if (fp32 == null || calibration == null || calibration.isEmpty() || options == null) {
            throw new IllegalArgumentException("fp32, calibration (at least one sentence) and options must be given, "
                    + "got " + fp32 + ", " + (calibration == null ? "null" : calibration.size() + " sentences")
                    + " and " + options);
        }
        long start = System.nanoTime();
        MiniLmEncoder current = fp32;
        List<Layer> layers = new ArrayList<>();
        // The hidden state entering the next block, computed by the model as quantized so far: each block runs
        // twice (once with its fp32 weights to record its inputs, once quantized to feed the next block) instead
        // of re-running every earlier block for each recording.
        MiniLmEncoder.HiddenStates states = fp32.embeddingStates(calibration);
        for (int block = 0; block < quantlab.model.MiniLm.LAYERS; block++) {
            List<MiniLmMatrix> matrices = MiniLmMatrix.ofLayer(block);
            LinearInputs inputs = current.runBlock(states, Set.copyOf(matrices)).inputs();
            Map<FloatTensor, Hessian> hessians = new IdentityHashMap<>(); // query, key, value share one input
            Map<MiniLmMatrix, FloatTensor> replaced = new LinkedHashMap<>();
            for (MiniLmMatrix m : matrices) {
                long t0 = System.nanoTime();
                FloatTensor x = inputs.of(m);
                Hessian h = hessians.computeIfAbsent(x, t -> Hessian.of(t.data(), t.rows(), t.cols()));
                FloatTensor w = current.weight(m);
                WeightMatrix weight = new WeightMatrix(w.rows(), w.cols(), w.data());
                Gptq.Result r;
                try {
                    r = Gptq.quantize(weight, h, options);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(m.label() + ": " + e.getMessage(), e);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                layers.add(new Layer(m, x.rows(), r, options.dampening(), seconds));
                replaced.put(m, w.withData(r.dequantized().values()));
                if (progress != null) {
                    progress.accept(String.format(java.util.Locale.ROOT, "%-12s %4d x %4d  %d tokens  dampening %.2f"
                            + "  %5.2f s", m.label(), w.rows(), w.cols(), x.rows(), options.dampening(), seconds));
                }
            }
            current = current.withWeights(replaced);
            states = current.runBlock(states, Set.of()).output();
        }
        return new Run(layers, (System.nanoTime() - start) / 1e9);
    }
}
