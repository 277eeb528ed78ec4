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
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;

/**
 * The folders isolated test JVMs work with, all under one scratch folder. {@code runtime/} holds a copy of what
 * they run: on the class path the grading module (without its runner package) and the course library; on the module
 * path JUnit (whose modules open nothing to graded code) and the runner as the named module
 * {@code quantlab.grading.runner} (whose {@code module-info} is compiled here); so no path a child can see names the
 * course's master copy. In the {@link Sandbox} this folder is mounted read-only; it is checked against its
 * fingerprint before every JVM starts, and reinstalled if anything changed it. {@code runs/} holds one working
 * folder per JVM.
 */
public final class ChildRuntime {

    /** The jars, besides the grading module and the library, that test JVMs need: JUnit and its own needs. */
    private static final List<String> JAR_PREFIXES =
            List.of("junit-jupiter", "junit-platform", "opentest4j-", "apiguardian-api-");

    /** The runner's module and package. */
    static final String RUNNER_MODULE = "quantlab.grading.runner";
    static final String RUNNER_PACKAGE = "quantlab/grading/runner";

    private final Path scratch;
    private final List<Path> entries;
    private final Layout layout;
    private final Map<Path, String> fingerprint;
    private final Sandbox sandbox;

    /** Where things are in {@code runtime/}, relative to it: class path entries, module jars, module names. */
    record Layout(List<String> classPath, List<String> modulePath, List<String> modules) {
    }

    private ChildRuntime(Path scratch, List<Path> entries, Layout layout, Sandbox sandbox) throws IOException {
        this.scratch = scratch;
        this.entries = List.copyOf(entries);
        this.layout = layout;
        this.fingerprint = fingerprint(scratch.resolve("runtime"));
        this.sandbox = sandbox;
    }

    /** Builds the runtime under {@code scratch} (created if missing), in the sandbox where bubblewrap runs. */
    public static ChildRuntime create(Path scratch) {
        return create(scratch, Sandbox.Policy.PREFER);
    }

    /**
     * Builds the runtime under {@code scratch}; with {@link Sandbox.Policy#REQUIRE} it refuses (IllegalStateException)
     * where bubblewrap cannot run.
     */
    public static ChildRuntime create(Path scratch, Sandbox.Policy policy) {
        return create(scratch, GradingClassPath.entries(), policy);
    }

    static ChildRuntime create(Path scratch, List<Path> entries) {
        return create(scratch, entries, Sandbox.Policy.PREFER);
    }

