package quantlab.awq;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.quantization.Quantizer;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/**
 * AWQ's search: for each layer and {@link ScaleSite}, the mean |activation| per input channel from the calibration
 * inputs, then a grid over alpha in [0, 1] for {@code s = s_x^alpha}, keeping the alpha whose quantized weights
 * {@code Q(W diag(s)) diag(1/s)} give the smallest output error on the calibration tokens, summed over the site's
 * matrices. alpha = 0 is plain round-to-nearest, so the chosen scales never do worse on those tokens.
 *
 * <p>Simplifications against the authors' code, stated: the error is measured at each linear layer's output (the
 * code measures some sites at the whole attention block's output), on an evenly spaced subsample of the
 * calibration tokens, over 11 alphas (0, 0.1, ..., 1; the code uses 20 from 0 to 0.95); no weight clipping search.
 */
public final class AwqSearch {

    /** The alphas searched: 0, 0.1, ..., 1. */
    public static final double[] GRID = IntStream.rangeClosed(0, 10).mapToDouble(i -> i / 10.0).toArray();

    private AwqSearch() {
    }

    /**
     * Chooses the scales for every layer and the given sites.
     *
     * @param encoder      the fp32 model whose weights are quantized
     * @param calibration  inputs recorded on calibration text; must hold the first matrix of each site
     * @param quantizer    the format the weights will be stored in (the search is specific to it)
     * @param sites        where to put scales
     * @param searchTokens how many calibration tokens (evenly spaced) the output error is measured on
     */
    public static List<SiteScale> search(MiniLmEncoder encoder, LinearInputs calibration, Quantizer quantizer,
                                         Set<ScaleSite> sites, int searchTokens) {
        if (encoder == null || calibration == null || quantizer == null || sites == null || sites.isEmpty()) {
            throw new IllegalArgumentException("encoder, calibration, quantizer and sites must be given (sites not "
                    + "empty), got " + encoder + ", " + calibration + ", " + quantizer + ", " + sites);
        }
        List<int[]> jobs = new ArrayList<>();
        List<ScaleSite> ordered = new ArrayList<>(EnumSet.copyOf(sites));
        for (int layer = 0; layer < MiniLm.LAYERS; layer++) {
            for (ScaleSite site : ordered) {
                jobs.add(new int[] {layer, site.ordinal()});
            }
        }
        return jobs.parallelStream()
                .map(j -> searchSite(encoder, calibration, quantizer, j[0], ScaleSite.values()[j[1]], searchTokens))
                .toList();
    }

    /** The search at one site of one layer. */
    public static SiteScale searchSite(MiniLmEncoder encoder, LinearInputs calibration, Quantizer quantizer,
                                       int layer, ScaleSite site, int searchTokens) {
        List<MiniLmMatrix> matrices = site.matrices(layer);
        FloatTensor inputs = calibration.of(matrices.get(0));
        if (inputs.rows() < inputs.cols()) {
            throw new IllegalArgumentException("calibration must hold at least as many tokens as the layer is wide ("
                    + inputs.cols() + ") at " + matrices.get(0) + ", got " + inputs.rows());
        }
        float[] activation = AwqMath.meanAbsActivation(inputs);
        FloatTensor sample = AwqMath.sampleTokens(inputs, searchTokens);
        Map<MiniLmMatrix, FloatTensor> weights = new HashMap<>();
        for (MiniLmMatrix m : matrices) {
            weights.put(m, encoder.weight(m));
        }
        double best = Double.POSITIVE_INFINITY;
        double bestAlpha = 0;
        double rtn = Double.NaN;
        for (double alpha : GRID) {
            float[] s = AwqMath.scales(activation, alpha);
            double error = 0;
            for (MiniLmMatrix m : matrices) {
                FloatTensor w = weights.get(m);
                error += AwqMath.outputError(sample, w, AwqMath.quantizeScaled(w, s, quantizer));
            }
            if (alpha == 0) {
                rtn = error;
            }
            if (error < best) {
                best = error;
                bestAlpha = alpha;
            }
        }
        return new SiteScale(layer, site, bestAlpha, AwqMath.scales(activation, bestAlpha), rtn, best);
    }

    /**
     * The weights the model computes with after AWQ in a format, for every matrix: {@code Q(W diag(s)) diag(1/s)}
     * where a scale was chosen, plain round-to-nearest elsewhere. Running the Java encoder with these equals
     * running the written ONNX file (up to float rounding of the Mul nodes).
     */
    public static Map<MiniLmMatrix, FloatTensor> quantizedWeights(MiniLmEncoder encoder, List<SiteScale> scales,
                                                                  Quantizer quantizer) {
        Map<MiniLmMatrix, float[]> scaleOf = new HashMap<>();
        for (SiteScale s : scales) {
            for (MiniLmMatrix m : s.site().matrices(s.layer())) {
                scaleOf.put(m, s.scales());
            }
        }
        Map<MiniLmMatrix, FloatTensor> out = new HashMap<>();
        MiniLmMatrix.all().parallelStream().map(m -> {
            FloatTensor w = encoder.weight(m);
            float[] s = scaleOf.get(m);
            return Map.entry(m, s == null ? w.withData(quantizer.roundTrip(w.data(), w.rows(), w.cols()))
                    : AwqMath.quantizeScaled(w, s, quantizer));
        }).toList().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
