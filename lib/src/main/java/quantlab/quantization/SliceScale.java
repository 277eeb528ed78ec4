package quantlab.quantization;

/**
 * The scale and zero point that one slice (a tensor, a channel or a group) is rounded with: a value v becomes the
 * code clamp(round(v / scale) + zeroPoint) and reads back as (code - zeroPoint) x scale. Found by
 * {@link Quantizer#fit}, used by {@link Quantizer#code}; a method that chooses codes (GPTQ) fixes one and rounds
 * many values with it.
 *
 * @param scale     positive and finite
 * @param zeroPoint the code that stands for 0 (0 for symmetric)
 */
public record SliceScale(float scale, int zeroPoint) {

    public SliceScale {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
    }
}
