package quantlab.grading;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path graded code compiles and runs against: the grading module's own code location plus the
 * entries of the {@code runtime-classpath.txt} Maven writes next to it (lib, JUnit and their dependencies).
 * Independent of the current JVM's {@code java.class.path}, so it works under Maven, a CLI and a notebook kernel.
 */
final class GradingClassPath {

    static final String CLASSPATH_FILE = "runtime-classpath.txt";

    private GradingClassPath() {
    }

    /** Where the grading classes were loaded from: {@code grading/target/classes} or a jar; null if unknown. */
    static Path codeLocation() {
        CodeSource source = Grader.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The grading class path for the code location of this very class. */
    static List<Path> entries() {
        return entries(codeLocation());
    }

    /**
     * The code location followed by the entries of {@code runtime-classpath.txt} in the folder that holds it
     * ({@code grading/target/classes} and {@code grading/target/x.jar} both give {@code grading/target/}).
     */
    static List<Path> entries(Path codeLocation) {
        if (codeLocation == null) {
            throw new IllegalStateException("cannot tell where the quantlab grading classes were loaded from,"
                    + " so the class path for graded code is unknown");
        }
        Path file = codeLocation.getParent() == null ? null : codeLocation.getParent().resolve(CLASSPATH_FILE);
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + CLASSPATH_FILE + " next to the grading code at " + codeLocation
                    + "; build the course first (mvn -pl grading -am install -DskipTests)");
        }
        List<Path> entries = new ArrayList<>();
        entries.add(codeLocation);
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        for (String entry : text.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.strip());
            if (!Files.exists(path)) {
                throw new IllegalStateException(file + " names " + path + ", which does not exist;"
                        + " rebuild the course (mvn -pl grading -am install -DskipTests)");
            }
            entries.add(path);
        }
        return List.copyOf(entries);
    }

    /** The entries joined with the platform's path separator, as javac and java take them. */
    static String join(List<Path> entries) {
        return String.join(java.io.File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
