package quantlab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.Objects;

/**
 * Grades one chapter the way class grading does: the chapter's sources and the course's tests for it go, over a
 * pipe, to a fresh test JVM in the {@link Sandbox} ({@link IsolatedTests}), which compiles them in memory and runs
 * the tests under {@link GradingLimits}; a JVM that ends early ({@code System.exit}, a crash, running out of memory)
 * costs the test it was in, and a new JVM runs the rest. Each test method scores its {@link Points}. A notebook's
 * last cell calls {@link #gradeChapter(int)}.
 */
public final class Grader {

    private static final String NOT_COMPILED = "not run: the code does not compile (see the compiler's message)";

    private final Course course;
    private final GradingLimits limits;
    private final Sandbox.Policy policy;
    private volatile String sandboxNotice;

    /** A grader for {@code course} that uses the sandbox where bubblewrap runs and falls back where it does not. */
    public Grader(Course course, GradingLimits limits) {
        this(course, limits, Sandbox.Policy.PREFER);
    }

    /** A grader for {@code course}; with {@link Sandbox.Policy#REQUIRE} it refuses to grade without the sandbox. */
    public Grader(Course course, GradingLimits limits, Sandbox.Policy policy) {
        this.course = Objects.requireNonNull(course, "course");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A grader for the course this code belongs to ({@link Course#locate()}) with the default limits. */
    public static Grader forCourse() {
        return new Grader(Course.locate(), GradingLimits.DEFAULT);
    }

    /** Grades the chapter in the course's own {@code exercises/} (what a student edits in a notebook). */
    public static GradeReport gradeChapter(int chapter) {
        return noticeFirst(forCourse(), chapter, null);
    }

    /** Grades the chapter's code under {@code sources} (a source root, or a module folder with src/main/java). */
    public static GradeReport gradeChapter(int chapter, Path sources) {
        return noticeFirst(forCourse(), chapter, sources);
    }

    private static GradeReport noticeFirst(Grader grader, int chapter, Path sources) {
        GradeReport report = sources == null ? grader.grade(chapter) : grader.grade(chapter, sources);
        if (grader.sandboxNotice() != null && grader.sandboxNotice().startsWith("sandbox: NOT")) {
            System.out.println(grader.sandboxNotice());
        }
        return report;
    }

    /** The course whose tests this grader runs. */
    public Course course() {
        return course;
    }

    /** The limits the tests run under. */
    public GradingLimits limits() {
        return limits;
    }

    /** What the last grading said about the sandbox ({@link Sandbox#notice()}); null before the first. */
    public String sandboxNotice() {
        return sandboxNotice;
    }

    /** Grades the chapter in the course's {@code exercises/src/main/java}. */
    public GradeReport grade(int chapter) {
        return grade(chapter, course.exerciseSources());
    }

    /**
     * Grades the chapter's code found under {@code sourceRoot} (which holds {@code quantlab/exercises/chNN}, or
     * holds {@code src/main/java} that does) with the course's tests for that chapter.
     *
     * @throws IllegalArgumentException if the course has no such chapter, the source folder is missing, or a
     *                                  symbolic link lies on the way to the chapter's folder
     */
    public GradeReport grade(int chapter, Path sourceRoot) {
        course.requireChapter(chapter);
        Path root = sourceRoot(chapter, sourceRoot);
        List<SourceBundle.SourceFile> graded = SourceBundle.readTree(root, Course.chapterFolder(root, chapter));
        List<SourceBundle.SourceFile> tests = SourceBundle.readTree(course.testSources(),
                Course.chapterFolder(course.testSources(), chapter));
        List<String> testClasses = tests.stream().map(SourceBundle.SourceFile::className).toList();
        Path scratch = createWorkDir(chapter);
        try {
            ChildRuntime runtime = ChildRuntime.create(scratch, policy);
            sandboxNotice = runtime.sandbox().notice();
            IsolatedTests isolated = new IsolatedTests(runtime, limits);
            IsolatedTests.Outcome outcome = isolated.run(new IsolatedTests.Request(graded, tests, testClasses,
                    IsolatedTests.Deadline.after(limits.chapterTimeout())));
            return switch (outcome.status()) {
                case TESTED -> new GradeReport(chapter, outcome.results(), null);
                case COMPILE_ERROR -> new GradeReport(chapter,
                        listed(isolated, chapter, root, tests, testClasses, NOT_COMPILED), outcome.problem());
                case NOT_LISTED -> new GradeReport(chapter, listed(isolated, chapter, root, tests, testClasses,
                        "not run: " + outcome.problem()), null);
            };
        } finally {
            ChildRuntime.deleteQuietly(scratch);
        }
    }

    /**
     * The source root under {@code sourceRoot} that holds the chapter's folder; no symbolic link may lie on the
     * way from {@code sourceRoot} to that folder (it is not followed: the grade is of the files themselves).
     */
    private Path sourceRoot(int chapter, Path sourceRoot) {
        Objects.requireNonNull(sourceRoot, "sourceRoot");
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("sourceRoot " + sourceRoot + " is not a folder");
        }
        Path direct = Course.chapterFolder(sourceRoot, chapter);
        Path module = Course.chapterFolder(sourceRoot.resolve("src/main/java"), chapter);
        for (Path candidate : List.of(direct, module)) {
            String link = linkOnTheWay(sourceRoot, candidate);
            if (link != null) {
                throw new IllegalArgumentException("sourceRoot " + sourceRoot + ": " + link
                        + " is a symbolic link; grading does not follow links, hand in the folder itself");
            }
            if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate == direct ? sourceRoot : sourceRoot.resolve("src/main/java");
            }
        }
        throw new IllegalArgumentException("sourceRoot " + sourceRoot + " has no chapter " + chapter
                + " folder (looked for " + direct + " and " + module + ")");
    }

    /** The first symbolic link among the folders from below {@code top} down to {@code target}, or null. */
    static String linkOnTheWay(Path top, Path target) {
        Path relative = top.relativize(target);
        Path at = top;
        for (Path part : relative) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return top.relativize(at).toString();
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return null;
    }

    /**
     * Every test at 0 points with {@code why}. The tests are listed against reference code that compiles (the
     * course's starter, else its solutions); when neither does, the list stays empty.
     */
    private List<TestResult> listed(IsolatedTests isolated, int chapter, Path gradedRoot,
                                    List<SourceBundle.SourceFile> tests, List<String> testClasses, String why) {
        for (Path referenceRoot : List.of(course.exerciseSources(), course.solutionSources())) {
            Path reference = Course.chapterFolder(referenceRoot, chapter);
            try {
                if (!Files.isDirectory(reference)
                        || Files.isSameFile(reference, Course.chapterFolder(gradedRoot, chapter))) {
                    continue;
                }
            } catch (IOException e) {
                continue;
            }
            IsolatedTests.Outcome listing = isolated.list(new IsolatedTests.Request(
                    SourceBundle.readTree(referenceRoot, reference), tests, testClasses,
                    IsolatedTests.Deadline.after(limits.chapterTimeout())));
            if (listing.status() == IsolatedTests.Status.TESTED) {
                return listing.results().stream()
                        .map(r -> TestResult.failed(r.name(), r.displayName(), r.maxPoints(), why))
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
}
