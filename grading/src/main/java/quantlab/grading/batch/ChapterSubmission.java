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

    /** Collects the student's sources for {@code chapter} of {@code course}. */
    public static ChapterSubmission collect(Submission submission, Course course, int chapter) {
        if (!submission.valid()) {
            return new ChapterSubmission(chapter, List.of(), List.of(), submission.problem(), false);
        }
        Path root = null;
        for (String candidate : SOURCE_ROOTS) {
            Path folder = Course.chapterFolder(submission.folder().resolve(candidate), chapter);
            if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                root = submission.folder().resolve(candidate);
                break;
            }
        }
        String expected = String.format("exercises/src/main/java/quantlab/exercises/ch%02d/", chapter);
        if (root == null) {
            String why = hasJava(submission.folder())
                    ? "no sources for chapter " + chapter + ": the submission has no " + expected + " folder"
                    : "no Java sources in this submission (expected " + expected + " with the chapter's .java files)";
            return new ChapterSubmission(chapter, List.of(), List.of(), why, true);
        }
        Path folder = Course.chapterFolder(root, chapter);
        List<String> notes = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>(SourceBundle.readTree(root, folder));
        noteIgnored(root, folder, notes);
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

    private static void noteIgnored(Path root, Path folder, List<String> notes) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted().toList()) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (Files.isSymbolicLink(path)) {
                    notes.add("ignored " + name + ": a symbolic link (hand in the file itself)");
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !name.endsWith(".java")) {
                    notes.add("ignored " + name + ": not a .java file");
                }
            }
        } catch (IOException e) {
            notes.add("some files could not be listed: " + e.getMessage());
        }
    }

    private static boolean hasJava(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.anyMatch(p -> p.toString().endsWith(".java") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false;
        }
    }
}
