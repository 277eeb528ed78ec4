package quantlab.gptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * The upper factor U of H⁻¹ (H⁻¹ = Uᵀ U) against the long way round, computed by a second library: Apache Commons
 * Math inverts H and factors the inverse (Cholesky of H, full inverse, Cholesky of H⁻¹), which is what GPTQ's
 * reference code does. Our route never forms H⁻¹ and works in panels, so the sizes cross the panel, tile and
 * parallel thresholds.
 */
class InverseHessianTest {

    @Test
    void matchesCholeskyOfTheExplicitInverse() {
        for (int n : new int[] {1, 5, 33, 130, 301}) {
            Random rnd = new Random(n);
            int tokens = n + 7;
            float[] x = new float[tokens * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextGaussian() * (1 + i % n % 5)); // uneven scales, as real inputs have
            }
            double[] h = Hessian.of(x, tokens, n).matrix();
            for (int i = 0; i < n; i++) {
                h[i * n + i] += 0.01 * tokens; // a dampening-sized shift keeps the comparison well conditioned
            }
            RealMatrix hm = new Array2DRowRealMatrix(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    hm.setEntry(i, j, h[i * n + j]);
                }
            }
            RealMatrix inverse = new CholeskyDecomposition(hm, 1e-12, 1e-14).getSolver().getInverse();
            RealMatrix expected = new CholeskyDecomposition(symmetric(inverse), 1e-9, 1e-14).getLT();
            double[] u = InverseHessian.upperFactor(h, n);
            double worst = 0;
            double largest = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    worst = Math.max(worst, Math.abs(u[i * n + j] - expected.getEntry(i, j)));
                    largest = Math.max(largest, Math.abs(expected.getEntry(i, j)));
                }
            }
            assertTrue(worst <= 1e-9 * largest, "n " + n + ": max |U - U_commons| = " + worst + " of " + largest);
        }
    }

    @Test
    void handExampleOfChapterSix() {
        // H = 2I + 4J (J all ones), so H⁻¹ = I/2 - J/7: 5/14 on the diagonal, -1/7 elsewhere.
        double[] h = {6, 4, 4, 4, 6, 4, 4, 4, 6};
        double[] u = InverseHessian.upperFactor(h, 3);
        assertEquals(5.0 / 14, u[0] * u[0], 1e-12, "U[0][0]² is [H⁻¹]_00");
        assertEquals(-0.4, u[1] / u[0], 1e-12, "[H⁻¹]_01 / [H⁻¹]_00 = (-1/7) / (5/14)");
        assertEquals(-0.4, u[2] / u[0], 1e-12);
        // With column 0 fixed, the rest is [[6, 4], [4, 6]]: inverse [[0.3, -0.2], [-0.2, 0.3]], ratio -2/3.
        assertEquals(0.3, u[4] * u[4], 1e-12);
        assertEquals(-2.0 / 3, u[5] / u[4], 1e-12);
        assertEquals(0.0, u[3]);
        assertEquals(0.0, u[6]);
        assertEquals(0.0, u[7]);
    }

    @Test
    void eigenvaluesOfTheHandExample() {
        // The chapter's four tokens give H = 2I + 4J: eigenvalue 2 + 4·3 = 14 along (1, 1, 1), 2 twice across it.
        float[] tokens = {1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1};
        double[] e = Hessian.of(tokens, 4, 3).eigenvalues();
        assertEquals(3, e.length);
        assertEquals(2, e[0], 1e-9);
        assertEquals(2, e[1], 1e-9);
        assertEquals(14, e[2], 1e-9);
    }

    @Test
    void singularHessianIsNamed() {
        double[] h = {1, 1, 1, 1}; // rank one
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InverseHessian.upperFactor(h, 2));
        assertTrue(e.getMessage().contains("positive definite") && e.getMessage().contains("dampening"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InverseHessian.upperFactor(new double[3], 2));
    }

    private static RealMatrix symmetric(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
