package quantlab.grading.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.MultipleFailuresError;
import quantlab.grading.Points;
import quantlab.grading.ResultsFile;
import quantlab.grading.SourceBundle;

/**
 * The main class of the test JVM. It reads, from its standard input and before any graded code exists, a per-run
 * secret key and then a {@link SourceBundle}; compiles the bundle in memory; runs the test classes with the JUnit
 * Platform Launcher (or with {@code --list-only} only lists them); and writes one line per test (plan first, then
 * results) to a results file, each line sealed with an HMAC under the key ({@link ResultsFile}), so the grader can
 * tell the runner's lines from anything the code under test writes. This class lives in the named module
 * {@code quantlab.grading.runner}, which opens no package: graded code (in an unnamed module) cannot reach the key
 * by reflection, and the test JVM is started without {@code jdk.unsupported} (Unsafe) or {@code jdk.attach}. Results
 * are recorded only from the thread that runs the launcher and never while graded code is on the stack.
 */
public final class GradingRunner {

    private static final int MAX_MESSAGE = 4000;

    static final String USAGE = "usage: GradingRunner --results FILE [--test-timeout-ms N] [--list-only]"
            + " [--deadline-ms N] [--output-limit BYTES]   (key and source bundle on standard input)";

    private GradingRunner() {
    }

    /** Runs (or with {@code --list-only} only lists) the tests; exits 0 once the results file is complete. */
    public static void main(String[] args) throws IOException {
        Path results = null;
        long testTimeoutMillis = 0;
        long deadlineMillis = 0;
        long outputLimit = 0;
        boolean listOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--test-timeout-ms" -> testTimeoutMillis = Long.parseLong(args[++i]);
                case "--deadline-ms" -> deadlineMillis = Long.parseLong(args[++i]);
                case "--output-limit" -> outputLimit = Long.parseLong(args[++i]);
                case "--list-only" -> listOnly = true;
                default -> {
                    System.err.println("unknown argument " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (results == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        watchdog(deadlineMillis);
        // Standard input is read directly, not through System.in, so no buffer that graded code can reach ever
        // holds the key; the stream is closed before any graded class is loaded.
        Seal seal;
        SourceBundle bundle;
        try (FileInputStream stdin = new FileInputStream(FileDescriptor.in)) {
            byte[] key = stdin.readNBytes(ResultsFile.KEY_BYTES);
            if (key.length != ResultsFile.KEY_BYTES) {
                System.err.println("no key on standard input\n" + USAGE);
                System.exit(2);
            }
            seal = new Seal(key);
            Arrays.fill(key, (byte) 0);
            bundle = SourceBundle.readFrom(stdin);
        }
        try (BufferedWriter out = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
            Recorder recorder = new Recorder(out, seal, Thread.currentThread());
            MemoryCompiler.Result compiled = MemoryCompiler.compile(bundle.sources(),
                    System.getProperty("java.class.path") + java.io.File.pathSeparator
                            + System.getProperty("jdk.module.path", ""));
            if (!compiled.succeeded()) {
                recorder.write(ResultsFile.format(ResultsFile.COMPILE_ERROR, compiled.errors()));
                recorder.write(ResultsFile.FINISHED);
                out.close();
                System.exit(0);
            }
            recorder.write(ResultsFile.COMPILED);
            Set<String> testSources = new HashSet<>();
            for (SourceBundle.SourceFile file : bundle.sources()) {
                if (bundle.testClasses().contains(file.className())) {
                    testSources.add(file.path());
                }
            }
            Set<String> graded = new HashSet<>();
            compiled.origins().forEach((name, path) -> {
                if (!testSources.contains(path)) {
                    graded.add(name);
                }
            });
            MemoryClassLoader loader = new MemoryClassLoader(compiled.classes(), GradingRunner.class.getClassLoader());
            recorder.watch(loader, graded);
            Thread.currentThread().setContextClassLoader(loader);
            List<DiscoverySelector> selectors = bundle.onlyTestIds().isEmpty()
                    ? bundle.testClasses().stream().map(name -> (DiscoverySelector) selectClass(loader, name)).toList()
                    : bundle.onlyTestIds().stream().map(id -> (DiscoverySelector) selectUniqueId(id)).toList();
            if (outputLimit > 0) {
                System.setOut(new PrintStream(new CappedOutput(System.out, outputLimit), true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(new CappedOutput(System.err, outputLimit), true, StandardCharsets.UTF_8));
            }
            LauncherDiscoveryRequest request = request(selectors, testTimeoutMillis);
            Launcher launcher = LauncherFactory.create();
            if (listOnly) {
                recorder.testPlanExecutionStarted(launcher.discover(request));
            } else {
                launcher.execute(request, recorder);
            }
            recorder.write(ResultsFile.FINISHED);
        }
        System.out.flush();
        System.err.flush();
        // Tests may leave threads behind (a timed-out endless loop keeps spinning): end the JVM regardless.
        System.exit(0);
    }

    /** The HMAC that seals each results line, numbered from 0, under the run's key. */
    private static final class Seal {

        private final Mac mac;
        private long next;

        Seal(byte[] key) {
            this.mac = ResultsFile.newMac(key);
        }

        String seal(String line) {
            return line + "\t" + ResultsFile.tag(mac, next++, line);
        }
    }

    /**
     * Ends this JVM at the deadline (when positive) or as soon as the grader that started it is gone, so a
     * grader killed mid-batch leaves no test JVM running on (in the sandbox, bubblewrap's --die-with-parent does
     * the same for every process of the run).
     */
    private static void watchdog(long deadlineMillis) {
        ProcessHandle grader = ProcessHandle.current().parent().orElse(null);
        long end = deadlineMillis > 0 ? System.nanoTime() + deadlineMillis * 1_000_000L : Long.MAX_VALUE;
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    // Graded code may interrupt every thread it finds; keep watching.
                }
                if (grader != null && !grader.isAlive()) {
                    Runtime.getRuntime().halt(125);
                }
                if (end != Long.MAX_VALUE && System.nanoTime() - end > 0) {
                    Runtime.getRuntime().halt(124);
                }
            }
        }, "grading-watchdog");
        watch.setDaemon(true);
        watch.start();
    }

