package quantlab.instructor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.grading.Course;
import quantlab.grading.GradingLimits;
import quantlab.grading.Sandbox;
import quantlab.grading.batch.ClassGrader;

/**
 * A class of attackers ({@link HostileClass}) and classmates, graded with {@code --require-sandbox} and 2 workers
 * by {@code GradeClassCommand} in a separate JVM that is killed with SIGKILL halfway, then resumed. Every attacker
 * must score 0, the classmates exactly what they score without attackers, the gradebook must equal the hand-written
 * one byte for byte, nothing outside the runs may change (the submissions, the course's sources, a folder every
 * attacker tries to write to, the output after grading), the loopback listener must get no connection, and no
 * process an attacker started may be alive afterwards.
 */
class HostileClassTest {

    private static final List<String> LIMITS = List.of("--test-timeout", "5", "--submission-timeout", "60",
            "--heap", "256");

    @TempDir
    Path dir;

    @Test
    void everyAttackScoresZeroAndChangesNothingOutsideItsRun() throws Exception {
        Path root = ClassGradingAcceptanceTest.courseRoot();
        Path submissions = dir.resolve("submissions");
        Path out = dir.resolve("out");
        Path outside = Files.createDirectories(dir.resolve(HostileClass.OUTSIDE));
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (true) {
                    try (Socket socket = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (SocketException closed) {
                        return;
                    } catch (IOException e) {
                        connections.incrementAndGet();
                    }
                }
            }, "loopback-listener");
            accept.setDaemon(true);
            accept.start();
            List<SyntheticClass.Student> students = HostileClass.write(root, submissions, out, outside,
                    listener.getLocalPort());
            Map<String, String> before = fingerprint(List.of(submissions, root.resolve("exercises/src"),
                    root.resolve("solutions/src"), root.resolve("instructor/hidden-tests"), outside));

            // 1. A separate grader JVM that must have the sandbox, killed (SIGKILL) once about half the results are in.
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + tmp,
                    "quantlab.grading.batch.GradeClassCommand", "--require-sandbox", "--submissions",
                    submissions.toString(), "--chapters", "1", "--out", out.toString(), "--workers", "2"));
            command.addAll(LIMITS);
            Path log = dir.resolve("killed-run.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put(Course.HOME_VARIABLE, root.toString());
            long start = System.nanoTime();
            Process grader = builder.start();
            int half = students.size() / 2;
            while (results(out) < half && grader.isAlive() && seconds(start) < 300) {
                Thread.sleep(100);
            }
            assertTrue(grader.isAlive(), "the grader ended before it was killed:\n" + Files.readString(log));
            List<ProcessHandle> children = grader.descendants().toList();
            grader.destroyForcibly().waitFor();
            int written = results(out);
            double killedAfter = seconds(start);
            assertTrue(written >= half && written < students.size(), "killed after " + written + " results");
            String first = Files.readString(log).lines().findFirst().orElse("");
            assertTrue(first.startsWith("[grade-class] sandbox: bubblewrap"), "first line: " + first);
            for (ProcessHandle child : children) {
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertFalse(child.isAlive(), "process " + child.pid() + " " + child.info().commandLine().orElse("")
                        + " outlived its killed grader");
            }

            // 2. Resume in this JVM, sandbox required.
            long resumed = System.nanoTime();
            ClassGrader.Report report = grade(root, submissions, out);
            double resumeSeconds = seconds(resumed);
            assertEquals(written, report.reused(), "every result written before the kill is reused");
            assertEquals(students.size() - written, report.graded());

            // 3. The gradebook is the hand-written one: every attacker 0, every classmate as without attackers.
            String expected = ClassGradingAcceptanceTest.expectedGradebook(students);
            assertEquals(expected, Files.readString(report.gradebook()));

            // 4. Nothing of the attacks survives or changed anything outside its run.
            Map<String, String> output = fingerprint(List.of(out));
            Thread.sleep(2_000); // a daemon that survived would be rewriting the output by now
            assertAll(
                    () -> assertEquals(before, fingerprint(List.of(submissions, root.resolve("exercises/src"),
                            root.resolve("solutions/src"), root.resolve("instructor/hidden-tests"), outside))),
                    () -> assertEquals(output, fingerprint(List.of(out)), "the output changed after grading"),
                    () -> assertEquals(0, connections.get(), "the loopback listener got connections"),
                    () -> assertEquals(List.of(), survivors(), "processes started by graded code are alive"),
                    () -> assertFeedback(out, "proc-master", "IllegalStateException: no master copy found"),
                    () -> assertFeedback(out, "read-classmate", "IllegalStateException: no classmate found"),
                    () -> assertFeedback(out, "network-leak", "IllegalStateException: no network"),
                    () -> assertFeedback(out, "forge-results", "does not carry this run's seal"),
                    () -> assertFeedback(out, "symlink-above",
                            "exercises/src is a symbolic link to a place outside your folder"),
                    () -> assertFeedback(out, "bad-name", "invalid file name quantlab/exercises/ch01/a..b.java"),
                    () -> assertFeedback(out, "bad-backslash", "it contains a backslash"));
            System.out.printf("[hostile class] %d submissions: killed after %d results (%.1f s), resumed %d in %.1f s"
                    + " with %d workers%n", students.size(), written, killedAfter, report.graded(), resumeSeconds,
                    report.workers());
        }
    }

    private static ClassGrader.Report grade(Path root, Path submissions, Path out) {
        GradingLimits limits = GradingLimits.DEFAULT.withTestTimeout(Duration.ofSeconds(5))
                .withChapterTimeout(Duration.ofSeconds(60)).withMaxHeapMb(256);
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new ClassGrader(Course.at(root), log, false).run(new ClassGrader.Options(submissions, List.of(1), out,
                2, Set.of(), false, limits, Sandbox.Policy.REQUIRE));
    }

    private static List<String> survivors() {
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(HostileClass.MARKER) && !line.contains("surefire"))
                .toList();
    }

    private static void assertFeedback(Path out, String student, String text) throws IOException {
        String feedback = Files.readString(out.resolve("feedback").resolve(student + ".md"));
        assertTrue(feedback.contains(text), student + ".md lacks " + text + ":\n" + feedback);
    }

    private static int results(Path out) throws IOException {
        Path results = out.resolve("results");
        if (!Files.isDirectory(results)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(results)) {
            return (int) walk.filter(p -> p.getFileName().toString().equals("ch01.json")).count();
        }
    }

    /** Hashes of every file (and the target of every link) under the folders. */
    private static Map<String, String> fingerprint(List<Path> folders) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        for (Path folder : folders) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path path : walk.toList()) {
                    String key = path.toString();
                    if (Files.isSymbolicLink(path)) {
                        hashes.put(key, "link to " + Files.readSymbolicLink(path));
                    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        hashes.put(key, sha256(Files.readAllBytes(path)));
                    } else {
                        hashes.put(key, "folder");
                    }
                }
            }
        }
        return hashes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
