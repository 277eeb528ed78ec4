package quantlab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A checkout of the course: its root folder (holding {@code pom.xml} and {@code exercises/}) and how many
 * chapters it may have. Knows where each chapter's starter code, reference solutions and tests live.
 */
public record Course(Path root, int lastChapter) {

    /** The number of chapters of the real course. */
    public static final int CHAPTERS = 14;

    /** The environment variable that, when set, names the course root. */
    public static final String HOME_VARIABLE = "QUANTLAB_HOME";

    private static final Pattern CHAPTER_FOLDER = Pattern.compile("ch(\\d{2})");

    public Course {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
        if (lastChapter < 1) {
            throw new IllegalArgumentException("lastChapter must be at least 1, was " + lastChapter);
        }
        if (!Files.isDirectory(root.resolve("exercises")) || !Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalArgumentException("root " + root
                    + " is not a quantlab course folder (expected pom.xml and exercises/ in it)");
        }
    }

    /** The course at {@code root}, with the real course's {@value #CHAPTERS} chapters. */
    public static Course at(Path root) {
        return new Course(root, CHAPTERS);
    }

    /**
     * The course this grader belongs to: {@code $QUANTLAB_HOME} if set, else three folders above the grading
     * module's code location ({@code grading/target/classes} or {@code grading/target/*.jar}).
     */
    public static Course locate() {
        return locate(System.getenv(), GradingClassPath.codeLocation());
    }

    static Course locate(Map<String, String> environment, Path codeLocation) {
        String home = environment.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            try {
                return at(Path.of(home));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(HOME_VARIABLE + "=" + home
                        + " does not name a quantlab course folder (expected pom.xml and exercises/ in it)", e);
            }
        }
        Path candidate = codeLocation == null ? null : codeLocation.toAbsolutePath().normalize();
        for (int i = 0; i < 3 && candidate != null; i++) {
            candidate = candidate.getParent();
        }
        if (candidate == null || !Files.isDirectory(candidate.resolve("exercises"))
                || !Files.isRegularFile(candidate.resolve("pom.xml"))) {
            throw new IllegalStateException("cannot find the quantlab course folder: " + HOME_VARIABLE
                    + " is not set and the grader's code location " + codeLocation
                    + " is not inside <course>/grading/target. Set " + HOME_VARIABLE + " to the course folder.");
        }
        return at(candidate);
    }

    /** The starter code students edit: {@code exercises/src/main/java}. */
    public Path exerciseSources() {
        return root.resolve("exercises/src/main/java");
    }

    /** The reference solutions: {@code solutions/src/main/java}. */
    public Path solutionSources() {
        return root.resolve("solutions/src/main/java");
    }

    /** The graded tests of every chapter: {@code exercises/src/test/java}. */
    public Path testSources() {
        return root.resolve("exercises/src/test/java");
    }

    /**
     * The instructor-only hidden tests of every chapter: {@code instructor/hidden-tests}, a source root like
     * {@link #testSources()}. Class grading runs them; the student edition leaves them out.
     */
    public Path hiddenTestSources() {
        return root.resolve("instructor/hidden-tests");
    }

    /** The Java package of a chapter, e.g. {@code quantlab.exercises.ch01}. */
    public static String chapterPackage(int chapter) {
        return "quantlab.exercises." + chapterFolderName(chapter);
    }

    /** The chapter's package folder under a source root. */
    public static Path chapterFolder(Path sourceRoot, int chapter) {
        return sourceRoot.resolve("quantlab/exercises").resolve(chapterFolderName(chapter));
    }

    /**
     * Checks that the course has this chapter: within 1..{@link #lastChapter()}, with an exercise folder and
     * tests. Throws IllegalArgumentException naming the chapter otherwise.
     */
    public void requireChapter(int chapter) {
        if (chapter < 1 || chapter > lastChapter) {
            throw new IllegalArgumentException("chapter must be between 1 and " + lastChapter + ", was " + chapter);
        }
        Path exercises = chapterFolder(exerciseSources(), chapter);
        if (!Files.isDirectory(exercises)) {
            throw new IllegalArgumentException("chapter " + chapter + " has no exercise folder (" + exercises + ")");
        }
        Path tests = chapterFolder(testSources(), chapter);
        if (!Files.isDirectory(tests)) {
            throw new IllegalArgumentException("chapter " + chapter + " has no test folder (" + tests + ")");
        }
    }

    /** The chapters that have an exercise folder and a test folder, in ascending order. */
    public List<Integer> chapters() {
        Path base = exerciseSources().resolve("quantlab/exercises");
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<Integer> chapters = new ArrayList<>();
        try (Stream<Path> folders = Files.list(base)) {
            for (Path folder : folders.sorted().toList()) {
                Matcher m = CHAPTER_FOLDER.matcher(folder.getFileName().toString());
                if (Files.isDirectory(folder) && m.matches()) {
                    int chapter = Integer.parseInt(m.group(1));
                    if (chapter >= 1 && chapter <= lastChapter
                            && Files.isDirectory(chapterFolder(testSources(), chapter))) {
                        chapters.add(chapter);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + base, e);
        }
        return List.copyOf(chapters);
    }

    private static String chapterFolderName(int chapter) {
        return String.format("ch%02d", chapter);
    }
}
