package quantlab.kernels;

/**
 * Run by {@link WithoutVectorApiTest} in a JVM started without {@code --add-modules jdk.incubator.vector}: the scalar
 * kernels must work there, and a SIMD kernel must fail with the message that names the flag. Prints one line per
 * finding; exit status 0 only when all hold.
 */
final class WithoutVectorApiProbe {

    private WithoutVectorApiProbe() {
    }

    public static void main(String[] args) {
        boolean ok = !VectorApi.isAvailable();
        System.out.println("vector api available: " + VectorApi.isAvailable());
        float[] x = {1, 2};
        float y0 = Fp32Weights.of(new float[] {1, 1}, 1, 2).multiply(x)[0];
        float y1 = Int8RowWeights.of(new byte[] {1, 1}, new float[] {1}, 1, 2).multiply(x)[0];
        float y2 = Int4GroupWeights.of(new byte[] {0x11}, new float[] {1}, 1, 2, 2).multiply(x)[0];
        System.out.println("scalar products: " + y0 + " " + y1 + " " + y2);
        ok &= y0 == 3f && y1 == 3f && y2 == 3f;
        PrefillDecode.Result pd = PrefillDecode.measure(PrefillDecode.randomFp32(32, 64, 1), 4, 2, 0.01);
        System.out.println("prefill/decode kernels: " + pd.kernels());
        ok &= pd.kernels().contains("scalar Java kernels") && pd.kernels().contains("--add-modules");
        try {
            SimdFp32Weights.of(new float[] {1, 1}, 1, 2);
            System.out.println("simd kernel loaded without the flag");
            ok = false;
        } catch (IllegalStateException e) {
            System.out.println("simd kernel refused: " + e);
            ok &= e.getMessage().contains("--add-modules jdk.incubator.vector");
        }
        System.exit(ok ? 0 : 1);
    }
}
