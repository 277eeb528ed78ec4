package quantlab.instructor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.grading.Course;
import quantlab.grading.GradingLimits;
import quantlab.grading.batch.ClassGrader;

/**
 * The class grading acceptance test: 33 generated chapter 1 submissions ({@link SyntheticClass}) are graded by
 * {@code GradeClassCommand} in a separate JVM that is killed with SIGKILL halfway, then the run is resumed. The
 * gradebook must equal, byte for byte, the one built here from the hand-written expectations; no feedback may
 * name a hidden test; the killed grader's test JVMs must end by themselves; and nothing in the submissions or in
 * the course's sources may change.
 */
class ClassGradingAcceptanceTest {

    private static final List<String> LIMITS = List.of("--test-timeout", "5", "--submission-timeout", "60",
            "--heap", "256");

    @TempDir
    Path dir;

    @Test
    void aClassKilledHalfwayAndResumedGetsExactlyTheHandCountedGradebook() throws Exception {
        Path root = courseRoot();
        Path submissions = dir.resolve("submissions");
        List<SyntheticClass.Student> students = SyntheticClass.write(root, submissions);
        assertTrue(students.size() >= 30, "at least 30 submissions, got " + students.size());
        Map<String, String> before = fingerprint(submissions, root);
        Path out = dir.resolve("out");

        // 1. A separate grader JVM, killed (SIGKILL, no shutdown hooks) once about half the results are in.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + tmp, "quantlab.grading.batch.GradeClassCommand",
                "--submissions", submissions.toString(), "--chapters", "1", "--out", out.toString(), "--workers", "2"));
        command.addAll(LIMITS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed-run.log").toFile());
        builder.environment().put(Course.HOME_VARIABLE, root.toString());
        long start = System.nanoTime();
        Process grader = builder.start();
        int half = students.size() / 2;
        while (results(out) < half && grader.isAlive() && seconds(start) < 300) {
            Thread.sleep(100);
        }
        assertTrue(grader.isAlive(), "the grader ended before it was killed:\n" + Files.readString(dir.resolve("killed-run.log")));
        List<ProcessHandle> children = grader.descendants().toList();
        grader.destroyForcibly().waitFor();
        int written = results(out);
        double killedAfter = seconds(start);
        assertTrue(written >= half && written < students.size(), "killed after " + written + " results");
        for (ProcessHandle child : children) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(child.isAlive(), "test JVM " + child.pid() + " outlived its killed grader");
        }

        // 2. Resume: the results already written are reused, the rest graded.
        long resumed = System.nanoTime();
        ClassGrader.Report report = grade(root, submissions, out, Set.of());
        double resumeSeconds = seconds(resumed);
        assertEquals(written, report.reused(), "every result written before the kill is reused");
        assertEquals(students.size() - written, report.graded());

        // 3. The gradebook is exactly the hand-counted one.
        String expected = expectedGradebook(students);
        String actual = Files.readString(report.gradebook());
        assertEquals(expected, actual, () -> "gradebook differs; feedback of the first differing student:\n"
                + firstDifference(expected, actual, out));

        // 4. Feedback: full compiler output, clear messages, and never a hidden test's name.
        assertAll(
                () -> assertFeedback(out, "leak-probe", "called by quantlab.exercises.ch01.MemoryMathTest"),
                () -> assertFeedback(out, "leak-probe", "**Hidden tests:** 3 tests, 3 / 4 points."),
                () -> assertFeedback(out, "compile-syntax", "quantlab/exercises/ch01/MemoryMath.java:"),
                () -> assertFeedback(out, "compile-syntax", "error: &#39;;&#39; expected", "error: ';' expected"),
                () -> assertFeedback(out, "not-java", "is not UTF-8 text"),
                () -> assertFeedback(out, "exit-togib", "exited with code 0"),
                () -> assertFeedback(out, "oom-atbits", "ran out of memory (heap limit 256 MB)"),
                () -> assertFeedback(out, "loop-togb", "timed out"),
                () -> assertFeedback(out, "frank.zip", "is a file, not a folder"),
                () -> assertFeedback(out, "symlink-cheat", "a symbolic link"),
                () -> assertFeedback(out, "empty-folder", "no Java sources in this submission"),
                () -> assertFeedback(out, "starter-2", "ignored quantlab/exercises/ch01/notes.txt: not a .java file"));
        List<String> secrets = new ArrayList<>(List.of("MemoryMathHiddenTest"));
        secrets.addAll(SyntheticClass.HIDDEN.keySet());
        try (Stream<Path> files = Files.walk(out.resolve("feedback"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                for (String secret : secrets) {
                    assertFalse(text.contains(secret), file.getFileName() + " names the hidden test " + secret);
                }
            }
        }

        // 5. One student re-graded alone leaves the gradebook as it was.
        ClassGrader.Report alone = grade(root, submissions, out, Set.of("correct-1"));
        assertEquals(1, alone.graded());
        assertEquals(expected, Files.readString(alone.gradebook()));

        // 6. Nothing outside the graded copies changed: not the submissions, not the course's sources.
        assertEquals(before, fingerprint(submissions, root));
        System.out.printf("[class grading] %d submissions: killed after %d results (%.1f s), resumed %d in %.1f s"
                        + " with %d workers%n", students.size(), written, killedAfter, report.graded(), resumeSeconds,
                report.workers());
    }

    private static ClassGrader.Report grade(Path root, Path submissions, Path out, Set<String> only) {
        GradingLimits limits = GradingLimits.DEFAULT.withTestTimeout(Duration.ofSeconds(5))
                .withChapterTimeout(Duration.ofSeconds(60)).withMaxHeapMb(256);
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new ClassGrader(Course.at(root), log, false).run(new ClassGrader.Options(submissions, List.of(1), out,
                2, only, true, limits));
    }

    /** The gradebook the hand-written expectations give (the format of {@code Gradebook}). */
    static String expectedGradebook(List<SyntheticClass.Student> students) {
        List<String> visible = new ArrayList<>(SyntheticClass.VISIBLE.keySet());
        List<String> hidden = new ArrayList<>(SyntheticClass.HIDDEN.keySet());
        visible.sort(null);
        hidden.sort(null);
        StringBuilder csv = new StringBuilder("student,chapter,points,maximum,status");
        visible.forEach(t -> csv.append(",ch01 MemoryMathTest.").append(t).append(" (")
                .append(SyntheticClass.VISIBLE.get(t)).append(")"));
        hidden.forEach(t -> csv.append(",ch01 hidden MemoryMathHiddenTest.").append(t).append(" (")
                .append(SyntheticClass.HIDDEN.get(t)).append(")"));
        csv.append('\n');
        Map<String, SyntheticClass.Student> sorted = new TreeMap<>();
        students.forEach(s -> sorted.put(s.id(), s));
        for (SyntheticClass.Student s : sorted.values()) {
            csv.append(s.id().contains(",") ? "\"" + s.id() + "\"" : s.id()).append(",1,").append(s.points())
                    .append(",25,").append(s.status());
            visible.forEach(t -> csv.append(',').append(s.failingVisible().contains(t) ? 0 : SyntheticClass.VISIBLE.get(t)));
            hidden.forEach(t -> csv.append(',').append(s.failingHidden().contains(t) ? 0 : SyntheticClass.HIDDEN.get(t)));
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String firstDifference(String expected, String actual, Path out) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                String student = b.get(i).startsWith("\"") ? b.get(i).substring(1, b.get(i).indexOf('"', 1))
                        : b.get(i).substring(0, b.get(i).indexOf(','));
                try {
                    return "expected " + a.get(i) + "\n  actual " + b.get(i) + "\n"
                            + Files.readString(out.resolve("feedback").resolve(student + ".md"));
                } catch (IOException e) {
                    return "expected " + a.get(i) + "\n  actual " + b.get(i) + " (no feedback: " + e + ")";
                }
            }
        }
        return "row counts differ: " + a.size() + " vs " + b.size();
    }

    private static void assertFeedback(Path out, String student, String... anyOf) throws IOException {
        String text = Files.readString(out.resolve("feedback").resolve(student + ".md"));
        assertTrue(Stream.of(anyOf).anyMatch(text::contains), student + ".md lacks " + List.of(anyOf) + ":\n" + text);
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

    /** Hashes of every file in the submissions and in the course's exercises, solutions and hidden tests. */
    private static Map<String, String> fingerprint(Path submissions, Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        for (Path folder : List.of(submissions, root.resolve("exercises/src"), root.resolve("solutions/src"),
                root.resolve("instructor/hidden-tests"))) {
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

    /** The course root: this module's parent folder (Maven runs tests in the module folder). */
    static Path courseRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
