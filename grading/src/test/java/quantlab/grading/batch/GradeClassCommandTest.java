package quantlab.grading.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.grading.Fixtures;

/** Bad input to bin/grade-class gets a clear message naming the value and exit code 2, before anything is graded. */
class GradeClassCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GradeClassCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Fixtures::course);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingSubmissionsFolderIsNamed() {
        assertEquals(2, run("--submissions", dir.resolve("nowhere").toString(), "--chapters", "99",
                "--out", dir.resolve("out").toString()));
        assertTrue(err().contains("submissions folder " + dir.resolve("nowhere") + " does not exist"), err());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing is written for a bad command");
    }

    @Test
    void unknownChapterIsNamed() throws IOException {
        Files.createDirectories(dir.resolve("subs/alice"));
        assertEquals(2, run("--submissions", dir.resolve("subs").toString(), "--chapters", "42",
                "--out", dir.resolve("out").toString()));
        assertTrue(err().contains("chapter 42 has no exercise folder"), err());
    }

    @Test
    void unknownStudentAndBadNumbersAreNamed() throws IOException {
        Files.createDirectories(dir.resolve("subs/alice"));
        String subs = dir.resolve("subs").toString();
        assertEquals(2, run("--submissions", subs, "--chapters", "99", "--student", "bob"));
        assertTrue(err().contains("student bob has no folder in " + subs), err());
        assertEquals(2, run("--submissions", subs, "--chapters", "one"));
        assertTrue(err().contains("--chapters must list chapter numbers like 1,4 or 1-5, was one"), err());
        assertEquals(2, run("--submissions", subs, "--chapters", "99", "--workers", "0"));
        assertTrue(err().contains("--workers must be a positive whole number, was 0"), err());
        assertEquals(2, run("--chapters", "99"));
        assertTrue(err().contains("--submissions DIR is required"), err());
        assertEquals(2, run("--submissions", subs));
        assertTrue(err().contains("--chapters LIST is required"), err());
        assertEquals(2, run("--submissions"));
        assertTrue(err().contains("--submissions needs a value"), err());
        assertEquals(2, run("--frobnicate"));
        assertTrue(err().contains("unknown argument --frobnicate"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void chapterListsAndRanges() {
        assertEquals(List.of(1, 4), GradeClassCommand.chapters("1,4"));
        assertEquals(List.of(1, 2, 3, 5), GradeClassCommand.chapters("1-3, 5"));
        assertThrows(IllegalArgumentException.class, () -> GradeClassCommand.chapters("3-1"));
        assertThrows(IllegalArgumentException.class, () -> GradeClassCommand.chapters(""));
    }

    @Test
    void summaryOfAMissingGradebookSaysWhatToRunFirst() {
        assertEquals(2, run("--summary", "--out", dir.toString()));
        assertTrue(err().contains("grade the class first"), err());
    }

    @Test
    void summaryPrintsTheTableOfAnExistingGradebook() throws IOException {
        Files.writeString(dir.resolve("gradebook.csv"), "student,chapter,points,maximum,status,ch99 ArithTest.add (1)\n"
                + "a,99,1,1,graded,1\nb,99,0,1,graded,0\n");
        assertEquals(0, run("--summary", "--out", dir.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Chapter 99: 2 students, maximum 1 points"), text);
        assertTrue(text.contains("ArithTest.add       1  1 of 2 (50%)"), text);
        assertTrue(Files.exists(dir.resolve("summary.html")));
    }
}
