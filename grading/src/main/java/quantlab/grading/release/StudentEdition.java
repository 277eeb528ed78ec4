package quantlab.grading.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import quantlab.grading.Course;

/**
 * Builds the student edition of the course from this master copy: notebooks, library, grader, exercises, data,
 * README and environment.yml, without the reference solutions, the instructor module and its hidden tests, the
 * instructor commands, the README's instructor-only parts and notebook answer keys. The edition is assembled in a
 * temporary folder, checked with {@link LeakScanner}, and only then moved into place, so a failed build never
 * leaves a partial or leaking edition behind. Usage: {@code StudentEdition [--out DIR]} (default
 * {@code build/student-edition}).
 */
public final class StudentEdition {

    /** The top-level entries a student edition holds; everything else in the master copy stays behind. */
    static final List<String> INCLUDED = List.of("README.md", "environment.yml", "pom.xml", ".gitignore", ".ci", "bin",
            "lib", "bench", "grading", "exercises", "notebooks", "data");

    /** Instructor-only commands in {@code bin/}. */
    static final Set<String> INSTRUCTOR_COMMANDS = Set.of("grade-class", "release");

    /** Build outputs and editor leftovers, at any depth. */
    static final Set<String> SKIPPED_FOLDERS = Set.of("target", "build", ".ipynb_checkpoints", ".git");

    /** Modules the student edition's pom must not list. */
    static final List<String> INSTRUCTOR_MODULES = List.of("solutions", "instructor");

    /** Marks a folder as a student edition, so a rebuild may replace it. */
    static final String MARKER = ".quantlab-student-edition";

    private static final Pattern INSTRUCTOR_ONLY = Pattern.compile(
            "[ \\t]*<!--\\s*instructor-only\\s*-->.*?<!--\\s*/instructor-only\\s*-->[ \\t]*\\R?", Pattern.DOTALL);

    /** A whole line marked with this comment (say a table row, where a block marker would end the table) goes. */
    private static final Pattern INSTRUCTOR_LINE = Pattern.compile("(?m)^.*<!--\\s*instructor-only-line\\s*-->.*\\R?");

    private StudentEdition() {
    }

    public static void main(String[] args) {
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                System.err.println("usage: bin/release [--out DIR]   (default build/student-edition); unknown: " + args[i]);
                System.exit(2);
            }
        }
        try {
            Course course = Course.locate();
            Path target = out != null ? out : course.root().resolve("build/student-edition");
            build(course, target);
            System.out.println("student edition written to " + target + " (no solutions, hidden tests or answer"
                    + " keys: checked). Try it: cd " + target + " && bin/course && bin/test");
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("release: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Builds the edition of {@code course} into {@code target}, replacing an earlier edition there.
     *
     * @throws IllegalArgumentException if {@code target} is inside the course's sources or is a folder that is
     *     not an earlier student edition (it is never deleted then)
     * @throws IllegalStateException if the edition would leak a solution or a hidden test (nothing is written)
     */
    public static void build(Course course, Path target) {
        Path root = course.root();
        Path out = target.toAbsolutePath().normalize();
        if (root.startsWith(out) || (out.startsWith(root) && !out.startsWith(root.resolve("build")))) {
            throw new IllegalArgumentException("target " + out + " must lie outside the course's sources"
                    + " (use a folder under " + root.resolve("build") + " or elsewhere)");
        }
        if (Files.exists(out) && !Files.exists(out.resolve(MARKER)) && !isEmptyFolder(out)) {
            throw new IllegalArgumentException("target " + out + " exists and is not a student edition; not"
                    + " replacing it");
        }
        Path staging;
        try {
            Files.createDirectories(out.getParent());
            staging = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a folder beside " + out + ": " + e.getMessage(), e);
        }
        try {
            assemble(root, staging);
            List<LeakScanner.Leak> leaks = LeakScanner.scan(staging, LeakScanner.secrets(course));
            if (!leaks.isEmpty()) {
                throw new IllegalStateException("the student edition would leak instructor material, so it was not"
                        + " written:\n  " + String.join("\n  ", leaks.stream()
                        .map(l -> l.file() + ": " + l.what()).toList()));
            }
            delete(out);
            try {
                Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the student edition: " + e.getMessage(), e);
        } finally {
            delete(staging);
        }
    }

    private static void assemble(Path root, Path staging) throws IOException {
        for (String entry : INCLUDED) {
            Path source = root.resolve(entry);
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path path : walk.sorted().toList()) {
                    Path relative = root.relativize(path);
                    if (skipped(relative) || Files.isSymbolicLink(path)) {
                        continue;
                    }
                    Path copy = staging.resolve(relative.toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.createDirectories(copy.getParent());
                        transform(relative, path, copy);
                    }
                }
            }
        }
        Files.writeString(staging.resolve(MARKER), "Student edition of quantlab, built by bin/release from the"
                + " instructor's master copy. Left out: solutions/ (reference solutions), instructor/ (hidden tests"
                + " and instructor checks), bin/" + String.join(", bin/", INSTRUCTOR_COMMANDS.stream().sorted().toList())
                + ", the README's instructor-only parts and notebook answer keys.\n");
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return relative.getNameCount() == 2 && relative.getName(0).toString().equals("bin")
                && INSTRUCTOR_COMMANDS.contains(relative.getFileName().toString());
    }

    private static void transform(Path relative, Path source, Path copy) throws IOException {
        String name = relative.toString().replace('\\', '/');
        if (name.equals("pom.xml")) {
            Files.writeString(copy, withoutInstructorModules(Files.readString(source)));
        } else if (name.equals("README.md")) {
            Files.writeString(copy, withoutInstructorParts(Files.readString(source)));
        } else if (name.startsWith("notebooks/") && name.endsWith(".ipynb")) {
            try {
                Files.writeString(copy, NotebookFilter.filter(Files.readString(source, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(name + ": " + e.getMessage(), e);
            }
        } else {
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** The root pom without the instructor-only modules. */
    static String withoutInstructorModules(String pom) {
        String result = pom;
        for (String module : INSTRUCTOR_MODULES) {
            result = result.replaceAll("[ \\t]*<module>" + module + "</module>[ \\t]*\\R", "");
            if (result.contains("<module>" + module + "</module>")) {
                throw new IllegalStateException("pom.xml: cannot remove the " + module + " module");
            }
        }
        return result;
    }

    /**
     * The README without its {@code <!-- instructor-only -->} ... {@code <!-- /instructor-only -->} blocks and
     * without the lines marked {@code <!-- instructor-only-line -->}.
     */
    static String withoutInstructorParts(String readme) {
        String result = INSTRUCTOR_LINE.matcher(INSTRUCTOR_ONLY.matcher(readme).replaceAll("")).replaceAll("");
        if (result.contains("instructor-only")) {
            throw new IllegalStateException("README.md: an instructor-only marker has no matching end marker");
        }
        return result;
    }

    private static boolean isEmptyFolder(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path folder) {
        if (folder == null || !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }
}
