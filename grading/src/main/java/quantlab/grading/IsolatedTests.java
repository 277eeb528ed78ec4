package quantlab.grading;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs tests against graded sources in fresh child JVMs ({@link GradingRunner}), each fed a {@link SourceBundle}
 * over standard input, working in a throwaway copy of the graded sources, with a scrubbed environment, a heap
 * limit, a per-test limit, a deadline, and its output drained into a bounded buffer. When a child dies mid-run
 * ({@code System.exit}, out of memory, a crash), the test it was in fails and a new child runs the tests still
 * to run, so the code under test loses the affected tests and nothing more.
 */
public final class IsolatedTests {

    /** Output of a child kept in memory (its tail); the rest is counted and dropped. */
    static final int KEPT_OUTPUT = 16 * 1024;

    /** Output a child passes on before its own cap drops the rest. */
    static final long CHILD_OUTPUT_LIMIT = 256 * 1024;

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    /** How a request ended: tests ran; the graded code did not compile; or the tests could not even be listed. */
    public enum Status { TESTED, COMPILE_ERROR, NOT_LISTED }

    /** What a request gave: its status, the compiler's output or why nothing was listed, and one result per test. */
    public record Outcome(Status status, String problem, List<TestResult> results) {

        public Outcome {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(problem, "problem");
            results = List.copyOf(results);
        }
    }

    /** A point in time on the monotonic clock, shared by the runs that make up one submission's grading. */
    public record Deadline(long nanos) {

        /** The deadline {@code budget} from now. */
        public static Deadline after(Duration budget) {
            return new Deadline(System.nanoTime() + budget.toNanos());
        }

