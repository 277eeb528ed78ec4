package quantlab.kernels;

/**
 * Whether this JVM can run the Vector API kernels ({@code Simd*Weights}): they need the incubator module
 * {@value #MODULE}, which a JVM only resolves when started with {@code --add-modules jdk.incubator.vector}. This class
 * itself uses no Vector API type, so asking is safe in any JVM.
 */
public final class VectorApi {

    /** The incubator module the SIMD kernels are written against. */
    public static final String MODULE = "jdk.incubator.vector";

    private VectorApi() {
    }

    /** True when {@value #MODULE} is in this JVM's boot layer. */
    public static boolean isAvailable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * The vectors the SIMD kernels use on this machine, such as "512-bit, 16 float lanes (fp32: 256-bit, 8)".
     *
     * @throws IllegalStateException if this JVM was started without {@value #MODULE}
     */
    public static String vectorShape() {
        require();
        return VectorKernels.shape();
    }

    /**
     * Fails with a message that says which flag is missing.
     *
     * @throws IllegalStateException if {@value #MODULE} is not in this JVM
     */
    static void require() {
        if (!isAvailable()) {
            throw new IllegalStateException("the SIMD kernels need the Vector API module " + MODULE
                    + ", which this JVM did not load: start java with --add-modules " + MODULE
                    + " (the scalar Fp32Weights, Int8RowWeights and Int4GroupWeights need no flag)");
        }
    }
}
