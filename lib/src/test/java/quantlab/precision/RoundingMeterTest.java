package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import quantlab.formats.FloatFormat;

/** Underflow and overflow counting on values whose fate in each format is known by hand. */
class RoundingMeterTest {

    @Test
    void oneEMinusEightIsLostInFp16AndKeptInBf16() {
        RoundingMeter fp16 = new RoundingMeter(FloatFormat.FP16);
        RoundingMeter bf16 = new RoundingMeter(FloatFormat.BF16);

        assertEquals(0f, fp16.backward(1e-8));
        assertEquals(new RoundingCounts(1, 1, 1, 0), fp16.backwardCounts());
        assertEquals(1.0, fp16.backwardCounts().underflowFraction());

        // bf16 keeps 8 significant bits: 1e-8 = 1.34217728 x 2^-27 becomes 172/128 = 1.34375 x 2^-27.
        assertEquals(Math.scalb(1.34375f, -27), bf16.backward(1e-8));
        assertEquals(new RoundingCounts(1, 1, 0, 0), bf16.backwardCounts());
        assertEquals(0.0, bf16.backwardCounts().underflowFraction());
    }

    @Test
    void seventyThousandOverflowsFp16ButNotBf16() {
        RoundingMeter fp16 = new RoundingMeter(FloatFormat.FP16);
        RoundingMeter bf16 = new RoundingMeter(FloatFormat.BF16);

        assertEquals(Float.POSITIVE_INFINITY, fp16.forward(70000));
        assertEquals(Float.NEGATIVE_INFINITY, fp16.forward(-70000));
        assertEquals(new RoundingCounts(2, 2, 0, 2), fp16.forwardCounts());

        // 70000 = 1.068115234375 x 2^16; to 8 bits that is 1.0703125 x 2^16 = 70144.
        assertEquals(70144f, bf16.forward(70000));
        assertEquals(0, bf16.forwardCounts().overflows());
    }

    @Test
    void fp16EdgeOfRangeByHand() {
        RoundingMeter fp16 = new RoundingMeter(FloatFormat.FP16);
        float smallest = Math.scalb(1f, -24);
        assertEquals(smallest, fp16.backward(smallest), "2^-24 is fp16's smallest subnormal and is kept");
        assertEquals(0f, fp16.backward(Math.scalb(1.0, -25)), "2^-25 is a tie between 0 and 2^-24: even wins");
        assertEquals(smallest, fp16.backward(3e-8), "3e-8 is above the halfway point, so it rounds up to 2^-24");
        assertEquals(65504f, fp16.forward(65504), "fp16's largest finite value survives");
        assertEquals(65504f, fp16.forward(65519), "just below the halfway point to 2^16 rounds down to the max");
        assertEquals(Float.POSITIVE_INFINITY, fp16.forward(65520), "the halfway point rounds to infinity");
        assertEquals(new RoundingCounts(3, 3, 1, 0), fp16.backwardCounts());
        assertEquals(new RoundingCounts(3, 3, 0, 1), fp16.forwardCounts());
    }

    @Test
    void zerosAndNonFiniteValuesAreNotCountedAsLosses() {
        RoundingMeter fp16 = new RoundingMeter(FloatFormat.FP16);
        assertEquals(0f, fp16.backward(0.0));
        assertTrue(Float.isNaN(fp16.backward(Double.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, fp16.backward(Double.POSITIVE_INFINITY));
        RoundingCounts counts = fp16.backwardCounts();
        assertEquals(3, counts.values());
        assertEquals(0, counts.underflows(), "an exact zero did not underflow");
        assertEquals(0, counts.overflows(), "an infinity that was already infinite did not overflow");
    }

    @Test
    void fp32KeepsEveryValue() {
        RoundingMeter fp32 = new RoundingMeter(FloatFormat.FP32);
        assertEquals(1e-8f, fp32.backward(1e-8f));
        assertEquals(70000f, fp32.forward(70000));
        assertEquals(0, fp32.backwardCounts().underflows());
        assertEquals(0, fp32.forwardCounts().overflows());
    }

    @Test
    void magnitudesAreBinnedByPowerOfTwo() {
        RoundingMeter meter = new RoundingMeter(FloatFormat.FP16);
        meter.backward(1e-8);     // 2^-27 <= 1e-8 < 2^-26
        meter.backward(-1e-8);
        meter.backward(0.75);     // 2^-1
        meter.backward(0.0);      // not counted: zero has no magnitude
        MagnitudeHistogram histogram = meter.backwardMagnitudes();
        assertEquals(3, histogram.total());
        assertEquals(2, histogram.count(-27));
        assertEquals(1, histogram.count(-1));
        assertEquals(2.0 / 3, histogram.fractionBelow(-25), 1e-12);
        assertEquals(-27, histogram.occupiedRange()[0]);
        assertEquals(-1, histogram.occupiedRange()[1]);
    }
}
