package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The arithmetic of {@link PrefillDecode}, with every figure worked out by hand; no timing is asserted. */
class PrefillDecodeTest {

    @Test
    void fp32FiguresByHand() {
        // 64 x 128 fp32: 8192 weights, 32768 bytes. Decode: 2 x 8192 = 16384 FLOP per token, 16384 / 32768 = 0.5
        // FLOP per byte. Prefill of 16 tokens: 262144 FLOP over the same 32768 bytes, 8 FLOP per byte.
        Fp32Weights w = Fp32Weights.of(new float[64 * 128], 64, 128);
        PrefillDecode.Result r = PrefillDecode.result(w, 2, 16, 1e-3, 10, 4e-3, 5);
        PrefillDecode.Regime d = r.decode();
        assertEquals("decode", d.name());
        assertEquals(1, d.tokens());
        assertEquals(16384L, d.flop());
        assertEquals(32768L, d.weightBytes());
        assertEquals(0.5, d.flopPerByte(), 0);
        // 1 ms per token: 1000 tokens/s, 32768 B / 1 ms = 0.032768 GB/s, 16384 FLOP / 1 ms = 0.016384 GFLOP/s.
        assertEquals(1000, d.tokensPerSecond(), 1e-9);
        assertEquals(0.032768, d.weightGBs(), 1e-12);
        assertEquals(0.016384, d.gflops(), 1e-12);
        assertEquals(10, d.passes());
        PrefillDecode.Regime p = r.prefill();
        assertEquals(16, p.tokens());
        assertEquals(262144L, p.flop());
        assertEquals(32768L, p.weightBytes());
        assertEquals(8.0, p.flopPerByte(), 0);
        // 16 tokens in 4 ms: 4000 tokens/s, 4 times decode's; 262144 FLOP / 4 ms = 0.065536 GFLOP/s.
        assertEquals(4000, p.tokensPerSecond(), 1e-9);
        assertEquals(0.065536, p.gflops(), 1e-12);
        assertEquals(0.008192, p.weightGBs(), 1e-12);
        assertEquals(4.0, r.prefillSpeedup(), 1e-12);
        assertEquals("fp32, 2 threads", d.kernel());
        assertTrue(r.kernels().startsWith("scalar Java kernels (fp32)"), r.kernels());
    }

    @Test
    void int8CountsItsScalesAsWeightBytes() {
        // 64 x 128 int8 per row: 8192 code bytes + 64 x 4 scale bytes = 8448; 16384 / 8448 FLOP per byte.
        Int8RowWeights w = Int8RowWeights.of(new byte[64 * 128], ones(64), 64, 128);
        PrefillDecode.Result r = PrefillDecode.result(w, 1, 4, 1e-3, 3, 1e-3, 3);
        assertEquals(8448L, r.decode().weightBytes());
        assertEquals(16384.0 / 8448, r.decode().flopPerByte(), 1e-15);
        assertEquals(4 * 16384.0 / 8448, r.prefill().flopPerByte(), 1e-15);
        assertEquals("int8 per-row, 1 thread", r.prefill().kernel());
    }

    @Test
    void aShortRunSaysWhichKernelsItUsed() {
        PrefillDecode.Result r = PrefillDecode.measure(PrefillDecode.randomFp32(48, 64, 1), 3, 2, 0.01);
        assertTrue(r.decode().passes() >= 3 && r.prefill().passes() >= 3);
        assertEquals(3, r.prefill().tokens());
        String expected = VectorApi.isAvailable() ? "Vector API kernels" : "scalar Java kernels";
        assertTrue(r.kernels().startsWith(expected), r.kernels());
        assertEquals(VectorApi.isAvailable() ? "fp32 simd, 2 threads" : "fp32, 2 threads", r.decode().kernel());
    }

    @Test
    void badArguments() {
        Fp32Weights w = Fp32Weights.of(new float[4], 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrefillDecode.measure(w, 0, 1, 1));
        assertTrue(e.getMessage().contains("promptTokens") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrefillDecode.measure(w, 2, 0, 1));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("0"), e.getMessage());
    }

    private static float[] ones(int n) {
        float[] s = new float[n];
        java.util.Arrays.fill(s, 1f);
        return s;
    }
}
