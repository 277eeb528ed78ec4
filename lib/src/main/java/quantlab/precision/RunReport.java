package quantlab.precision;

import java.util.List;
import java.util.Locale;
import quantlab.display.Displayable;
import quantlab.display.HtmlText;

/**
 * What one chapter-3 training run measured: the loss at every step, how the run's format treated its gradients,
 * and how good the final fp32 weights are. Final loss and accuracy are computed in fp32 for every run, so the
 * four runs are judged by the same ruler.
 *
 * @param precision          the run's format and loss-scaling choice
 * @param config             the settings it ran with
 * @param lossPerStep        the training loss each step saw, computed from the run's own rounded logits
 * @param finalLoss          mean cross-entropy of the final weights on the training rows, in fp32
 * @param testAccuracy       share of held-out rows the final weights classify correctly, 0 to 1
 * @param forward            what rounding did to the forward values (inputs, weights, activations, logits)
 * @param backward           what rounding did to the gradients
 * @param skippedSteps       steps whose gradients held an infinity or NaN and were not applied
 * @param finalLossScale     the loss scale S after the last step (1 for runs without scaling)
 * @param gradientMagnitudes exact magnitudes of the nonzero gradients, by power of two
 */
public record RunReport(TrainingPrecision precision, TrainingConfig config, List<Double> lossPerStep, double finalLoss,
                        double testAccuracy, RoundingCounts forward, RoundingCounts backward, int skippedSteps,
                        double finalLossScale, MagnitudeHistogram gradientMagnitudes) implements Displayable {

    public RunReport {
        if (precision == null || config == null || lossPerStep == null || forward == null || backward == null
                || gradientMagnitudes == null) {
            throw new IllegalArgumentException("precision, config, lossPerStep, forward, backward and gradientMagnitudes"
                    + " must not be null");
        }
        if (lossPerStep.isEmpty()) {
            throw new IllegalArgumentException("lossPerStep must not be empty, got 0 steps");
        }
        if (skippedSteps < 0 || skippedSteps > lossPerStep.size()) {
            throw new IllegalArgumentException("skippedSteps must be in 0.." + lossPerStep.size() + ", got "
                    + skippedSteps);
        }
        if (!(testAccuracy >= 0 && testAccuracy <= 1)) {
            throw new IllegalArgumentException("testAccuracy must be in 0..1, got " + testAccuracy);
        }
        lossPerStep = List.copyOf(lossPerStep);
    }

    /** Share of nonzero gradient values that the format turned into zero, 0 to 1. */
    public double underflowFraction() {
        return backward.underflowFraction();
    }

    /**
     * Share of all gradient values that ended up exactly zero, 0 to 1. Larger than the underflow share in fp16:
     * a gradient computed from zeros is itself an exact zero, so one underflow silences everything below it.
     */
    public double zeroFraction() {
        long zeros = backward.values() - backward.nonzero() + backward.underflows();
        return backward.values() == 0 ? 0 : (double) zeros / backward.values();
    }

    /** Finite values, forward or backward, that the format turned into an infinity. */
    public long overflows() {
        return forward.overflows() + backward.overflows();
    }

    /** Steps run. */
    public int steps() {
        return lossPerStep.size();
    }

    /** The loss the run saw at its last step (in its own format). */
    public double lastStepLoss() {
        return lossPerStep.get(lossPerStep.size() - 1);
    }

    /** The final loss scale as text: {@code none}, or a power of two such as {@code 2^18}. */
    public String lossScaleText() {
        if (!precision.lossScaling()) {
            return "none";
        }
        int exponent = Math.getExponent(finalLossScale);
        return Math.scalb(1.0, exponent) == finalLossScale ? "2^" + exponent
                : String.format(Locale.ROOT, "%.6g", finalLossScale);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s: %d steps, %.2f%% of %,d nonzero gradients underflowed, %d overflows, %d skipped steps,"
                        + " loss scale %s, final loss %.4f, test accuracy %.1f%%",
                precision.label(), steps(), 100 * underflowFraction(), backward.nonzero(), overflows(), skippedSteps,
                lossScaleText(), finalLoss, 100 * testAccuracy);
    }

    /** A small two-column table of the same figures. */
    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder("<table style=\"border-collapse:collapse;font-family:monospace\">");
        html.append("<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px\">")
                .append(HtmlText.escape(precision.label())).append("</caption><tbody>");
        row(html, "steps", String.valueOf(steps()));
        row(html, "gradients underflowed", String.format(Locale.ROOT, "%.2f%% of %,d nonzero values",
                100 * underflowFraction(), backward.nonzero()));
        row(html, "gradient values that are zero", String.format(Locale.ROOT, "%.2f%%", 100 * zeroFraction()));
        row(html, "overflows (finite to infinity)", String.valueOf(overflows()));
        row(html, "skipped steps", String.valueOf(skippedSteps));
        row(html, "loss scale at the end", lossScaleText());
        row(html, "final loss (fp32, training rows)", String.format(Locale.ROOT, "%.4f", finalLoss));
        row(html, "test accuracy", String.format(Locale.ROOT, "%.1f%%", 100 * testAccuracy));
        return html.append("</tbody></table>").toString();
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><td style=\"padding:2px 10px\">").append(HtmlText.escape(name))
                .append("</td><td style=\"padding:2px 10px;text-align:right\">").append(HtmlText.escape(value))
                .append("</td></tr>");
    }
}
