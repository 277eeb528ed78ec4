package quantlab.recall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The student's review history, one line per card reviewed at least once, in a small tab-separated file (by
 * default {@code ~/.quantlab/recall.tsv}). It is rewritten whole after every grade, through a temporary file and a
 * rename, so quitting or a crash never leaves half a file. A file that cannot be read is set aside (renamed to
 * {@code recall.tsv.corrupt}) and the review starts fresh, with a message saying so; never a stack trace.
 */
public final class StateFile {

    /** The first line of every state file. */
    public static final String HEADER = "# quantlab recall state v1: id<TAB>box<TAB>due<TAB>reviews<TAB>lapses";

    /** What loading found: the states by card id, and a line to show the student when something was unusual. */
    public record Loaded(Map<String, CardState> states, String notice) {
    }

    private final Path path;

    public StateFile(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must be a file path, got null");
        }
        this.path = path;
    }

    /** The default place: {@code .quantlab/recall.tsv} in the home folder ({@code $HOME}, else the JVM's user.home). */
    public static StateFile inHome() {
        String home = System.getenv("HOME");
        return new StateFile(Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"),
                ".quantlab", "recall.tsv"));
    }

    public Path path() {
        return path;
    }

    /** Reads the file; a missing one gives no states, a corrupt one is renamed aside and gives no states. */
    public Loaded load() {
        if (!Files.exists(path)) {
            return new Loaded(new LinkedHashMap<>(), "No review history yet at " + path + "; starting fresh.");
        }
        try {
            return new Loaded(parse(Files.readAllLines(path, StandardCharsets.UTF_8)), null);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            String reason = e instanceof CharacterCodingException ? "it is not UTF-8 text" : e.getMessage();
            Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
            try {
                Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
                return new Loaded(new LinkedHashMap<>(), "The review history at " + path + " could not be read ("
                        + reason + "). It was kept as " + aside + " and the review starts fresh.");
            } catch (IOException moveFailed) {
                return new Loaded(new LinkedHashMap<>(), "The review history at " + path + " could not be read ("
                        + reason + ") nor moved aside (" + moveFailed.getMessage() + "); starting fresh, and it will"
                        + " be overwritten after the first grade.");
            }
        } catch (IOException e) {
            return new Loaded(new LinkedHashMap<>(), "The review history at " + path + " could not be opened ("
                    + e.getMessage() + "); starting fresh.");
        }
    }

    /** Parses the lines of a state file; the message names the line that is wrong. */
    static Map<String, CardState> parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException("line 1 is not the header '" + HEADER + "'");
        }
        Map<String, CardState> states = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                if (f.length != 5) {
                    throw new IllegalArgumentException("expected 5 tab-separated fields, got " + f.length);
                }
                CardState s = new CardState(f[0], Integer.parseInt(f[1]), LocalDate.parse(f[2]),
                        Integer.parseInt(f[3]), Integer.parseInt(f[4]));
                if (states.put(s.id(), s) != null) {
                    throw new IllegalArgumentException("card " + s.id() + " appears twice");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return states;
    }

    /** Writes every state with a review behind it, replacing the file in one rename. */
    public void save(Map<String, CardState> states) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        states.values().stream().filter(s -> s.reviews() > 0).forEach(s -> lines.add(
                s.id() + "\t" + s.box() + "\t" + s.due() + "\t" + s.reviews() + "\t" + s.lapses()));
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".recall", ".tmp");
            try {
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the review history to " + path + ": " + e.getMessage(), e);
        }
    }
}
