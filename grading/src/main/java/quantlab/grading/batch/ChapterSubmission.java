package quantlab.grading.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import quantlab.grading.Course;
import quantlab.grading.SourceBundle;
import quantlab.grading.SourceBundle.SourceFile;

/**
 * What one student handed in for one chapter: the chapter's Java sources (with the course's starter file standing
 * in for any file the student left out), notes on what was ignored or filled in, and, when there is nothing
 * gradable, the problem that scores the chapter zero.
 */
public record ChapterSubmission(int chapter, List<SourceFile> sources, List<String> notes, String problem,
                                boolean noSources) {

    /** The most source a student may hand in for one chapter. */
    public static final long MAX_SOURCE_BYTES = 1L << 20;

    /** The places a chapter folder may sit in a student's folder, most specific first. */
    private static final List<String> SOURCE_ROOTS = List.of("exercises/src/main/java", "src/main/java", "exercises", "");

    public ChapterSubmission {
        sources = List.copyOf(sources);
        notes = List.copyOf(notes);
    }

    /** Whether there is code to compile and test. */
    public boolean gradable() {
        return problem == null;
    }

    /** The longest file or folder name accepted in a chapter folder. */
    static final int MAX_NAME = 100;

    /**
     * Collects the student's sources like {@link #collect}, but never throws: anything unexpected about the
     * student's files makes this one chapter submission invalid, with the reason, and the class goes on.
     */
    public static ChapterSubmission collectSafely(Submission submission, Course course, int chapter) {
        try {
            return collect(submission, course, chapter);
        } catch (RuntimeException e) {
            return new ChapterSubmission(chapter, List.of(), List.of(), "the submission's files could not be read: "
                    + e.getMessage(), false);
        }
    }

    /**
     * Collects the student's sources for {@code chapter} of {@code course}. Symbolic links are never followed: a
     * link on the way to the chapter folder (say {@code exercises/src} pointing elsewhere) is refused and named in
     * the notes, and so is a link among the chapter's files. A file or folder name that cannot be Java source
     * ({@code a..b.java}, a backslash, control characters, more than {@value #MAX_NAME} characters) makes the
     * chapter submission invalid, with the name in the reason.
     */
    public static ChapterSubmission collect(Submission submission, Course course, int chapter) {
        if (!submission.valid()) {
            return new ChapterSubmission(chapter, List.of(), List.of(), submission.problem(), false);
        }
        Path student = submission.folder();
        Path realStudent;
        try {
            realStudent = student.toRealPath();
        } catch (IOException e) {
            return new ChapterSubmission(chapter, List.of(), List.of(), "the folder cannot be read: " + e, false);
        }
        Path root = null;
        List<String> refused = new ArrayList<>();
        for (String candidate : SOURCE_ROOTS) {
            Path folder = Course.chapterFolder(student.resolve(candidate), chapter);
            String link = linkOnTheWay(student, folder, realStudent);
            if (link != null) {
                if (!refused.contains(link)) {
                    refused.add(link);
                }
                continue;
            }
            if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                root = student.resolve(candidate);
                break;
            }
        }
        String expected = String.format("exercises/src/main/java/quantlab/exercises/ch%02d/", chapter);
        if (root == null) {
            if (!refused.isEmpty()) {
                return new ChapterSubmission(chapter, List.of(), refused, "refused: " + String.join("; ", refused)
                        + " (grading never follows links; hand in the files themselves)", false);
            }
            String why = hasJava(student)
                    ? "no sources for chapter " + chapter + ": the submission has no " + expected + " folder"
                    : "no Java sources in this submission (expected " + expected + " with the chapter's .java files)";
            return new ChapterSubmission(chapter, List.of(), List.of(), why, true);
        }
        Path folder = Course.chapterFolder(root, chapter);
        List<String> notes = new ArrayList<>(refused);
        String badName = noteIgnored(root, folder, notes);
        if (badName != null) {
            return new ChapterSubmission(chapter, List.of(), notes, badName, false);
        }
        List<SourceFile> sources = new ArrayList<>(SourceBundle.readTree(root, folder));
        if (sources.isEmpty()) {
            String why = "no Java sources for chapter " + chapter + " in " + expected;
            return new ChapterSubmission(chapter, List.of(), notes, why, true);
        }
        long bytes = sources.stream().mapToLong(f -> f.content().length).sum();
        if (bytes > MAX_SOURCE_BYTES) {
            return new ChapterSubmission(chapter, List.of(), notes, "the chapter's sources take " + bytes
                    + " bytes, more than the limit of " + MAX_SOURCE_BYTES + " bytes", false);
        }
        Set<String> handedIn = new TreeSet<>();
        sources.forEach(f -> handedIn.add(f.path()));
        Path starterRoot = course.exerciseSources();
        for (SourceFile starter : SourceBundle.readTree(starterRoot, Course.chapterFolder(starterRoot, chapter))) {
            if (!handedIn.contains(starter.path())) {
                sources.add(starter);
                notes.add(starter.path() + " was not handed in; the course's starter version of it was graded");
            }
        }
        sources.sort((a, b) -> a.path().compareTo(b.path()));
        return new ChapterSubmission(chapter, sources, notes, null, false);
    }

    /**
     * The first symbolic link on the way from {@code student} down to {@code target}, described with where it
     * leads (outside the student's folder, or inside it), or null when there is none.
     */
    static String linkOnTheWay(Path student, Path target, Path realStudent) {
        Path at = student;
        for (Path part : student.relativize(target)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                String name = student.relativize(at).toString().replace('\\', '/');
                String where;
                try {
                    where = at.toRealPath().startsWith(realStudent) ? "elsewhere in your folder" : "outside your folder";
                } catch (IOException e) {
                    where = "nowhere (a broken link)";
                }
                return name + " is a symbolic link to a place " + where;
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return null;
    }

    /**
     * Notes what is ignored (links, files that are not .java); returns why the submission is invalid when a name
     * cannot be Java source, else null.
     */
    private static String noteIgnored(Path root, Path folder, List<String> notes) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted().toList()) {
                if (path.equals(folder)) {
                    continue;
                }
                String name = root.relativize(path).toString().replace('\\', '/');
                String problem = nameProblem(path.getFileName().toString(),
                        Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS));
                if (Files.isSymbolicLink(path)) {
                    notes.add("ignored " + printable(name) + ": a symbolic link (hand in the file itself)");
                } else if (problem != null) {
                    return "invalid file name " + printable(name) + ": " + problem;
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !name.endsWith(".java")) {
                    notes.add("ignored " + name + ": not a .java file");
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            notes.add("some files could not be listed: " + e.getMessage());
        }
        return null;
    }

    /** Why {@code name} cannot be part of a Java source tree, or null when it can (other files are ignored). */
    static String nameProblem(String name, boolean folder) {
        if (name.length() > MAX_NAME) {
            return "longer than " + MAX_NAME + " characters";
        }
        for (char c : name.toCharArray()) {
            if (c == '\\') {
                return "it contains a backslash";
            }
            if (Character.isISOControl(c)) {
                return "it contains a control character";
            }
        }
        if (name.contains("..")) {
            return "it contains '..'";
        }
        String stem = folder ? name : name.endsWith(".java") ? name.substring(0, name.length() - 5) : null;
        if (stem == null) {
            return null;
        }
        if (!javax.lang.model.SourceVersion.isIdentifier(stem) || javax.lang.model.SourceVersion.isKeyword(stem)) {
            return folder ? "a package folder must be named like a Java identifier"
                    : "a .java file must be named like a Java class";
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
        }
        String text = out.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    private static boolean hasJava(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.anyMatch(p -> p.toString().endsWith(".java") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false;
        }
    }
}