        /** Time left, never negative. */
        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
        }
    }

    /**
     * What to run: the graded sources (which alone go into the child's working copy), the test sources (which
     * reach the child only through its standard input), the test classes to run, and the deadline.
     */
    public record Request(List<SourceBundle.SourceFile> gradedSources, List<SourceBundle.SourceFile> testSources,
                          List<String> testClasses, Deadline deadline) {

        public Request {
            gradedSources = List.copyOf(gradedSources);
            testSources = List.copyOf(testSources);
            testClasses = List.copyOf(testClasses);
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    /** What one child left behind; {@code damage} says why its results file could not be read (else null). */
    private record Launch(ResultsFile.Contents contents, boolean killedAtDeadline, int exitCode, String output,
                          String damage) {
    }

    private final ChildRuntime runtime;
    private final GradingLimits limits;

    /** Runs tests on {@code runtime}'s class path under {@code limits}. */
    public IsolatedTests(ChildRuntime runtime, GradingLimits limits) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits the children run under. */
    public GradingLimits limits() {
        return limits;
    }

    /** The sandbox the children run in (or why there is none). */
    public Sandbox sandbox() {
        return runtime.sandbox();
    }

    private static volatile boolean stopped;

    /**
     * For a grader that is shutting down: starts no more child JVMs in this JVM and ends every one still running.
     * A grade computed from a child ended this way must be thrown away, not recorded.
     */
    public static void stopAll() {
        stopped = true;
        for (Process process : List.copyOf(LIVE)) {
            TestJvm.kill(process);
        }
    }

    /** Lists the tests without running any; the results all say "not run". */
    public Outcome list(Request request) {
        Launch launch = launch(request, List.of(), true);
        ResultsFile.Contents contents = launch.contents();
        if (contents.compileError() != null) {
            return new Outcome(Status.COMPILE_ERROR, contents.compileError(), List.of());
        }
        if (!contents.planComplete()) {
            return new Outcome(Status.NOT_LISTED, notListed(launch), List.of());
        }
        return new Outcome(Status.TESTED, "", contents.planned().stream()
                .map(line -> TestResult.failed(TestJvm.name(line), line.displayName(), positive(line), "not run"))
                .toList());
    }

    /** Compiles and runs the tests, resuming in a new child after each crash, until every test has a result. */
    public Outcome run(Request request) {
        List<ResultsFile.Line> planned = null;
        Map<String, TestResult> done = new LinkedHashMap<>();
        List<String> only = List.of();
        while (true) {
            if (request.deadline().remaining().isZero()) {
                if (planned == null) {
                    return new Outcome(Status.NOT_LISTED, ranOut(), List.of());
                }
                failRemaining(planned, done, ranOut());
                break;
            }
            Launch launch = launch(request, only, false);
            ResultsFile.Contents contents = launch.contents();
            if (planned == null) {
                if (launch.damage() != null) {
                    return new Outcome(Status.NOT_LISTED, "the test JVM " + ending(launch), List.of());
                }
                if (contents.compileError() != null) {
                    return new Outcome(Status.COMPILE_ERROR, contents.compileError(), List.of());
                }
                if (!contents.compiled()) {
                    return new Outcome(Status.COMPILE_ERROR, "the code could not be compiled: the test JVM "
                            + ending(launch) + " while compiling", List.of());
                }
                if (!contents.planComplete()) {
                    return new Outcome(Status.NOT_LISTED, notListed(launch), List.of());
                }
                planned = contents.planned();
            } else if (!contents.planComplete()) {
                failRemaining(planned, done, "not run: the test JVM " + ending(launch) + " before this test started");
                break;
            }
            for (ResultsFile.Line line : planned) {
                ResultsFile.Line result = contents.results().get(line.id());
                if (result != null && !done.containsKey(line.id())) {
                    done.put(line.id(), result.status() == ResultsFile.Status.PASSED
                            ? TestResult.passed(TestJvm.name(line), line.displayName(), positive(line))
                            : TestResult.failed(TestJvm.name(line), line.displayName(), positive(line),
                            result.message()));
                }
            }
            if (contents.finished()) {
                failRemaining(planned, done, "no result was reported for this test");
                break;
            }
            String reason = launch.killedAtDeadline() ? ranOut() : "the test JVM " + ending(launch) + " during this test";
            String open = contents.open().isEmpty() ? null : contents.open().get(contents.open().size() - 1);
            List<ResultsFile.Line> victims = remaining(planned, done).stream()
                    .filter(line -> open == null || line.id().equals(open) || line.id().startsWith(open + "/"))
                    .toList();
            for (ResultsFile.Line line : victims.isEmpty() ? remaining(planned, done) : victims) {
                done.put(line.id(), TestResult.failed(TestJvm.name(line), line.displayName(), positive(line), reason));
            }
            only = remaining(planned, done).stream().map(ResultsFile.Line::id).toList();
            if (only.isEmpty()) {
                break;
            }
        }
        List<TestResult> results = new ArrayList<>();
        for (ResultsFile.Line line : planned == null ? List.<ResultsFile.Line>of() : planned) {
            results.add(done.get(line.id()));
        }
        return new Outcome(Status.TESTED, "", results);
    }

    private String ranOut() {
        return "not finished: the time limit of " + limits.chapterTimeout().toSeconds()
                + " s for this submission ran out (an endless loop, or very slow code?)";
    }

    private static List<ResultsFile.Line> remaining(List<ResultsFile.Line> planned, Map<String, TestResult> done) {
        return planned == null ? List.of() : planned.stream().filter(line -> !done.containsKey(line.id())).toList();
    }

    private static void failRemaining(List<ResultsFile.Line> planned, Map<String, TestResult> done, String why) {
        for (ResultsFile.Line line : remaining(planned, done)) {
            done.put(line.id(), TestResult.failed(TestJvm.name(line), line.displayName(), positive(line), why));
        }
    }

    private static int positive(ResultsFile.Line line) {
        if (line.points() < 1) {
            throw new IllegalStateException("@Points on " + TestJvm.name(line) + " must be positive, was "
                    + line.points());
        }
        return line.points();
    }

    private String notListed(Launch launch) {
        return "the test JVM " + ending(launch) + " before it had listed the tests";
    }

    /** "exited with code 0 (System.exit or Runtime.halt in the code under test?)" and the like. */
    private String ending(Launch launch) {
        if (launch.damage() != null) {
            return "left results the grader cannot trust (" + launch.damage() + ")";
        }
        if (launch.killedAtDeadline()) {
            return "was stopped at the time limit of " + limits.chapterTimeout().toSeconds() + " s";
        }
        if (launch.output().contains("java.lang.OutOfMemoryError")) {
            return "ran out of memory (heap limit " + limits.maxHeapMb() + " MB)";
        }
        if (launch.output().contains("A fatal error has been detected by the Java Runtime Environment")) {
            return "crashed (exit code " + launch.exitCode() + ")";
        }
        return "exited with code " + launch.exitCode() + " (System.exit or Runtime.halt in the code under test?)";
    }

    /**
     * One child. If the shared runtime changed while it ran (some child damaged it), the runtime is reinstalled
     * and this child runs once more, so no student's grade depends on what another student's code did.
     */
    private Launch launch(Request request, List<String> only, boolean listOnly) {
        runtime.ensureIntact();
        Launch launch = launchOnce(request, only, listOnly);
        if (!runtime.ensureIntact()) {
            launch = launchOnce(request, only, listOnly);
            runtime.ensureIntact();
        }
        return launch;
    }

    private Launch launchOnce(Request request, List<String> only, boolean listOnly) {
        if (stopped) {
            throw new IllegalStateException("grading is shutting down");
        }
        Path work = null;
        Process process = null;
        byte[] key = ResultsFile.newKey();
        try {
            work = runtime.newWorkingFolder(request.gradedSources());
            Path results = work.resolve("results.tsv");
            Duration remaining = request.deadline().remaining();
            Sandbox sandbox = runtime.sandbox();
            Path runtimeSeen = sandbox.active() ? Sandbox.RUNTIME_MOUNT : runtime.runtimeFolder();
            Path workSeen = sandbox.active() ? Sandbox.WORK_MOUNT : work;
            Path java = sandbox.active() ? sandbox.jdk().resolve("bin/java") : TestJvm.javaExecutable();
            List<String> command = new ArrayList<>(List.of(java.toString(),
                    "-Xmx" + limits.maxHeapMb() + "m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:-UsePerfData",
                    "-XX:+DisableAttachMechanism",
                    "-XX:-EnableDynamicAgentLoading",
                    "-Djava.awt.headless=true",
                    "-Dfile.encoding=UTF-8",
                    "-Dstdout.encoding=UTF-8",
                    "-Dstderr.encoding=UTF-8",
                    "-Duser.home=" + workSeen,
                    "-Duser.dir=" + workSeen.resolve("src"),
                    "-Djava.io.tmpdir=" + (sandbox.active() ? "/tmp" : workSeen.resolve("tmp").toString())));
            if (Runtime.version().feature() >= 24) {
                command.add("--illegal-native-access=deny"); // no JNI or FFM for graded code
            }
            List<String> modules = runtime.modules();
            command.addAll(List.of(
                    "--limit-modules", "java.se,jdk.compiler,jdk.zipfs," + String.join(",", modules),
                    "--add-modules", String.join(",", modules),
                    "--add-reads", ChildRuntime.RUNNER_MODULE + "=ALL-UNNAMED",
                    "--module-path", GradingClassPath.join(runtime.modulePath(runtimeSeen)),
                    "-cp", GradingClassPath.join(runtime.classPath(runtimeSeen)),
                    "-m", ChildRuntime.RUNNER_MODULE + "/quantlab.grading.runner.GradingRunner",
                    "--results", workSeen.resolve("results.tsv").toString(),
                    "--test-timeout-ms", String.valueOf(limits.testTimeout().toMillis()),
                    "--deadline-ms", String.valueOf(remaining.toMillis() + 5_000),
                    "--output-limit", String.valueOf(CHILD_OUTPUT_LIMIT)));
            if (listOnly) {
                command.add("--list-only");
            }
            ProcessBuilder builder = new ProcessBuilder(sandbox.active()
                    ? sandbox.wrap(runtime.runtimeFolder(), work, command) : command)
                    .directory(work.resolve("src").toFile())
                    .redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.put("PATH", java.getParent() + ":/usr/bin:/bin");
            environment.put("HOME", workSeen.toString());
            environment.put("TMPDIR", sandbox.active() ? "/tmp" : workSeen.resolve("tmp").toString());
            environment.put("LANG", "C.UTF-8");
            process = builder.start();
            LIVE.add(process);
            if (stopped) {
                TestJvm.kill(process);
            }
            OutputTail output = OutputTail.drain(process.getInputStream(), KEPT_OUTPUT);
            List<SourceBundle.SourceFile> sources = new ArrayList<>(request.gradedSources());
            sources.addAll(request.testSources());
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(key);
                new SourceBundle(sources, request.testClasses(), only).writeTo(stdin);
            } catch (IOException e) {
                // The child died before reading its sources; its exit tells why.
            }
            boolean exited = process.waitFor(remaining.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                TestJvm.kill(process);
            }
            output.await(2_000);
            int exitCode = exited ? process.exitValue() : -1;
            if (!Files.exists(results) && !exited) {
                return new Launch(new ResultsFile.Contents(List.of(), Map.of(), false, false), true, exitCode,
                        output.text(), null);
            }
            if (!Files.exists(results)) {
                return new Launch(new ResultsFile.Contents(List.of(), Map.of(), false, false), false, exitCode,
                        output.text(), "its results file is missing (deleted by the code under test?)");
            }
            try {
                ResultsFile.Contents contents = ResultsFile.read(results, key);
                if (contents.tampered()) {
                    return new Launch(new ResultsFile.Contents(List.of(), Map.of(), false, false), false, exitCode,
                            output.text(), "the code under test called the runner's test listener itself");
                }
                return new Launch(contents, !exited && !contents.finished(), exitCode, output.text(), null);
            } catch (IllegalStateException e) {
                return new Launch(new ResultsFile.Contents(List.of(), Map.of(), false, false), !exited, exitCode,
                        output.text(), e.getMessage());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test JVM with " + TestJvm.javaExecutable() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grading was interrupted", e);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
            if (process != null) {
                if (process.isAlive()) {
                    TestJvm.kill(process);
                }
                LIVE.remove(process);
            }
            ChildRuntime.deleteQuietly(work);
        }
    }

}
