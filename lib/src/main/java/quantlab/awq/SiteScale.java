package quantlab.awq;

/**
 * The scale AWQ chose for one site of one layer: the alpha the grid search picked, the scales it gives, and the
 * calibration output error (summed over the site's matrices) with those scales and with none (round to nearest,
 * alpha = 0).
 *
 * @param layer    the block, 0 to 5
 * @param site     which matrices share the scale
 * @param alpha    the chosen exponent in s = s_x^alpha
 * @param scales   one scale per input channel
 * @param rtnError the output error of plain round-to-nearest on the search tokens
 * @param awqError the output error with the chosen scales (never above rtnError, since alpha = 0 is searched)
 */
public record SiteScale(int layer, ScaleSite site, double alpha, float[] scales, double rtnError, double awqError) {

    public SiteScale {
        if (site == null) {
            throw new IllegalArgumentException("site must not be null, got null");
        }
        AwqMath.checkScales(scales, site.width());
        scales = scales.clone();
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    /** awqError / rtnError: below 1 where the scales helped on the calibration tokens. */
    public double errorRatio() {
        return rtnError == 0 ? 1 : awqError / rtnError;
    }

    /** The label, e.g. "L2 q/k/v". */
    public String label() {
        return "L" + layer + " " + site.label();
    }

    @Override
    public String toString() {
        return label() + ": alpha " + alpha + ", error ratio " + errorRatio();
    }
}
