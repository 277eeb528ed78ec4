package quantlab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folders isolated test JVMs work with, all under one scratch folder: {@code runtime/} holds a copy of their
 * class path (the grading module, the course library and JUnit, but not the library's third-party dependencies),
 * so that no path a child can see names the course's master copy with its solutions and hidden tests;
 * {@code copies/} holds a fresh working copy of the graded sources per child, and {@code runs/} each child's
 * results file, outside its working copy.
 */
public final class ChildRuntime {

    /** The jars, besides the grading module and the library, that test JVMs need: JUnit and its own needs. */
    private static final List<String> JAR_PREFIXES =
            List.of("junit-jupiter", "junit-platform", "opentest4j-", "apiguardian-api-");

    private final Path scratch;
    private final List<Path> entries;
    private final List<Path> classPath;
    private final Map<Path, String> fingerprint;

    private ChildRuntime(Path scratch, List<Path> entries, List<Path> classPath) throws IOException {
        this.scratch = scratch;
        this.entries = List.copyOf(entries);
        this.classPath = List.copyOf(classPath);
        this.fingerprint = fingerprint(scratch.resolve("runtime"));
    }

    /** Builds the runtime under {@code scratch} (created if missing) from the grading class path. */
    public static ChildRuntime create(Path scratch) {
        return create(scratch, GradingClassPath.entries());
    }

    static ChildRuntime create(Path scratch, List<Path> entries) {
        Objects.requireNonNull(scratch, "scratch");
        try {
            List<Path> needed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (i == 0 || needed(entries.get(i))) {
                    needed.add(entries.get(i));
                }
            }
            return new ChildRuntime(scratch, needed, install(scratch, needed));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the test JVMs' runtime in " + scratch + ": " + e, e);
        }
    }

    /** Copies the entries into {@code scratch/runtime} (afresh) and returns the copies, in order. */
    private static List<Path> install(Path scratch, List<Path> entries) throws IOException {
        Path runtime = scratch.resolve("runtime");
        deleteQuietly(runtime);
        Files.createDirectories(runtime);
        Files.createDirectories(scratch.resolve("copies"));
        Files.createDirectories(scratch.resolve("runs"));
        List<Path> classPath = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Path entry = entries.get(i);
            Path target = runtime.resolve(String.format("%02d-%s", i, entry.getFileName()));
            if (Files.isDirectory(entry)) {
                copyTree(entry, target);
            } else {
                Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
            }
            classPath.add(target);
        }
        return classPath;
    }

    /**
     * Checks that no child changed the runtime (graded code runs as the same user and could, by accident or
     * not, delete or rewrite it) and reinstalls it if one did. Returns whether it was intact.
     */
    public synchronized boolean ensureIntact() {
        try {
            if (fingerprint(scratch.resolve("runtime")).equals(fingerprint)) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable counts as damaged.
        }
        try {
            install(scratch, entries);
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("the test JVMs' runtime in " + scratch + " was damaged and cannot be"
                    + " reinstalled: " + e, e);
        }
    }

    private static Map<Path, String> fingerprint(Path folder) throws IOException {
        Map<Path, String> hashes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path path : walk.toList()) {
                if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    hashes.put(folder.relativize(path), HexFormat.of().formatHex(digest.digest(Files.readAllBytes(path))));
                } else if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    hashes.put(folder.relativize(path), "not a file");
                }
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return hashes;
    }

    /** The class path of every isolated test JVM. */
    public List<Path> classPath() {
        return classPath;
    }

    /** The scratch folder this runtime lives in. */
    public Path scratch() {
        return scratch;
    }

    /** A new working copy holding {@code src/} with the graded sources, and an empty {@code tmp/}. */
    Path newWorkingCopy(List<SourceBundle.SourceFile> sources) throws IOException {
        Path copy = Files.createTempDirectory(Files.createDirectories(scratch.resolve("copies")), "copy-");
        Files.createDirectories(copy.resolve("tmp"));
        for (SourceBundle.SourceFile file : sources) {
            Path target = copy.resolve("src").resolve(file.path()).normalize();
            if (!target.startsWith(copy.resolve("src"))) {
                throw new IllegalArgumentException("source path escapes the working copy: " + file.path());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
        }
        return copy;
    }

    /** A new folder for one child's results, outside any working copy. */
    Path newPrivateFolder() throws IOException {
        return Files.createTempDirectory(Files.createDirectories(scratch.resolve("runs")), "run-");
    }

    /** Deletes the scratch folder with everything in it, as far as it can. */
    public void delete() {
        deleteQuietly(scratch);
    }

    /** Deletes a file or folder tree, making folders writable first; leftovers are not an error. */
    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Graded code may have made a folder unwritable: open it up and try once more.
                    path.getParent().toFile().setWritable(true);
                    path.toFile().setWritable(true);
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException ignored) {
                        // A leftover in the scratch folder changes no grade.
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // As above.
        }
    }

    /** The course library (as a jar or lib/target/classes) and the JUnit jars; not the library's dependencies. */
    static boolean needed(Path entry) {
        String name = entry.getFileName().toString();
        boolean library = name.startsWith("quantlab-lib") || entry.endsWith(Path.of("lib", "target", "classes"));
        return library || JAR_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
