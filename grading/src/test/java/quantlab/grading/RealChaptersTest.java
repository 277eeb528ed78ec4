package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every chapter of the real course: its reference solutions earn full marks (in the instructor's master copy; the
 * student edition has no solutions), its untouched starters nothing.
 */
class RealChaptersTest {

    @TestFactory
    Stream<DynamicTest> everyChapter() {
        Course course = Course.locate();
        List<Integer> chapters = course.chapters();
        Assumptions.assumeFalse(chapters.isEmpty(), "no chapters in " + course.root() + " yet");
        Grader grader = new Grader(course, GradingLimits.DEFAULT);
        boolean masterCopy = Files.isDirectory(course.solutionSources());
        List<DynamicTest> tests = new ArrayList<>();
        for (int chapter : chapters) {
            if (masterCopy) {
                tests.add(dynamicTest("chapter " + chapter + ": solutions score full marks", () -> {
                    GradeReport report = grader.grade(chapter, course.solutionSources());
                    assertNull(report.compileError(), report::toString);
                    assertTrue(report.maxScore() > 0, report::toString);
                    assertEquals(report.maxScore(), report.score(), report::toString);
                }));
            }
            tests.add(dynamicTest("chapter " + chapter + ": untouched starters score 0", () -> {
                GradeReport report = grader.grade(chapter);
                assertNull(report.compileError(), report::toString);
                assertTrue(report.maxScore() > 0, report::toString);
                assertEquals(0, report.score(), report::toString);
            }));
        }
        return tests.stream();
    }
}
