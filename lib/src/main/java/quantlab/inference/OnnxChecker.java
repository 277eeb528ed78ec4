package quantlab.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ONNX's own model checker ({@code onnx.checker.check_model} with {@code full_check=True}, which adds shape
 * and type inference) on a file, loaded into memory first: given a path, onnx 1.12 writes the inferred shapes back
 * into the file it checks. The checker lives in the Python {@code onnx} package, which the course set-up
 * installs from Debian ({@code python3-onnx}); where no Python has it, the result says so instead of failing.
 * Operators of other domains, such as ONNX Runtime's {@code com.microsoft.MatMulNBits}, are outside what the
 * checker knows; it checks everything around them.
 */
public final class OnnxChecker {

    /** The outcome of one check. */
    public record Result(Status status, String detail) {

        /** Whether the checker ran and accepted the file. */
        public boolean passed() {
            return status == Status.PASSED;
        }

        @Override
        public String toString() {
            return status.name().toLowerCase(java.util.Locale.ROOT) + " (" + detail + ")";
        }
    }

    /** What happened. */
    public enum Status { PASSED, FAILED, UNAVAILABLE }

    /** Environment variable naming the Python to use; otherwise python3 on the PATH, then /usr/bin/python3. */
    public static final String PYTHON_VARIABLE = "QUANTLAB_PYTHON";

    private static final String SCRIPT = String.join("\n",
            "import sys",
            "import onnx",
            "try:",
            "    model = onnx.load(sys.argv[1])",
            "    onnx.checker.check_model(model, full_check=True)",
            "except Exception as e:",
            "    print('onnx ' + onnx.__version__ + ': ' + type(e).__name__ + ': ' + ' '.join(str(e).split())[:600])",
            "    sys.exit(3)",
            "print('onnx ' + onnx.__version__ + ', full_check')");

    private static volatile String python;

    private OnnxChecker() {
    }

    /**
     * Checks one {@code .onnx} file.
     *
     * @throws IllegalArgumentException if the file does not exist
     */
    public static Result check(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file must be an existing .onnx file, got " + file);
        }
        String py = python();
        if (py == null) {
            return new Result(Status.UNAVAILABLE, "no Python with the onnx package; install python3-onnx");
        }
        Output out = run(List.of(py, "-c", SCRIPT, file.toAbsolutePath().toString()), 300);
        if (out.exitCode == 0) {
            return new Result(Status.PASSED, out.text);
        }
        return new Result(Status.FAILED, out.text.isEmpty() ? "exit code " + out.exitCode : out.text);
    }

    /** Whether a Python with the onnx package was found. */
    public static boolean available() {
        return python() != null;
    }

    private static String python() {
        String found = python;
        if (found != null) {
            return found.isEmpty() ? null : found;
        }
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv(PYTHON_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        found = "";
        for (String candidate : candidates) {
            Output probe = run(List.of(candidate, "-c", "import onnx.checker"), 120);
            if (probe.exitCode == 0) {
                found = candidate;
                break;
            }
        }
        python = found;
        return found.isEmpty() ? null : found;
    }

    private record Output(int exitCode, String text) {
    }

    private static Output run(List<String> command, int timeoutSeconds) {
        Path log = null;
        try {
            log = Files.createTempFile("onnx-check", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Output(-1, "timed out after " + timeoutSeconds + " s");
            }
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            String[] lines = text.split("\n");
            return new Output(p.exitValue(), lines[lines.length - 1].strip());
        } catch (IOException e) {
            return new Output(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "interrupted");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
