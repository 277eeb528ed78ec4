package quantlab.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The LoRA layer: starts as the base, merge/unmerge agree with the adapter path, gradients match differences. */
class LoraLinearTest {

    private static final int IN = 12;
    private static final int OUT = 10;
    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    private static float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (RANDOM.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[][] rows(int n, int width) {
        float[][] x = new float[n][];
        for (int t = 0; t < n; t++) {
            x[t] = random(width);
        }
        return x;
    }

    private static LoraLinear layer(int rank) {
        LoraLinear l = LoraLinear.adapted("test", Fp32Base.fromOutIn(random(OUT * IN), OUT, IN), random(OUT), rank,
                2.0 * rank, 1);
        float[] b = l.loraB().value();
        float[] r = random(b.length);
        System.arraycopy(r, 0, b, 0, b.length); // train as if B had moved from zero
        return l;
    }

    @Test
    void startsExactlyAsTheBase() {
        float[] w = random(OUT * IN);
        float[] bias = random(OUT);
        LoraLinear adapted = LoraLinear.adapted("a", Fp32Base.fromOutIn(w, OUT, IN), bias, 4, 8, 3);
        LoraLinear frozen = LoraLinear.frozen("f", Fp32Base.fromOutIn(w, OUT, IN), bias);
        float[][] x = rows(3, IN);
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(frozen.forward(x)[t], adapted.forward(x)[t], 0f);
        }
        assertEquals(2.0, adapted.scaling(), 0);
    }

    @Test
    void mergedAndUnmergedOutputsAgree() {
        LoraLinear l = layer(4);
        float[][] x = rows(5, IN);
        float[][] adapterPath = l.forward(x);
        float[] before = l.base().inOut().clone();
        l.merge();
        float[][] merged = l.forward(x);
        for (int t = 0; t < x.length; t++) {
            assertArrayEquals(adapterPath[t], merged[t], 1e-5f);
        }
        l.unmerge();
        assertArrayEquals(before, l.base().inOut(), 1e-6f);
        float[][] again = l.forward(x);
        for (int t = 0; t < x.length; t++) {
            assertArrayEquals(adapterPath[t], again[t], 1e-5f);
        }
        // the update has rank at most r: a product A B of an IN x 4 and a 4 x OUT matrix
        assertEquals(IN * OUT, l.delta().length);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LoraLinear l = layer(3);
        float[][] x = rows(4, IN);
        float[][] probe = rows(4, OUT); // loss = sum probe * y
        float[][] dx = l.backward(x, probe);
        double eps = 1e-2;
        for (Parameter p : l.parameters()) {
            for (int i = 0; i < p.size(); i += 5) {
                float keep = p.value()[i];
                p.value()[i] = (float) (keep + eps);
                double up = loss(l.forward(x), probe);
                p.value()[i] = (float) (keep - eps);
                double down = loss(l.forward(x), probe);
                p.value()[i] = keep;
                assertEquals((up - down) / (2 * eps), p.grad()[i], 2e-3, p.name() + "[" + i + "]");
            }
        }
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < IN; i++) {
                float keep = x[t][i];
                x[t][i] = (float) (keep + eps);
                double up = loss(l.forward(x), probe);
                x[t][i] = (float) (keep - eps);
                double down = loss(l.forward(x), probe);
                x[t][i] = keep;
                assertEquals((up - down) / (2 * eps), dx[t][i], 2e-3, "dx[" + t + "][" + i + "]");
            }
        }
        assertEquals(2, l.parameters().size()); // only A and B: the base is frozen
    }

    private static double loss(float[][] y, float[][] probe) {
        double s = 0;
        for (int t = 0; t < y.length; t++) {
            for (int o = 0; o < y[t].length; o++) {
                s += (double) y[t][o] * probe[t][o];
            }
        }
        return s;
    }

    @Test
    void badInput() {
        Fp32Base base = Fp32Base.fromOutIn(random(OUT * IN), OUT, IN);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> LoraLinear.adapted("a", base, random(OUT), 0, 1, 1));
        assertTrue(zero.getMessage().contains("rank must be in [1, 10]"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoraLinear.adapted("a", base, random(OUT), 11, 1, 1));
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> LoraLinear.adapted("a", base, random(OUT), 4, 0, 1));
        assertTrue(alpha.getMessage().contains("alpha"), alpha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoraLinear.adapted("a", base, random(OUT), 4, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> layer(2).forward(rows(2, IN + 1)));
    }
}
