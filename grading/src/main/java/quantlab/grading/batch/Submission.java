package quantlab.grading.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One student's entry in the submissions folder: the student id (the entry's name) and its folder; for an entry
 * that cannot be graded (a file where a folder belongs) the problem, which scores that student zero.
 */
public record Submission(String student, Path folder, String problem) {

    public Submission {
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(folder, "folder");
        if (student.isEmpty()) {
            throw new IllegalArgumentException("student must not be empty");
        }
    }

    /** Whether this entry can be graded at all. */
    public boolean valid() {
        return problem == null;
    }

    /**
     * Every entry of {@code submissions}, sorted by student id; entries whose names start with a dot
     * ({@code .DS_Store}, {@code .git}) are not students and are left out.
     *
     * @throws IllegalArgumentException if {@code submissions} is not a folder
     */
    public static List<Submission> scan(Path submissions) {
        Objects.requireNonNull(submissions, "submissions");
        if (!Files.isDirectory(submissions)) {
            throw new IllegalArgumentException("submissions folder " + submissions + " does not exist or is not a"
                    + " folder (expected one folder per student id, each holding that student's exercises/)");
        }
        List<Submission> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(submissions)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String problem = Files.isSymbolicLink(entry) ? "'" + name + "' is a symbolic link; grading does not"
                        + " follow links: each student's work must be a folder of its own"
                        : Files.isDirectory(entry) ? null : "'" + name + "' is a file, not a folder: each"
                        + " student's work must be a folder named by the student id, holding exercises/";
                found.add(new Submission(name, entry, problem));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the submissions folder " + submissions + ": " + e, e);
        }
        found.sort((a, b) -> a.student().compareTo(b.student()));
        return List.copyOf(found);
    }
}
