package quantlab.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * Where ONNX Runtime ran a model: on an NVIDIA GPU through the CUDA provider, or on the CPU. The course runs
 * everywhere, so a missing or broken GPU is never an error, only a one-line notice; timings a notebook prints say
 * which device produced them.
 */
public enum ExecutionProvider {

    /** ONNX Runtime's CUDA execution provider (CUDA 12, device 0). */
    CUDA,

    /** ONNX Runtime's default CPU execution provider. */
    CPU;

    /** Set this system property to {@code true} to skip the GPU even when one is present. */
    public static final String FORCE_CPU_PROPERTY = "quantlab.onnx.cpu";

    /** Why CUDA is not used, once found out; null while CUDA has not failed. */
    private static volatile String cudaUnavailable;
    private static volatile boolean noticePrinted;

    /** A session and the provider it runs on. */
    record Opened(OrtSession session, ExecutionProvider provider) {
    }

    /** Opens a session on CUDA when it works, else on the CPU with a one-line notice on standard output. */
    static Opened open(OrtEnvironment env, byte[] model, QdqCompute compute) throws OrtException {
        String reason = cudaUnavailable;
        if (reason == null) {
            reason = cudaPrecheck();
        }
        if (reason == null) {
            try (OrtSession.SessionOptions options = options(compute)) {
                options.addCUDA(0);
                return new Opened(env.createSession(model, options), CUDA);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                reason = "CUDA provider failed: " + firstLine(e.getMessage());
            }
        }
        cudaUnavailable = reason;
        if (!noticePrinted) {
            noticePrinted = true;
            System.out.println("ONNX Runtime: CUDA not available (" + reason + "); running on CPU");
        }
        try (OrtSession.SessionOptions options = options(compute)) {
            return new Opened(env.createSession(model, options), CPU);
        }
    }

    private static OrtSession.SessionOptions options(QdqCompute compute) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (compute.accuracyLevel() != null) {
            options.addConfigEntry(QdqCompute.ACCURACY_LEVEL_KEY, compute.accuracyLevel());
        }
        return options;
    }

    /** A cheap reason not to try CUDA, or null when it is worth trying. */
    private static String cudaPrecheck() {
        if (Boolean.getBoolean(FORCE_CPU_PROPERTY)) {
            return "-D" + FORCE_CPU_PROPERTY + "=true";
        }
        EnumSet<OrtProvider> built = OrtEnvironment.getAvailableProviders();
        if (!built.contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA provider";
        }
        // Trying CUDA unpacks a ~580 MB library, so first check that an NVIDIA driver is there at all.
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        if (linux && !Files.exists(Path.of("/proc/driver/nvidia/version")) && !Files.exists(Path.of("/dev/nvidia0"))) {
            return "no NVIDIA driver or GPU found";
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
