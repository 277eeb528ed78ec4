package quantlab.grading.batch;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.grading.Course;
import quantlab.grading.Fixtures;
import quantlab.grading.GradingLimits;

/**
 * Class grading on the fixture course's chapter 99 (see the fixture README): visible tests worth 1 (add),
 * 2 (multiply), 3 (power) and hidden tests worth 2 (add with negatives) and 1 (multiply by zero). Every expected
 * score below is counted by hand from those points.
 */
class ClassGraderTest {

    private static final String SOLUTION = "solutions/src/main/java/quantlab/exercises/ch99/Arith.java";
    private static final String STARTER = "exercises/src/main/java/quantlab/exercises/ch99/Arith.java";
    private static final String CHAPTER = "exercises/src/main/java/quantlab/exercises/ch99";

    private static final String HEADER = "student,chapter,points,maximum,status,ch99 ArithTest.add (1),"
            + "ch99 ArithTest.multiply (2),ch99 ArithTest.power (3),ch99 hidden ArithHiddenTest.addsNegatives (2),"
            + "ch99 hidden ArithHiddenTest.multipliesByZero (1)\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ClassGrader.Report grade(Path submissions, Path out, Set<String> students) {
        ClassGrader grader = new ClassGrader(Fixtures.course(), new PrintStream(log, true, StandardCharsets.UTF_8), false);
        return grader.run(new ClassGrader.Options(submissions, List.of(99), out, 2, students, true,
                GradingLimits.DEFAULT));
    }

    private static Path put(Path submissions, String student, String relative, byte[] content) throws IOException {
        Path file = submissions.resolve(student).resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static byte[] fixture(String relative) throws IOException {
        return Files.readAllBytes(Fixtures.root().resolve(relative));
    }

    /** The solution with add() replaced by a method that reports who called it. */
    private static byte[] probe() throws IOException {
        String solution = new String(fixture(SOLUTION), StandardCharsets.UTF_8);
        String probed = solution.replace("return a + b;", "throw new IllegalStateException(\"called by \""
                + " + StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow().getClassName()));");
        assertFalse(probed.equals(solution), "the probe must change add()");
        return probed.getBytes(StandardCharsets.UTF_8);
    }

    private Path classOfNine() throws IOException {
        Path submissions = Files.createDirectories(dir.resolve("submissions"));
        put(submissions, "solution", CHAPTER + "/Arith.java", fixture(SOLUTION));
        put(submissions, "starter", CHAPTER + "/Arith.java", fixture(STARTER));
        put(submissions, "broken", CHAPTER + "/Arith.java", fixture("students/broken/quantlab/exercises/ch99/Arith.java"));
        // The flat layout (the source root is the student folder itself) is accepted too.
        put(submissions, "flat-partial", "quantlab/exercises/ch99/Arith.java",
                fixture("students/partial/quantlab/exercises/ch99/Arith.java"));
        Path mixed = put(submissions, "mixed", CHAPTER + "/Arith.java", fixture(SOLUTION));
        put(submissions, "mixed", CHAPTER + "/notes.txt", "my notes".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(mixed.resolveSibling("Helper.java"), Fixtures.root().resolve(SOLUTION));
        put(submissions, "probe", CHAPTER + "/Arith.java", probe());
        put(submissions, "wrongchapter", "exercises/src/main/java/quantlab/exercises/ch98/Spin.java",
                fixture("exercises/src/main/java/quantlab/exercises/ch98/Spin.java"));
        Files.createDirectories(submissions.resolve("empty"));
        Files.writeString(submissions.resolve("notes.txt"), "not a student folder");
        Files.writeString(submissions.resolve(".DS_Store"), "not a student at all");
        return submissions;
    }

    @Test
    void gradesEveryStudentWithHiddenTestsAndNeverAborts() throws IOException {
        Path out = dir.resolve("out");
        ClassGrader.Report report = grade(classOfNine(), out, Set.of());
        assertEquals(9, report.graded());
        // probe: add fails (visible 2 + 3 = 5, hidden: multipliesByZero 1) = 6.
        assertEquals(HEADER
                + "broken,99,0,9,compile error,0,0,0,0,0\n"
                + "empty,99,0,9,no sources,0,0,0,0,0\n"
                + "flat-partial,99,3,9,graded,0,2,0,0,1\n"
                + "mixed,99,9,9,graded,1,2,3,2,1\n"
                + "notes.txt,99,0,9,invalid,0,0,0,0,0\n"
                + "probe,99,6,9,graded,0,2,3,0,1\n"
                + "solution,99,9,9,graded,1,2,3,2,1\n"
                + "starter,99,0,9,graded,0,0,0,0,0\n"
                + "wrongchapter,99,0,9,no sources,0,0,0,0,0\n", Files.readString(report.gradebook()));

        String probe = Files.readString(out.resolve("feedback/probe.md"));
        assertAll(
                () -> assertTrue(probe.contains("## Chapter 99: 6 / 9 points"), probe),
                () -> assertTrue(probe.contains("called by quantlab.exercises.ch99.ArithTest"), probe),
                () -> assertTrue(probe.contains("**Hidden tests:** 2 tests, 1 / 3 points."), probe));
        for (Path feedback : Files.list(out.resolve("feedback")).toList()) {
            String text = Files.readString(feedback);
            for (String secret : List.of("ArithHiddenTest", "addsNegatives", "multipliesByZero")) {
                assertFalse(text.contains(secret), feedback + " names the hidden test " + secret);
            }
        }
        for (Path results : Files.list(out.resolve("gradescope")).toList()) {
            String text = Files.readString(results.resolve("results.json"));
            assertFalse(text.contains("ArithHiddenTest") || text.contains("addsNegatives"), text);
        }
        String broken = Files.readString(out.resolve("feedback/broken.md"));
        assertTrue(broken.contains("quantlab/exercises/ch99/Arith.java:10: error: ';' expected"), broken);
        String mixed = Files.readString(out.resolve("feedback/mixed.md"));
        assertTrue(mixed.contains("ignored quantlab/exercises/ch99/Helper.java: a symbolic link"), mixed);
        assertTrue(mixed.contains("ignored quantlab/exercises/ch99/notes.txt: not a .java file"), mixed);
        assertTrue(Files.readString(out.resolve("feedback/notes.txt.md")).contains("is a file, not a folder"));
        assertTrue(Files.readString(out.resolve("feedback/wrongchapter.md"))
                .contains("no sources for chapter 99: the submission has no exercises/src/main/java/quantlab/"
                        + "exercises/ch99/ folder"));
        assertTrue(Files.readString(out.resolve("gradescope/solution/results.json")).contains("\"score\" : 9,"));
        assertFalse(Files.exists(out.resolve("feedback/.DS_Store.md")));
        // summary: scores 0,0,3,9,0,6,9,0,0 -> mean 27 / 9 = 3.0, median 0.
        assertEquals(3.0, report.summary().chapters().get(0).mean(), 1e-12);
        assertEquals(0.0, report.summary().chapters().get(0).median(), 1e-12);
        assertTrue(Files.readString(out.resolve("summary.html")).contains("<svg"));
    }

    @Test
    void sameSubmissionsGiveTheSameBytesAndARerunResumes() throws IOException {
        Path submissions = Files.createDirectories(dir.resolve("three"));
        put(submissions, "a", CHAPTER + "/Arith.java", fixture(SOLUTION));
        put(submissions, "b", "quantlab/exercises/ch99/Arith.java",
                fixture("students/partial/quantlab/exercises/ch99/Arith.java"));
        put(submissions, "c", CHAPTER + "/Arith.java", fixture(STARTER));
        ClassGrader.Report first = grade(submissions, dir.resolve("out1"), Set.of());
        ClassGrader.Report second = grade(submissions, dir.resolve("out2"), Set.of());
        String expected = HEADER + "a,99,9,9,graded,1,2,3,2,1\nb,99,3,9,graded,0,2,0,0,1\nc,99,0,9,graded,0,0,0,0,0\n";
        assertEquals(expected, Files.readString(first.gradebook()));
        assertEquals(-1, Files.mismatch(first.gradebook(), second.gradebook()));
        assertEquals(-1, Files.mismatch(dir.resolve("out1/feedback/b.md"), dir.resolve("out2/feedback/b.md")));

        ClassGrader.Report rerun = grade(submissions, dir.resolve("out1"), Set.of());
        assertEquals(0, rerun.graded());
        assertEquals(3, rerun.reused());
        assertEquals(expected, Files.readString(rerun.gradebook()));

        // b hands in the solution: only b is graded again.
        put(submissions, "b", "quantlab/exercises/ch99/Arith.java", fixture(SOLUTION));
        ClassGrader.Report changed = grade(submissions, dir.resolve("out1"), Set.of());
        assertEquals(1, changed.graded());
        assertEquals(2, changed.reused());
        assertTrue(Files.readString(changed.gradebook()).contains("b,99,9,9,graded,1,2,3,2,1\n"));

        // One student re-graded alone; the others stay in the gradebook.
        ClassGrader.Report alone = grade(submissions, dir.resolve("out1"), Set.of("c"));
        assertEquals(1, alone.graded());
        assertEquals(HEADER + "a,99,9,9,graded,1,2,3,2,1\nb,99,9,9,graded,1,2,3,2,1\nc,99,0,9,graded,0,0,0,0,0\n",
                Files.readString(alone.gradebook()));
    }

    @Test
    void aDamagedResultFileIsRegradedNotTrusted() throws IOException {
        Path submissions = Files.createDirectories(dir.resolve("one"));
        put(submissions, "a", CHAPTER + "/Arith.java", fixture(SOLUTION));
        Path out = dir.resolve("out");
        grade(submissions, out, Set.of());
        Path result = new ResultStore(out).file("a", 99);
        Files.writeString(result, Files.readString(result).substring(0, 100));
        ClassGrader.Report again = grade(submissions, out, Set.of());
        assertEquals(1, again.graded());
        assertTrue(Files.readString(again.gradebook()).endsWith("a,99,9,9,graded,1,2,3,2,1\n"));
    }

    @Test
    void courseSizedChapterNumbersStillNameTheValue() {
        Course course = Course.at(Fixtures.root());
        ClassGrader grader = new ClassGrader(course, new PrintStream(log, true, StandardCharsets.UTF_8), false);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> grader.run(new ClassGrader.Options(Fixtures.root(), List.of(15), dir, 1, Set.of(), false,
                        GradingLimits.DEFAULT)));
        assertTrue(e.getMessage().contains("between 1 and 14, was 15"), e.getMessage());
    }
}
