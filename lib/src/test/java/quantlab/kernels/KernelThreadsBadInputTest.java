package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The pool, the threaded GEMV and the prefill GEMM reject bad input with messages naming parameter and value. */
class KernelThreadsBadInputTest {

    private static void rejects(Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), "message should name '" + parameter + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should show '" + value + "': " + e.getMessage());
    }

    @Test
    void threadCountBelowOne() {
        rejects(() -> KernelThreads.of(0), "threads", "0");
        rejects(() -> KernelThreads.of(-3), "threads", "-3");
    }

    @Test
    void shortVectorsAndBadRanges() {
        try (KernelThreads pool = KernelThreads.of(2)) {
            ThreadedGemv t = ThreadedGemv.of(Fp32Weights.of(new float[8], 2, 4), pool);
            rejects(() -> t.multiply(new float[3]), "x length", "3");
            rejects(() -> t.multiply(new float[4], new float[1]), "y length", "1");
            rejects(() -> t.multiplyRows(new float[4], new float[2], 1, 3), "toRow", "3");
            rejects(() -> t.multiplyRows(new float[4], new float[2], -1, 1), "fromRow", "-1");
            Gemm g = Gemm.of(Fp32Weights.of(new float[8], 2, 4), pool);
            rejects(() -> g.multiply(new float[][] {new float[4], new float[3]}), "x[1] length", "3");
            rejects(() -> g.multiply(new float[0][]), "x", "0");
            rejects(() -> g.multiply(new float[][] {new float[4]}, new float[2][2]), "y", "2");
            rejects(() -> Gemm.of(t, pool), "weights", "2 threads");
            rejects(() -> ThreadedGemv.of(null, pool), "weights", "null");
            rejects(() -> pool.run(-1, 1, (w, f, e) -> { }), "count", "-1");
            rejects(() -> pool.run(4, 0, (w, f, e) -> { }), "align", "0");
        }
    }

    @Test
    void aWorkersExceptionReachesTheCaller() {
        try (KernelThreads pool = KernelThreads.of(3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(30, 1, (w, f, t) -> {
                if (w == 2) {
                    throw new IllegalStateException("worker two failed");
                }
            }));
            assertTrue(e.getMessage().contains("worker two"), e.getMessage());
            // The pool still works afterwards.
            int[] seen = new int[3];
            pool.run(30, 1, (w, f, t) -> seen[w] = t - f);
            assertTrue(seen[0] == 10 && seen[1] == 10 && seen[2] == 10, java.util.Arrays.toString(seen));
        }
    }

    @Test
    void aClosedPoolSaysSo() {
        KernelThreads pool = KernelThreads.of(2);
        pool.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(1, 1, (w, f, t) -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
