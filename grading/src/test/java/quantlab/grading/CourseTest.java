package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CourseTest {

    @Test
    void environmentVariableWins() {
        Course course = Course.locate(Map.of("QUANTLAB_HOME", Fixtures.root().toString()), Path.of("/elsewhere/x/y/z"));
        assertEquals(Fixtures.root(), course.root());
        assertEquals(14, course.lastChapter());
    }

    @Test
    void derivedFromTheCodeLocationThreeLevelsUp() {
        Path classes = Fixtures.root().resolve("grading/target/classes");
        assertEquals(Fixtures.root(), Course.locate(Map.of(), classes).root());
        Path jar = Fixtures.root().resolve("grading/target/quantlab-grading.jar");
        assertEquals(Fixtures.root(), Course.locate(Map.of(), jar).root());
    }

    @Test
    void clearErrorsWhenNotFound() {
        IllegalStateException badHome = assertThrows(IllegalStateException.class,
                () -> Course.locate(Map.of("QUANTLAB_HOME", "/no/such/course"), null));
        assertTrue(badHome.getMessage().contains("QUANTLAB_HOME=/no/such/course"), badHome.getMessage());
        IllegalStateException noHome = assertThrows(IllegalStateException.class,
                () -> Course.locate(Map.of(), Path.of("/a/b/c/d")));
        assertTrue(noHome.getMessage().contains("QUANTLAB_HOME is not set"), noHome.getMessage());
        IllegalArgumentException notCourse = assertThrows(IllegalArgumentException.class,
                () -> Course.at(Fixtures.root().resolve("students")));
        assertTrue(notCourse.getMessage().contains("is not a quantlab course folder"), notCourse.getMessage());
    }

    @Test
    void listsChaptersWithExercisesAndTests() {
        assertEquals(List.of(95, 96, 97, 98, 99), Fixtures.course().chapters());
        assertEquals(List.of(), Course.at(Fixtures.root()).chapters());
    }

    @Test
    void chapterPaths() {
        assertEquals("quantlab.exercises.ch07", Course.chapterPackage(7));
        assertEquals(Path.of("src/quantlab/exercises/ch12"), Course.chapterFolder(Path.of("src"), 12));
        assertEquals(Fixtures.root().resolve("exercises/src/test/java"), Fixtures.course().testSources());
    }
}
