package quantlab.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The two OCP 8-bit formats against the specification: every code decoded from the spec's own definition, and
 * encoding checked against a brute-force search over those decoded values.
 */
class Fp8Test {

    private static final FloatFormat E4M3FN = FloatFormat.FP8_E4M3FN;
    private static final FloatFormat E5M2 = FloatFormat.FP8_E5M2;

    /** A spec reading of one code, written from the OCP text, not from FloatLayout. */
    record Spec(FloatFormat format, int exponentBits, int mantissaBits, int bias, boolean finiteOnly) {

        double value(int code) {
            int sign = code >>> 7;
            int e = (code >>> mantissaBits) & ((1 << exponentBits) - 1);
            int f = code & ((1 << mantissaBits) - 1);
            int topExponent = (1 << exponentBits) - 1;
            if (finiteOnly) {
                if (e == topExponent && f == (1 << mantissaBits) - 1) {
                    return Double.NaN;
                }
            } else if (e == topExponent) {
                return f == 0 ? (sign == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY) : Double.NaN;
            }
            double fraction = f / (double) (1 << mantissaBits);
            double magnitude = e == 0
                    ? Math.pow(2, 1 - bias) * fraction
                    : Math.pow(2, e - bias) * (1 + fraction);
            return sign == 0 ? magnitude : -magnitude;
        }

        double[] table() {
            return IntStream.range(0, 256).mapToDouble(this::value).toArray();
        }
    }

    private static final Spec E4M3FN_SPEC = new Spec(E4M3FN, 4, 3, 7, true);
    private static final Spec E5M2_SPEC = new Spec(E5M2, 5, 2, 15, false);

