package quantlab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Grades one chapter: compiles the chapter's code from a source root together with the course's tests for that
 * chapter into a fresh folder, runs the tests in a child JVM under {@link GradingLimits}, and scores each test
 * method by its {@link Points}. A notebook's last cell calls {@link #gradeChapter(int)}.
 */
public final class Grader {

    private static final String NOT_COMPILED = "not run: the code does not compile (see the compiler's message)";

    private final Course course;
    private final GradingLimits limits;
    private final List<Path> classPath;

    /** A grader for {@code course}; graded code compiles and runs against the grading module's class path. */
    public Grader(Course course, GradingLimits limits) {
        this.course = Objects.requireNonNull(course, "course");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.classPath = GradingClassPath.entries();
    }

    /** A grader for the course this code belongs to ({@link Course#locate()}) with the default limits. */
    public static Grader forCourse() {
        return new Grader(Course.locate(), GradingLimits.DEFAULT);
    }

    /** Grades the chapter in the course's own {@code exercises/} (what a student edits in a notebook). */
    public static GradeReport gradeChapter(int chapter) {
        return forCourse().grade(chapter);
    }

    /** Grades the chapter's code under {@code sources} (a source root, or a module folder with src/main/java). */
    public static GradeReport gradeChapter(int chapter, Path sources) {
        return forCourse().grade(chapter, sources);
    }

    /** The course whose tests this grader runs. */
    public Course course() {
        return course;
    }

    /** The limits the tests run under. */
    public GradingLimits limits() {
        return limits;
    }

    /** Grades the chapter in the course's {@code exercises/src/main/java}. */
    public GradeReport grade(int chapter) {
        return grade(chapter, course.exerciseSources());
    }

    /**
     * Grades the chapter's code found under {@code sourceRoot} (which holds {@code quantlab/exercises/chNN}, or
     * holds {@code src/main/java} that does) with the course's tests for that chapter.
     *
     * @throws IllegalArgumentException if the course has no such chapter or the source folder is missing
     */
    public GradeReport grade(int chapter, Path sourceRoot) {
        course.requireChapter(chapter);
        Path chapterSources = chapterSources(chapter, sourceRoot);
        List<Path> tests = ChapterCompiler.javaFiles(Course.chapterFolder(course.testSources(), chapter));
        List<String> testClasses = ChapterCompiler.classNames(course.testSources(), tests);
        Path workDir = createWorkDir(chapter);
        try {
            Path classes = Files.createDirectory(workDir.resolve("classes"));
            List<Path> sources = new ArrayList<>(ChapterCompiler.javaFiles(chapterSources));
            sources.addAll(tests);
            ChapterCompiler.Compilation compilation = ChapterCompiler.compile(sources, classPath, classes);
            if (!compilation.succeeded()) {
                return new GradeReport(chapter, notCompiled(chapter, chapterSources, tests, testClasses, workDir),
                        compilation.messages());
            }
            List<Path> runPath = new ArrayList<>(classPath);
            runPath.add(classes);
            return new GradeReport(chapter,
                    TestJvm.runTests(runPath, testClasses, workDir, course.root(), limits), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the grading folder " + workDir, e);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private Path chapterSources(int chapter, Path sourceRoot) {
        Objects.requireNonNull(sourceRoot, "sourceRoot");
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("sourceRoot " + sourceRoot + " is not a folder");
        }
        Path direct = Course.chapterFolder(sourceRoot, chapter);
        if (Files.isDirectory(direct)) {
            return direct;
        }
        Path module = Course.chapterFolder(sourceRoot.resolve("src/main/java"), chapter);
        if (Files.isDirectory(module)) {
            return module;
        }
        throw new IllegalArgumentException("sourceRoot " + sourceRoot + " has no chapter " + chapter
                + " folder (looked for " + direct + " and " + module + ")");
    }

    /**
     * Every test at 0 points. The tests are listed by compiling them against reference code that compiles (the
     * course's starter, else its solutions); when neither does, the list stays empty and the report says so.
     */
    private List<TestResult> notCompiled(int chapter, Path gradedSources, List<Path> tests, List<String> testClasses,
                                         Path workDir) throws IOException {
        int attempt = 0;
        for (Path referenceRoot : List.of(course.exerciseSources(), course.solutionSources())) {
            Path reference = Course.chapterFolder(referenceRoot, chapter);
            if (!Files.isDirectory(reference) || Files.isSameFile(reference, gradedSources)) {
                continue;
            }
            Path classes = Files.createDirectory(workDir.resolve("reference-classes-" + attempt++));
            List<Path> sources = new ArrayList<>(ChapterCompiler.javaFiles(reference));
            sources.addAll(tests);
            if (ChapterCompiler.compile(sources, classPath, classes).succeeded()) {
                List<Path> runPath = new ArrayList<>(classPath);
                runPath.add(classes);
                return TestJvm.listTests(runPath, testClasses, workDir, course.root(), limits).stream()
                        .map(line -> TestResult.failed(TestJvm.name(line), line.displayName(), line.points(),
                                NOT_COMPILED))
                        .toList();
            }
        }
        return List.of();
    }

    private static Path createWorkDir(int chapter) {
        try {
            return Files.createTempDirectory(String.format("quantlab-grade-ch%02d-", chapter));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder for grading", e);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temporary folder does not change the grade.
        }
    }
}
