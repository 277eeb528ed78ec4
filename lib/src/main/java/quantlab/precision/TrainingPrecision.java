package quantlab.precision;

import quantlab.formats.FloatFormat;

/**
 * The four ways chapter 3 trains the same network. They differ only in the format the forward and backward
 * passes round into and in whether the loss is scaled; the fp32 master weights and optimizer are shared by all.
 */
public enum TrainingPrecision {

    FP32("fp32", FloatFormat.FP32, false),
    FP16("fp16, no loss scaling", FloatFormat.FP16, false),
    FP16_LOSS_SCALED("fp16 + dynamic loss scaling", FloatFormat.FP16, true),
    BF16("bf16, no loss scaling", FloatFormat.BF16, false);

    private final String label;
    private final FloatFormat format;
    private final boolean lossScaling;

    TrainingPrecision(String label, FloatFormat format, boolean lossScaling) {
        this.label = label;
        this.format = format;
        this.lossScaling = lossScaling;
    }

    public String label() {
        return label;
    }

    /** The format every forward and backward tensor is rounded into. */
    public FloatFormat format() {
        return format;
    }

    /** Whether the run multiplies the loss gradient by a dynamic scale S. */
    public boolean lossScaling() {
        return lossScaling;
    }

    @Override
    public String toString() {
        return label;
    }
}
