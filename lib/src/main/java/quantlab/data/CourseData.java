package quantlab.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the course's {@code data/} folder, so a notebook, a test and a plain program all read the same committed
 * files whatever folder they were started from.
 */
public final class CourseData {

    /** The environment variable the course kernel sets to the repository root. */
    public static final String HOME_VARIABLE = "QUANTLAB_HOME";

    private CourseData() {
    }

    /**
     * The {@code data/} folder: under {@code $QUANTLAB_HOME} when that is set, otherwise in the nearest folder at
     * or above the working directory that holds both a {@code pom.xml} and a {@code data/} folder.
     *
     * @throws IllegalStateException when neither way finds one
     */
    public static Path directory() {
        return directory(System.getenv(HOME_VARIABLE), Path.of("").toAbsolutePath());
    }

    /** A file in the {@code data/} folder, which must exist. */
    public static Path file(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("name must be a plain file name, got '" + name + "'");
        }
        Path file = directory().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no data file " + file + " (regenerate it, see SpiralGenerator)");
        }
        return file;
    }

    static Path directory(String home, Path start) {
        if (home != null && !home.isBlank()) {
            Path data = Path.of(home).toAbsolutePath().resolve("data");
            if (!Files.isDirectory(data)) {
                throw new IllegalStateException(HOME_VARIABLE + " is '" + home + "' but " + data
                        + " is not a folder; point it at the repository root");
            }
            return data;
        }
        for (Path folder = start.toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("pom.xml")) && Files.isDirectory(folder.resolve("data"))) {
                return folder.resolve("data");
            }
        }
        throw new IllegalStateException("cannot find the course's data/ folder: " + HOME_VARIABLE
                + " is not set and no folder at or above " + start + " holds both pom.xml and data/");
    }
}
