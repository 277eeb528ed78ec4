package quantlab.gptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import quantlab.model.MiniLmMatrix;
import quantlab.quantization.Granularity;
import quantlab.quantization.Quantizer;
import quantlab.quantization.WeightMatrix;

class DampeningSearchTest {

    @Test
    void choosesTheDampeningWithTheLowestErrorOnTheOtherHalf() {
        Random rnd = new Random(5);
        int out = 6;
        int in = 16;
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        WeightMatrix weight = new WeightMatrix(out, in, w);
        float[] xa = GptqTest.inputs(rnd, 20, in);
        float[] xb = GptqTest.inputs(rnd, 20, in);
        DampeningSearch.Half a = new DampeningSearch.Half(xa, 20, Hessian.of(xa, 20, in));
        DampeningSearch.Half b = new DampeningSearch.Half(xb, 20, Hessian.of(xb, 20, in));
        DampeningSearch search = new DampeningSearch(new double[] {0.001, 0.01, 0.1, 1.0});
        Gptq.Options options = Gptq.Options.of(Quantizer.symmetric(3).with(Granularity.perGroup(8)));
        DampeningSearch.Choice choice = search.choose(weight, a, b, options);
        int best = 0;
        double[] grid = search.grid();
        double[] expected = new double[grid.length];
        for (int k = 0; k < grid.length; k++) { // scored here as plain sums of squared output errors, in double
            Gptq.Options o = options.withDampening(grid[k]).withFewTokensAllowed(true);
            expected[k] = squaredOutputError(weight, Gptq.quantize(weight, a.hessian(), o).dequantized(), xb, in)
                    + squaredOutputError(weight, Gptq.quantize(weight, b.hessian(), o).dequantized(), xa, in);
            assertEquals(expected[k], choice.scores()[k], 1e-6 * expected[k], "score at " + grid[k]);
            if (expected[k] < expected[best]) {
                best = k;
            }
        }
        assertEquals(grid[best], choice.dampening());
    }

    @Test
    void mostChosenBreaksTiesTowardLessDampening() {
        DampeningSearch search = new DampeningSearch(new double[] {0.01, 0.1});
        MiniLmMatrix m = new MiniLmMatrix(0, MiniLmMatrix.Kind.QUERY);
        List<DampeningSearch.MatrixChoice> tie = List.of(
                new DampeningSearch.MatrixChoice(m, new DampeningSearch.Choice(0.1, new double[2])),
                new DampeningSearch.MatrixChoice(m, new DampeningSearch.Choice(0.01, new double[2])));
        assertEquals(0.01, search.mostChosen(tie));
        assertEquals(0.1, search.mostChosen(List.of(tie.get(0))));
    }

    @Test
    void badGridIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> new DampeningSearch(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new DampeningSearch(new double[] {0.1, 0.01}));
        assertThrows(IllegalArgumentException.class, () -> new DampeningSearch(new double[] {0, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> new DampeningSearch(new double[] {0.1, 2}));
        assertThrows(IllegalArgumentException.class, () -> DampeningSearch.Half.of(new float[6], 3, new boolean[3]));
        assertThrows(IllegalArgumentException.class, () -> DampeningSearch.Half.of(new float[6], 3, new boolean[2]));
    }

    private static double squaredOutputError(WeightMatrix w, WeightMatrix q, float[] x, int in) {
        double total = 0;
        for (int t = 0; t < x.length / in; t++) {
            for (int r = 0; r < w.out(); r++) {
                double y = 0;
                for (int i = 0; i < in; i++) {
                    y += ((double) w.get(r, i) - q.get(r, i)) * x[t * in + i];
                }
                total += y * y;
            }
        }
        return total;
    }
}
