package quantlab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.grading.Course;
import quantlab.grading.release.LeakScanner;
import quantlab.grading.release.StudentEdition;

/** The student edition of the real course holds no solution body, no hidden test and no instructor command. */
class StudentEditionTest {

    @TempDir
    Path dir;

    private static Course course() {
        return Course.at(ClassGradingAcceptanceTest.courseRoot());
    }

    @Test
    void theEditionLeavesTheInstructorMaterialBehindAndLeaksNothing() throws IOException {
        Path edition = dir.resolve("edition");
        StudentEdition.build(course(), edition);
        try (Stream<Path> list = Files.list(edition)) {
            assertEquals(Set.of(".ci", ".gitignore", ".quantlab-student-edition", "README.md", "bin", "data",
                    "environment.yml", "exercises", "grading", "lib", "bench", "notebooks", "pom.xml"),
                    Set.copyOf(list.map(p -> p.getFileName().toString()).toList()));
        }
        assertTrue(Files.notExists(edition.resolve("bin/grade-class")) && Files.notExists(edition.resolve("bin/release")));
        assertTrue(Files.isExecutable(edition.resolve("bin/course")) && Files.isExecutable(edition.resolve("bin/test")));
        String pom = Files.readString(edition.resolve("pom.xml"));
        assertFalse(pom.contains("<module>solutions</module>") || pom.contains("<module>instructor</module>"), pom);
        String readme = Files.readString(edition.resolve("README.md"));
        assertTrue(readme.contains("bin/course") && readme.contains("bin/test"), "the README keeps its two commands");
        assertFalse(readme.contains("For instructors") || readme.contains("grade-class") || readme.contains("solutions/"),
                readme);
        try (Stream<Path> walk = Files.walk(edition)) {
            assertFalse(walk.anyMatch(p -> p.getFileName().toString().equals("target")), "no build output");
        }
        List<LeakScanner.Secret> secrets = LeakScanner.secrets(course());
        // Chapters 1 to 5 have dozens of solution methods; the hidden tests have 2 classes and 5 methods.
        assertTrue(secrets.stream().filter(LeakScanner.Secret::body).count() >= 30, secrets.toString());
        assertTrue(secrets.stream().anyMatch(s -> s.text().equals("MemoryMathHiddenTest")), secrets.toString());
        assertEquals(List.of(), LeakScanner.scan(edition, secrets));
    }

    @Test
    void theScanFindsASolutionBodyEvenReformattedAndAHiddenTestInANotebook() throws IOException {
        Path root = ClassGradingAcceptanceTest.courseRoot();
        Path leaky = Files.createDirectories(dir.resolve("leaky"));
        // A solution with every indent turned into a tab, where a starter should be.
        Files.writeString(leaky.resolve("MemoryMath.java"), Files.readString(
                root.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java")).replace("    ", "\t"));
        Files.writeString(leaky.resolve("recall.ipynb"), "{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {},"
                + " \"source\": [\"Hint: the grader also runs q8StyleGroupsOfThirtyTwo\"]}]}");
        List<LeakScanner.Leak> leaks = LeakScanner.scan(leaky, LeakScanner.secrets(course()));
        assertTrue(leaks.contains(new LeakScanner.Leak(Path.of("MemoryMath.java"), "the solution body of MemoryMath.toGB")),
                leaks.toString());
        assertTrue(leaks.contains(new LeakScanner.Leak(Path.of("recall.ipynb"),
                "the hidden test method MemoryMathHiddenTest.q8StyleGroupsOfThirtyTwo")), leaks.toString());
    }

    @Test
    void anEditionThatWouldLeakIsNotWrittenAtAll() throws IOException {
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve("pom.xml"), "<project/>\n");
        String chapter = "src/main/java/quantlab/exercises/ch01/A.java";
        write(fake.resolve("exercises").resolve(chapter), "package quantlab.exercises.ch01;\npublic class A {\n"
                + "  public static int f(int x) { throw new UnsupportedOperationException(\"TODO\"); }\n}\n");
        String body = "{ int doubled = x * 2; int third = x / 3; return doubled + third + 7; }";
        write(fake.resolve("solutions").resolve(chapter), "package quantlab.exercises.ch01;\npublic class A {\n"
                + "  public static int f(int x) " + body + "\n}\n");
        write(fake.resolve("notebooks/01.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {},"
                + " \"source\": [\"int f(int x) {\\n\", \"    int doubled = x * 2;\\n\", \"    int third = x / 3;\\n\","
                + " \"    return doubled + third + 7;\\n\", \"}\"], \"outputs\": []}]}");
        Path edition = dir.resolve("out/edition");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StudentEdition.build(new Course(fake, 14), edition));
        assertTrue(e.getMessage().contains("notebooks/01.ipynb: the solution body of A.f"), e.getMessage());
        assertTrue(Files.notExists(edition), "nothing is written");
        try (Stream<Path> left = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(), left.toList(), "no staging folder is left behind");
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aForeignFolderIsNeverReplaced() throws IOException {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("thesis.tex"), "precious");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudentEdition.build(course(), foreign));
        assertTrue(e.getMessage().contains("is not a student edition"), e.getMessage());
        assertEquals("precious", Files.readString(foreign.resolve("thesis.tex")));
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> StudentEdition.build(course(), course().root().resolve("exercises/edition")));
        assertTrue(inside.getMessage().contains("must lie outside the course's sources"), inside.getMessage());
    }
}
