package quantlab.precision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import quantlab.display.Displayable;
import quantlab.display.TableHtml;
import quantlab.formats.FloatFormat;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Where fp16's underflow really comes from: in a deep network the activation gradients shrink layer by layer on
 * their way back from the loss. A deep tanh MLP is trained in fp32 with the loss averaged over its own batch (what
 * one data-parallel device does), then one more backward pass records every layer's activation gradients and
 * counts, per layer, the nonzero values fp16 would round to zero, without and with a loss scale.
 *
 * @param hiddenLayers tanh layers of the measured network
 * @param steps        fp32 Adam steps before the measurement
 * @param lossScale    the loss scale S of the last column
 * @param layers       one entry per layer, from the logits (at the loss) down to the first layer
 */
public record DepthUnderflow(int hiddenLayers, int steps, double lossScale, List<Layer> layers)
        implements Displayable {

    /**
     * One layer's activation gradients at the end of training.
     *
     * @param layersFromLoss 0 for the logits, 1 for the last hidden layer, and so on down
     * @param nonzero        nonzero activation-gradient values in fp32
     * @param medianExponent the median power of two of their magnitudes
     * @param fp16Zero       share of them that fp16 rounds to zero
     * @param fp16ZeroScaled share that fp16 still rounds to zero after multiplying by the loss scale
     */
    public record Layer(int layersFromLoss, long nonzero, int medianExponent, double fp16Zero, double fp16ZeroScaled) {
    }

    public DepthUnderflow {
        layers = List.copyOf(layers);
    }

    /**
     * Trains {@code Mlp.initialised(2, hiddenWidth, hiddenLayers, 4, seed)} on the training rows for {@code steps}
     * fp32 Adam steps at learning rate {@code learningRate}, the loss a mean over the rows, then measures.
     */
    public static DepthUnderflow measure(SpiralDataSet data, int hiddenWidth, int hiddenLayers, int steps,
                                         double learningRate, long seed, double lossScale) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, got " + steps);
        }
        if (!(lossScale >= 1) || Double.isInfinite(lossScale)) {
            throw new IllegalArgumentException("lossScale must be finite and at least 1, got " + lossScale);
        }
        float[] features = data.train().features();
        int[] labels = data.train().labels();
        double weight = 1.0 / labels.length;
        Mlp model = Mlp.initialised(SpiralDataSet.FEATURES, hiddenWidth, hiddenLayers, SpiralDataSet.CLASSES, seed);
        Adam adam = new Adam(model, learningRate);
        RoundingMeter fp32 = new RoundingMeter(FloatFormat.FP32);
        for (int step = 0; step < steps; step++) {
            adam.update(model, model.step(features, labels, weight, fp32).gradients(), 1);
        }
        float[][] deltas = model.activationGradients(features, labels, weight);
        List<Layer> layers = new ArrayList<>();
        for (int layer = deltas.length - 1; layer >= 0; layer--) {
            layers.add(count(deltas.length - 1 - layer, deltas[layer], lossScale));
        }
        return new DepthUnderflow(hiddenLayers, steps, lossScale, layers);
    }

    private static Layer count(int fromLoss, float[] values, double scale) {
        long nonzero = 0;
        long zero = 0;
        long zeroScaled = 0;
        int[] exponents = new int[values.length];
        for (float v : values) {
            if (v == 0) {
                continue;
            }
            exponents[(int) nonzero++] = Math.getExponent(v);
            if (FloatFormat.FP16.round(v) == 0) {
                zero++;
            }
            if (FloatFormat.FP16.round((float) (v * scale)) == 0) {
                zeroScaled++;
            }
        }
        int[] sorted = Arrays.copyOf(exponents, (int) nonzero);
        Arrays.sort(sorted);
        int median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        return new Layer(fromLoss, nonzero, median, nonzero == 0 ? 0 : (double) zero / nonzero,
                nonzero == 0 ? 0 : (double) zeroScaled / nonzero);
    }

    /** The logits' share of values fp16 rounds to zero: the layer at the loss. */
    public double fp16ZeroAtTheLoss() {
        return layers.get(0).fp16Zero();
    }

    /** The first layer's share: the layer farthest from the loss. */
    public double fp16ZeroFarthest() {
        return layers.get(layers.size() - 1).fp16Zero();
    }

    /** One row per layer: distance from the loss, nonzero values, median power of two, fp16 zeros, with S. */
    public Table table() {
        IntColumn distance = IntColumn.create("layers from the loss");
        LongColumn nonzero = LongColumn.create("nonzero values");
        IntColumn median = IntColumn.create("median |gradient| (power of 2)");
        DoubleColumn zero = DoubleColumn.create("fp16 rounds to zero (%)");
        DoubleColumn scaled = DoubleColumn.create(String.format(Locale.ROOT, "with S = 2^%d (%%)",
                Math.getExponent(lossScale)));
        for (Layer l : layers) {
            distance.append(l.layersFromLoss());
            nonzero.append(l.nonzero());
            median.append(l.medianExponent());
            zero.append(100 * l.fp16Zero());
            scaled.append(100 * l.fp16ZeroScaled());
        }
        zero.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        scaled.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create(String.format(Locale.ROOT, "Activation gradients of a %d-layer tanh MLP after %d fp32"
                + " steps, loss averaged over its own batch", hiddenLayers, steps), distance, nonzero, median, zero,
                scaled);
    }

    @Override
    public String toString() {
        return table().printAll();
    }

    @Override
    public String toHtml() {
        return TableHtml.of(table());
    }
}
