package quantlab.grading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Helpers for test JVMs: their launcher, killing one with everything it started, and test names. */
final class TestJvm {

    private TestJvm() {
    }

    /** {@code ArithTest.add} for {@code quantlab.exercises.ch01.ArithTest#add}; nested classes joined by dots. */
    static String name(ResultsFile.Line line) {
        String className = line.testClass();
        String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        return simple + "." + line.method();
    }

    /** Kills a test JVM and everything it started, then waits up to 10 s for it to go. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The java launcher of the running JVM, so the child runs the very same Java. */
    static Path javaExecutable() {
        String binary = System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java";
        Path fromProcess = ProcessHandle.current().info().command().map(Path::of).orElse(null);
        if (fromProcess != null && fromProcess.getFileName().toString().equals(binary)
                && Files.isExecutable(fromProcess)) {
            return fromProcess;
        }
        return Path.of(System.getProperty("java.home"), "bin", binary);
    }

    /** One argument for a java {@code @argfile}: in double quotes, backslashes and quotes escaped. */
    static String quote(String argument) {
        return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