    private static void decodesEveryCodeAsTheSpecSays(Spec spec) {
        for (int code = 0; code < 256; code++) {
            double expected = spec.value(code);
            float actual = spec.format().decode(code);
            String where = String.format("%s code 0x%02X", spec.format(), code);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), where + " should be NaN, got " + actual);
                assertTrue(spec.format().isNaN(code), where);
            } else {
                assertEquals(expected, actual, 0.0, where);
                // Signed zeros: 0x80 is -0.
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), where);
            }
        }
    }

    @Test
    void e4m3fnDecodesAll256Codes() {
        decodesEveryCodeAsTheSpecSays(E4M3FN_SPEC);
    }

    @Test
    void e5m2DecodesAll256Codes() {
        decodesEveryCodeAsTheSpecSays(E5M2_SPEC);
    }

    @Test
    void e4m3fnSpecConstants() {
        assertEquals(448f, E4M3FN.decode(0x7E));
        assertEquals(-448f, E4M3FN.decode(0xFE));
        assertEquals(448f, E4M3FN.max());
        assertTrue(Float.isNaN(E4M3FN.decode(0x7F)));
        assertTrue(Float.isNaN(E4M3FN.decode(0xFF)));
        assertEquals(2, IntStream.range(0, 256).filter(E4M3FN::isNaN).count(), "one NaN per sign");
        assertEquals(0, IntStream.range(0, 256).filter(E4M3FN::isInfinite).count(), "no infinity");
        assertEquals(0x1p-9f, E4M3FN.minSubnormal());
        assertEquals(0x1p-9f, E4M3FN.decode(0x01));
        assertEquals(0x1p-6f, E4M3FN.minNormal());
        assertEquals(0x1p-6f, E4M3FN.decode(0x08));
        assertEquals(0.125f, E4M3FN.epsilon());
        assertEquals(0x7E, E4M3FN.encode(448f));
        assertEquals(253, E4M3FN.values().length);
    }

    @Test
    void e5m2SpecConstants() {
        assertEquals(57344f, E5M2.decode(0x7B));
        assertEquals(57344f, E5M2.max());
        assertEquals(Float.POSITIVE_INFINITY, E5M2.decode(0x7C));
        assertEquals(Float.NEGATIVE_INFINITY, E5M2.decode(0xFC));
        for (int code = 0x7D; code <= 0x7F; code++) {
            assertTrue(Float.isNaN(E5M2.decode(code)), "code " + code);
            assertTrue(Float.isNaN(E5M2.decode(code | 0x80)), "code " + (code | 0x80));
        }
        assertEquals(6, IntStream.range(0, 256).filter(E5M2::isNaN).count());
        assertEquals(0x1p-16f, E5M2.minSubnormal());
        assertEquals(0x1p-16f, E5M2.decode(0x01));
        assertEquals(0x1p-14f, E5M2.minNormal());
        assertEquals(0x1p-14f, E5M2.decode(0x04));
        assertEquals(0.25f, E5M2.epsilon());
        assertEquals(247, E5M2.values().length);
    }

    /**
     * The code a brute-force scan picks: the nearest decoded value of x's sign, ties to the even code. One extra
     * candidate sits one step above max (where the exponent would go on if it did not stop); if it wins, the value
     * overflowed.
     */
    private static int bruteForce(Spec spec, double[] values, float x, boolean saturate) {
        int signBit = Float.floatToRawIntBits(x) >>> 31;
        int maxCode = spec.format().encodeSaturating(Float.POSITIVE_INFINITY);
        double max = values[maxCode];
        double beyond = max + (max - values[maxCode - 1]);
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        // Far above max the distances are too large for double to tell apart, but there is nothing to compare.
        int last = Math.abs((double) x) >= beyond ? -1 : maxCode + 1;
        if (last < 0) {
            best = maxCode + 1;
        }
        for (int code = 0; code <= last; code++) {
            double value = code == maxCode + 1 ? beyond : values[code];
            double distance = Math.abs(value - Math.abs((double) x));
            if (distance < bestDistance || (distance == bestDistance && (code & 1) == 0)) {
                best = code;
                bestDistance = distance;
            }
        }
        if (best == maxCode + 1) {
            best = saturate ? maxCode : (spec.finiteOnly() ? 0x7F : 0x7C);
        }
        return (signBit << 7) | best;
    }

    private static final int STRIDE = 257;
    private static final int STRIDED = (int) ((1L << 32) / STRIDE) + 1;

    /** Every midpoint between neighbouring codes, the floats either side of it, and their negatives. */
    private static float[] midpoints(double[] values) {
        List<Float> points = new ArrayList<>();
        for (int code = 0; code < 0x7F; code++) {
            if (Double.isFinite(values[code]) && Double.isFinite(values[code + 1])) {
                float mid = (float) ((values[code] + values[code + 1]) / 2);
                for (float f : new float[] {mid, Math.nextDown(mid), Math.nextUp(mid)}) {
                    points.add(f);
                    points.add(-f);
                }
            }
        }
        float[] xs = new float[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i);
        }
        return xs;
    }

    private static void encodesToTheNearestCode(Spec spec) {
        double[] values = spec.table();
        float[] mids = midpoints(values);
        long start = System.nanoTime();
        FloatFormat format = spec.format();
        // Every float whose bits are a multiple of STRIDE across the whole range, then the midpoints.
        long checked = IntStream.range(0, STRIDED + mids.length).parallel().filter(i -> {
            float x = i < STRIDED ? Float.intBitsToFloat((int) (i * (long) STRIDE)) : mids[i - STRIDED];
            if (Float.isNaN(x)) {
                assertTrue(format.isNaN(format.encode(x)) && format.isNaN(format.encodeSaturating(x)));
                return true;
            }
            if (Float.isInfinite(x)) {
                return true;
            }
            int plain = bruteForce(spec, values, x, false);
            int saturated = bruteForce(spec, values, x, true);
            if (format.encode(x) != plain || format.encodeSaturating(x) != saturated) {
                throw new AssertionError(String.format("%s, x = %s (bits 0x%08X): expected 0x%02X / saturating "
                        + "0x%02X, got 0x%02X / 0x%02X", format, x, Float.floatToRawIntBits(x), plain, saturated,
                        format.encode(x), format.encodeSaturating(x)));
            }
            return true;
        }).count();
        System.out.printf("%s encode, %,d floats (bits stride 257 + every midpoint) vs brute force: %.1f s%n",
                format, checked, (System.nanoTime() - start) / 1e9);
    }

    @Test
    void e4m3fnEncodesToTheNearestCode() {
        encodesToTheNearestCode(E4M3FN_SPEC);
    }

    @Test
    void e5m2EncodesToTheNearestCode() {
        encodesToTheNearestCode(E5M2_SPEC);
    }

    @Test
    void overflowInfinityAndNaN() {
        // E4M3FN: halfway between 448 and the missing 480 goes to the even 448; above it, NaN or 448.
        assertEquals(0x7E, E4M3FN.encode(464f));
        assertEquals(0x7F, E4M3FN.encode(465f));
        assertEquals(0x7E, E4M3FN.encodeSaturating(465f));
        assertEquals(0x7F, E4M3FN.encode(Float.POSITIVE_INFINITY), "no infinity: NaN");
        assertEquals(0xFF, E4M3FN.encode(Float.NEGATIVE_INFINITY));
        assertEquals(0xFE, E4M3FN.encodeSaturating(Float.NEGATIVE_INFINITY));
        assertEquals(0x7F, E4M3FN.encodeSaturating(Float.NaN));
        // E5M2: 57344's mantissa is odd, so the halfway point 61440 already overflows.
        assertEquals(0x7B, E5M2.encode(61439f));
        assertEquals(0x7C, E5M2.encode(61440f));
        assertEquals(0x7B, E5M2.encodeSaturating(61440f));
        assertEquals(0x7C, E5M2.encode(Float.POSITIVE_INFINITY));
        assertEquals(0xFB, E5M2.encodeSaturating(Float.NEGATIVE_INFINITY));
        assertTrue(E5M2.isNaN(E5M2.encode(Float.NaN)));
        assertTrue(E5M2.isNaN(E5M2.encodeSaturating(Float.NaN)));
        // Signed zeros, and a value too small even for the smallest subnormal.
        assertEquals(0x80, E4M3FN.encode(-0f));
        assertEquals(0x80, E5M2.encode(-1e-30f));
    }

    @Test
    void everyNonNaNCodeSurvivesARoundTrip() {
        for (FloatFormat format : List.of(E4M3FN, E5M2)) {
            for (int code = 0; code < 256; code++) {
                if (!format.isNaN(code)) {
                    assertEquals(code, format.encode(format.decode(code)), format + " code " + code);
                }
            }
        }
    }
}
