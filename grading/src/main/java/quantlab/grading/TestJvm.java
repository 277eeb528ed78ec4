package quantlab.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs compiled test classes in a child JVM ({@link GradingRunner}) under a wall-clock limit and a heap limit,
 * and turns its results file into one {@link TestResult} per planned test; tests the child never finished
 * (time limit, crash, {@code System.exit}) score 0 with a message saying so.
 */
final class TestJvm {

    private static final int OUTPUT_TAIL_LINES = 8;

    private TestJvm() {
    }

    /** What one child JVM left behind. */
    private record Launch(ResultsFile.Contents contents, boolean timedOut, int exitCode, String outputTail) {
    }

    /** Runs the tests; one result per test method, in plan order. */
    static List<TestResult> runTests(List<Path> classPath, List<String> testClasses, Path workDir, Path courseRoot,
                                     GradingLimits limits) {
        Launch launch = launch(classPath, testClasses, workDir, courseRoot, limits, false);
        List<TestResult> results = new ArrayList<>();
        for (ResultsFile.Line planned : launch.contents().planned()) {
            ResultsFile.Line result = launch.contents().results().get(planned.id());
            String name = name(planned);
            if (planned.points() < 1) {
                throw new IllegalStateException("@Points on " + name + " must be positive, was " + planned.points());
            }
            if (result != null && result.status() == ResultsFile.Status.PASSED) {
                results.add(TestResult.passed(name, planned.displayName(), planned.points()));
            } else if (result != null) {
                results.add(TestResult.failed(name, planned.displayName(), planned.points(), result.message()));
            } else {
                results.add(TestResult.failed(name, planned.displayName(), planned.points(), whyMissing(launch, limits)));
            }
        }
        return List.copyOf(results);
    }

    /** Lists the test methods without running them (for a chapter whose graded code does not compile). */
    static List<ResultsFile.Line> listTests(List<Path> classPath, List<String> testClasses, Path workDir,
                                            Path courseRoot, GradingLimits limits) {
        return launch(classPath, testClasses, workDir, courseRoot, limits, true).contents().planned();
    }

    /** {@code ArithTest.add} for {@code quantlab.exercises.ch01.ArithTest#add}; nested classes joined by dots. */
    static String name(ResultsFile.Line line) {
        String className = line.testClass();
        String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        return simple + "." + line.method();
    }

    private static String whyMissing(Launch launch, GradingLimits limits) {
        if (launch.timedOut()) {
            return "not finished: grading was stopped at the chapter's time limit of "
                    + limits.chapterTimeout().toSeconds() + " s (an endless loop, or very slow code?)";
        }
        if (!launch.contents().finished()) {
            return "not finished: the test JVM exited with code " + launch.exitCode()
                    + " before this test finished (System.exit, out of memory, or a crash)"
                    + (launch.outputTail().isEmpty() ? "" : "; its last output: " + launch.outputTail());
        }
        return "no result was reported for this test";
    }

    private static Launch launch(List<Path> classPath, List<String> testClasses, Path workDir, Path courseRoot,
                                 GradingLimits limits, boolean listOnly) {
        Path results = workDir.resolve(listOnly ? "test-list.tsv" : "test-results.tsv");
        Path output = workDir.resolve(listOnly ? "test-list.log" : "test-output.log");
        Path argFile = workDir.resolve(listOnly ? "list.args" : "run.args");
        List<String> args = new ArrayList<>(List.of(
                "-Xmx" + limits.maxHeapMb() + "m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dfile.encoding=UTF-8",
                "-cp", GradingClassPath.join(classPath),
                GradingRunner.class.getName(),
                "--results", results.toString(),
                "--test-timeout-ms", String.valueOf(limits.testTimeout().toMillis())));
        if (listOnly) {
            args.add("--list-only");
        }
        args.addAll(testClasses);
        Process process = null;
        try {
            Files.write(argFile, args.stream().map(TestJvm::quote).toList(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(javaExecutable().toString(), "@" + argFile)
                    .directory(courseRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put(Course.HOME_VARIABLE, courseRoot.toString());
            process = builder.start();
            boolean exited = process.waitFor(limits.chapterTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
            }
            ResultsFile.Contents contents = ResultsFile.read(results);
            int exitCode = exited ? process.exitValue() : -1;
            Launch launch = new Launch(contents, !exited && !contents.finished(), exitCode, tail(output));
            if (!contents.planComplete()) {
                throw new IllegalStateException("the test JVM " + (exited ? "exited with code " + exitCode
                        : "hit the time limit of " + limits.chapterTimeout().toSeconds() + " s")
                        + " before it had listed the tests, so nothing could be graded. Its last output:\n"
                        + launch.outputTail());
            }
            return launch;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test JVM " + javaExecutable(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grading was interrupted", e);
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
        }
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

    private static String tail(Path output) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(output.toFile(), "r")) {
            long start = Math.max(0, file.length() - 8192);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).strip().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