    private static LauncherDiscoveryRequest request(List<DiscoverySelector> selectors, long testTimeoutMillis) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
        if (testTimeoutMillis > 0) {
            builder.configurationParameter("junit.jupiter.execution.timeout.default", testTimeoutMillis + " ms")
                    .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD");
        }
        return builder.build();
    }

    /**
     * Records the plan and one result per graded test method. A method's result covers all its invocations
     * (parameterized, repeated, dynamic): it passes only if every one passes. A failed or skipped container
     * (say a failing {@code @BeforeAll}) fails the methods under it that have no result yet.
     */
    private static final class Recorder implements TestExecutionListener {

        private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

        private final BufferedWriter out;
        private final Seal seal;
        private final Thread launcherThread;
        private volatile ClassLoader gradedLoader;
        private volatile Set<String> gradedClasses = Set.of();
        private boolean tampered;
        private TestPlan plan;
        private final Map<String, ResultsFile.Line> graded = new LinkedHashMap<>();
        private final Map<String, String> firstFailure = new HashMap<>();
        private final Set<String> reported = new HashSet<>();
        private final Set<String> tracked = new HashSet<>();

        Recorder(BufferedWriter out, Seal seal, Thread launcherThread) {
            this.out = out;
            this.seal = seal;
            this.launcherThread = launcherThread;
        }

        /** From now on, calls made with a class of {@code graded} (from {@code loader}) on the stack are refused. */
        void watch(ClassLoader loader, Set<String> graded) {
            gradedLoader = loader;
            gradedClasses = Set.copyOf(graded);
        }

        /**
         * Whether a listener call may be recorded: it must come from the launcher's own thread, with no class of
         * the graded code on the stack. Otherwise the graded code got hold of this listener and is calling it:
         * that is recorded (once) as tampering, which fails every test of the run, and the call is ignored.
         */
        private boolean genuine() {
            boolean ok = Thread.currentThread() == launcherThread && !gradedCodeOnStack();
            if (!ok) {
                synchronized (this) {
                    if (!tampered) {
                        tampered = true;
                        write(ResultsFile.TAMPERED);
                    }
                }
            }
            return ok;
        }

        private boolean gradedCodeOnStack() {
            ClassLoader loader = gradedLoader;
            if (loader == null) {
                return false;
            }
            Set<String> graded = gradedClasses;
            return STACK.walk(frames -> frames.anyMatch(frame -> frame.getDeclaringClass().getClassLoader() == loader
                    && graded.contains(frame.getDeclaringClass().getName())));
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            if (!genuine() || plan != null) {
                return;
            }
            plan = testPlan;
            for (TestIdentifier root : testPlan.getRoots()) {
                collect(root);
            }
            for (ResultsFile.Line line : graded.values()) {
                write(ResultsFile.format(ResultsFile.TEST, line));
            }
            write(ResultsFile.PLANNED);
        }

        @Override
        public void executionStarted(TestIdentifier identifier) {
            if (!genuine()) {
                return;
            }
            if (tracked.contains(identifier.getUniqueId())) {
                write(ResultsFile.format(ResultsFile.START, identifier.getUniqueId()));
            }
        }

        private void collect(TestIdentifier identifier) {
            if (isGraded(identifier)) {
                MethodSource source = (MethodSource) identifier.getSource().orElseThrow();
                graded.put(identifier.getUniqueId(), new ResultsFile.Line(identifier.getUniqueId(),
                        source.getClassName(), source.getMethodName(), identifier.getDisplayName(),
                        points(source), ResultsFile.Status.PLANNED, ""));
                // The test and every container above it get START/END records.
                Optional<TestIdentifier> node = Optional.of(identifier);
                while (node.isPresent() && tracked.add(node.get().getUniqueId())) {
                    node = plan.getParent(node.get());
                }
                return;
            }
            for (TestIdentifier child : plan.getChildren(identifier)) {
                collect(child);
            }
        }

        private boolean isGraded(TestIdentifier identifier) {
            boolean method = identifier.getSource().filter(MethodSource.class::isInstance).isPresent();
            boolean parentMethod = plan.getParent(identifier)
                    .flatMap(TestIdentifier::getSource).filter(MethodSource.class::isInstance).isPresent();
            return method && !parentMethod;
        }

        private static int points(MethodSource source) {
            Method method = source.getJavaMethod();
            Points points = method.getAnnotation(Points.class);
            return points == null ? 1 : points.value();
        }

        @Override
        public void executionSkipped(TestIdentifier identifier, String reason) {
            if (!genuine()) {
                return;
            }
            if (graded.containsKey(identifier.getUniqueId())) {
                report(identifier.getUniqueId(), ResultsFile.Status.SKIPPED, "skipped: " + reason);
            } else if (gradedAncestor(identifier).isEmpty()) {
                failUnreported(identifier, ResultsFile.Status.SKIPPED,
                        "skipped: " + identifier.getDisplayName() + ": " + reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (!genuine()) {
                return;
            }
            recordFinished(identifier, result);
            if (tracked.contains(identifier.getUniqueId())) {
                write(ResultsFile.format(ResultsFile.END, identifier.getUniqueId()));
            }
        }

        private void recordFinished(TestIdentifier identifier, TestExecutionResult result) {
            String id = identifier.getUniqueId();
            if (graded.containsKey(id)) {
                String failure = firstFailure.get(id);
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    report(id, status(result), message(result));
                } else if (failure != null) {
                    report(id, ResultsFile.Status.FAILED, failure);
                } else {
                    report(id, ResultsFile.Status.PASSED, "");
                }
                return;
            }
            Optional<String> ancestor = gradedAncestor(identifier);
            if (ancestor.isPresent()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    firstFailure.putIfAbsent(ancestor.get(), identifier.getDisplayName() + ": " + message(result));
                }
                return;
            }
            String why = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                    ? "no result was reported for this test"
                    : "not run: " + identifier.getDisplayName() + " failed: " + message(result);
            failUnreported(identifier, ResultsFile.Status.FAILED, why);
        }

        private Optional<String> gradedAncestor(TestIdentifier identifier) {
            Optional<TestIdentifier> parent = plan.getParent(identifier);
            while (parent.isPresent()) {
                if (graded.containsKey(parent.get().getUniqueId())) {
                    return Optional.of(parent.get().getUniqueId());
                }
                parent = plan.getParent(parent.get());
            }
            return Optional.empty();
        }

        private void failUnreported(TestIdentifier container, ResultsFile.Status status, String message) {
            for (TestIdentifier descendant : plan.getDescendants(container)) {
                String id = descendant.getUniqueId();
                if (graded.containsKey(id) && !reported.contains(id)) {
                    report(id, status, message);
                }
            }
        }

        private void report(String id, ResultsFile.Status status, String message) {
            if (reported.add(id)) {
                ResultsFile.Line planned = graded.get(id);
                write(ResultsFile.format(ResultsFile.RESULT, new ResultsFile.Line(id, planned.testClass(),
                        planned.method(), planned.displayName(), planned.points(), status, message)));
            }
        }

        private static ResultsFile.Status status(TestExecutionResult result) {
            return switch (result.getStatus()) {
                case SUCCESSFUL -> ResultsFile.Status.PASSED;
                case ABORTED -> ResultsFile.Status.ABORTED;
                case FAILED -> ResultsFile.Status.FAILED;
            };
        }

        private static String message(TestExecutionResult result) {
            String prefix = result.getStatus() == TestExecutionResult.Status.ABORTED ? "aborted: " : "";
            String text = result.getThrowable().map(GradingRunner::describe).orElse(result.getStatus().name());
            text = prefix + text;
            return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + " ...";
        }

        synchronized void write(String line) {
            try {
                out.write(seal.seal(line));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * An assertion's own message (with the unexpected exception that caused it, if any), or the exception's simple
     * class name and message; for {@code assertAll}, how many checks failed and the first of them.
     */
    static String describe(Throwable failure) {
        if (failure instanceof MultipleFailuresError multiple && !multiple.getFailures().isEmpty()) {
            int count = multiple.getFailures().size();
            return count + (count == 1 ? " check" : " checks") + " failed; the first: "
                    + describe(multiple.getFailures().get(0));
        }
        String message = failure.getMessage();
        if (!(failure instanceof AssertionError)) {
            String type = failure.getClass().getSimpleName();
            return message == null || message.isBlank() ? type : type + ": " + message;
        }
        String text = message == null || message.isBlank() ? "assertion failed" : message;
        Throwable cause = failure.getCause();
        return cause == null || cause == failure ? text : text + " (caused by " + describe(cause) + ")";
    }
}