    static ChildRuntime create(Path scratch, List<Path> entries, Sandbox.Policy policy) {
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(policy, "policy");
        try {
            List<Path> needed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (i == 0 || needed(entries.get(i))) {
                    needed.add(entries.get(i));
                }
            }
            Files.createDirectories(scratch);
            Layout layout = install(scratch, needed);
            Sandbox sandbox = Sandbox.detect(Path.of(System.getProperty("java.home")), scratch);
            if (!sandbox.active() && policy == Sandbox.Policy.REQUIRE) {
                throw new IllegalStateException("the sandbox is required (--require-sandbox) but cannot run: "
                        + sandbox.unavailable());
            }
            return new ChildRuntime(scratch, needed, layout, sandbox);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the test JVMs' runtime in " + scratch + ": " + e, e);
        }
    }

    /** Copies the entries into {@code scratch/runtime} (afresh) and compiles the runner's module descriptor. */
    private static Layout install(Path scratch, List<Path> entries) throws IOException {
        Path runtime = scratch.resolve("runtime");
        deleteQuietly(runtime);
        Files.createDirectories(runtime.resolve("classpath"));
        Files.createDirectories(runtime.resolve("modules"));
        Files.createDirectories(scratch.resolve("runs"));
        List<String> classPath = new ArrayList<>();
        List<String> modulePath = new ArrayList<>();
        Path runner = runtime.resolve("runner");
        for (int i = 0; i < entries.size(); i++) {
            Path entry = entries.get(i);
            String name = String.format("%02d-%s", i, entry.getFileName());
            if (i == 0) {
                Path target = runtime.resolve("classpath").resolve(name);
                if (Files.isDirectory(entry)) {
                    copyTree(entry, target, runner);
                } else {
                    extract(entry, target, runner);
                }
                classPath.add("classpath/" + name);
            } else if (JAR_PREFIXES.stream().anyMatch(entry.getFileName().toString()::startsWith)) {
                Files.copy(entry, runtime.resolve("modules").resolve(name), StandardCopyOption.REPLACE_EXISTING);
                modulePath.add("modules/" + name);
            } else {
                Path target = runtime.resolve("classpath").resolve(name);
                if (Files.isDirectory(entry)) {
                    copyTree(entry, target, null);
                } else {
                    Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
                }
                classPath.add("classpath/" + name);
            }
        }
        if (!Files.isDirectory(runner.resolve(RUNNER_PACKAGE))) {
            throw new IOException("the grading code at " + entries.get(0) + " has no " + RUNNER_PACKAGE + " package");
        }
        List<String> modules = new ArrayList<>();
        List<Path> jars = modulePath.stream().map(runtime::resolve).toList();
        for (ModuleReference module : ModuleFinder.of(jars.toArray(Path[]::new)).findAll()) {
            modules.add(module.descriptor().name());
        }
        modules.sort(null);
        compileDescriptor(runner, jars);
        modulePath.add(0, "runner");
        modules.add(0, RUNNER_MODULE);
        return new Layout(classPath, modulePath, modules);
    }

    /** The runner's module-info: it reads JUnit and javax.tools, and exports and opens nothing. */
    private static void compileDescriptor(Path runner, List<Path> junit) throws IOException {
        Path source = runner.getParent().resolve("module-src/module-info.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "module " + RUNNER_MODULE + " {\n    requires java.compiler;\n"
                + "    requires org.junit.platform.launcher;\n    requires org.junit.platform.engine;\n"
                + "    requires org.opentest4j;\n}\n");
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("the grader's Java runtime has no compiler (javac); run it on a JDK");
        }
        java.io.ByteArrayOutputStream messages = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, "-d", runner.toString(), "--module-path",
                GradingClassPath.join(junit), "-Xlint:none", source.toString());
        deleteQuietly(source.getParent());
        if (status != 0) {
            throw new IOException("cannot compile the runner's module descriptor: " + messages);
        }
    }

    /**
     * Checks that no child changed the runtime (in the sandbox it is read-only; without it, graded code runs as
     * the same user and could delete or rewrite it) and reinstalls it if one did. Returns whether it was intact.
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
            Layout again = install(scratch, entries);
            if (!again.equals(layout) || !fingerprint(scratch.resolve("runtime")).equals(fingerprint)) {
                throw new IOException("the reinstalled runtime differs from the first one");
            }
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

    /** The sandbox the children run in (or why there is none). */
    public Sandbox sandbox() {
        return sandbox;
    }

    /** The runtime folder on the host. */
    Path runtimeFolder() {
        return scratch.resolve("runtime");
    }

    /** The class path entries, resolved against where the runtime is seen ({@code /grading} in the sandbox). */
    List<Path> classPath(Path seenAt) {
        return layout.classPath().stream().map(seenAt::resolve).toList();
    }

    /** The module path entries, resolved likewise. */
    List<Path> modulePath(Path seenAt) {
        return layout.modulePath().stream().map(seenAt::resolve).toList();
    }

    /** The modules on the module path: the runner first, then JUnit's. */
    List<String> modules() {
        return layout.modules();
    }

    /** The class path of every isolated test JVM, as seen on the host. */
    public List<Path> classPath() {
        return classPath(runtimeFolder());
    }

    /** The scratch folder this runtime lives in. */
    public Path scratch() {
        return scratch;
    }

    /**
     * A new working folder for one JVM: {@code src/} with the graded sources and an empty {@code tmp/}; the
     * runner's results file goes into it too.
     */
    Path newWorkingFolder(List<SourceBundle.SourceFile> sources) throws IOException {
        Path run = Files.createTempDirectory(Files.createDirectories(scratch.resolve("runs")), "run-");
        Files.createDirectories(run.resolve("tmp"));
        Files.createDirectories(run.resolve("src"));
        for (SourceBundle.SourceFile file : sources) {
            Path target = run.resolve("src").resolve(file.path()).normalize();
            if (!target.startsWith(run.resolve("src"))) {
                throw new IllegalArgumentException("source path escapes the working copy: " + file.path());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
        }
        return run;
    }

    /** Deletes the scratch folder with everything in it, as far as it can. */
    public void delete() {
        deleteQuietly(scratch);
    }

    /** Deletes a file or folder tree, making folders writable first; leftovers are not an error. */
    public static void deleteQuietly(Path root) {
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

    /** Unpacks a jar of the grading module; with {@code runner} not null, the runner package goes there instead. */
    private static void extract(Path jar, Path to, Path runner) throws IOException {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(jar))) {
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory() || name.contains("..") || name.startsWith("/")) {
                    continue;
                }
                Path target = (name.startsWith(RUNNER_PACKAGE) ? runner : to).resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The course library (as a jar or lib/target/classes) and the JUnit jars; not the library's dependencies. */
    static boolean needed(Path entry) {
        String name = entry.getFileName().toString();
        boolean library = name.startsWith("quantlab-lib") || entry.endsWith(Path.of("lib", "target", "classes"));
        return library || JAR_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Copies a folder; with {@code runner} not null, the runner package goes there instead. */
    private static void copyTree(Path from, Path to, Path runner) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                String relative = from.relativize(path).toString().replace('\\', '/');
                Path target = (runner != null && relative.startsWith(RUNNER_PACKAGE) ? runner : to).resolve(relative);
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
