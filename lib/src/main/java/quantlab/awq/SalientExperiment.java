package quantlab.awq;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLmMatrix;
import quantlab.quantization.Quantizer;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/**
 * The paper's motivating experiment on MiniLM: every matrix rounded to nearest, except a fraction of its input
 * channels kept in full precision, chosen by activation magnitude, by weight magnitude or at random. If activations
 * say which channels matter, keeping those few should recover far more than keeping as many chosen otherwise.
 */
public final class SalientExperiment {

    private SalientExperiment() {
    }

    /** The kept channels of every matrix for a choice (a matrix's random draw is seeded by seed + its index). */
    public static Map<MiniLmMatrix, int[]> keptChannels(MiniLmEncoder encoder, LinearInputs calibration,
                                                        SalientChannels.Choice choice, double fraction, long seed) {
        if (choice == null) {
            throw new IllegalArgumentException("choice must not be null, got null");
        }
        Map<MiniLmMatrix, int[]> out = new HashMap<>();
        for (MiniLmMatrix m : MiniLmMatrix.all()) {
            int n = SalientChannels.count(m.inputs(), fraction);
            out.put(m, switch (choice) {
                case ACTIVATION -> SalientChannels.top(AwqMath.meanAbsActivation(calibration.of(m)), n);
                case WEIGHT -> SalientChannels.top(AwqMath.meanAbsWeight(encoder.weight(m)), n);
                case RANDOM -> SalientChannels.random(m.inputs(), n, seed + m.index());
            });
        }
        return out;
    }

    /** Every matrix rounded by the quantizer with its kept channels restored (none kept when kept is empty). */
    public static Map<MiniLmMatrix, FloatTensor> weights(MiniLmEncoder encoder, Map<MiniLmMatrix, int[]> kept,
                                                         Quantizer quantizer) {
        Map<MiniLmMatrix, FloatTensor> out = new HashMap<>();
        List<Map.Entry<MiniLmMatrix, FloatTensor>> done = MiniLmMatrix.all().parallelStream()
                .map(m -> Map.entry(m, AwqMath.quantizeKeeping(encoder.weight(m), kept.getOrDefault(m, new int[0]),
                        quantizer))).toList();
        done.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
