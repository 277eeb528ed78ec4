package quantlab.grading;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a chapter's sources (main and tests together) with the JDK's in-process compiler into a given
 * folder, at the course's Java release, and keeps the compiler's full output when that fails.
 */
final class ChapterCompiler {

    /** The Java release the course's Maven build compiles for. */
    static final int JAVA_RELEASE = 21;

    /** The result of one compilation: whether it succeeded and, if not, all the compiler printed. */
    record Compilation(boolean succeeded, String messages) {
    }

    private ChapterCompiler() {
    }

    /** Compiles {@code sources} against {@code classPath} into {@code outputDir} (which must exist). */
    static Compilation compile(List<Path> sources, List<Path> classPath, Path outputDir) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("grading needs a JDK (with javac), but runs on the JRE at "
                    + System.getProperty("java.home"));
        }
        StringWriter output = new StringWriter();
        List<String> options = List.of(
                "--release", String.valueOf(Math.min(JAVA_RELEASE, Runtime.version().feature())),
                "-encoding", "UTF-8",
                "-proc:none",
                "-implicit:none",
                "-g",
                "--class-path", GradingClassPath.join(classPath),
                "-d", outputDir.toString());
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            boolean ok = compiler.getTask(output, files, null, options, null, units).call();
            return new Compilation(ok, ok ? "" : output.toString().strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the compiler's file manager", e);
        }
    }

    /** All {@code .java} files under a folder, sorted, or none if it does not exist. */
    static List<Path> javaFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the sources in " + folder, e);
        }
    }

    /** The top-level class names of test source files, from their paths below the test source root. */
    static List<String> classNames(Path sourceRoot, List<Path> sources) {
        List<String> names = new ArrayList<>();
        for (Path source : sources) {
            String relative = sourceRoot.relativize(source).toString().replace('\\', '/');
            String name = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
            if (!name.endsWith("package-info") && !name.endsWith("module-info")) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }
}
