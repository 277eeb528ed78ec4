package quantlab.capstone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What shipped, as {@code key: value} lines beside the model file: the file's name, SHA-256 and size, the recipe,
 * the calibration and evaluation data (with their SHA-256), the library version and the measured quality and size.
 * {@link #verify(Path)} recomputes the file's hash and size, so a manifest that no longer describes its file is
 * caught before anyone trusts it.
 */
public final class Manifest {

    /** The first line of every manifest. */
    public static final String HEADER = "# quantlab artifact manifest v1";

    private final Map<String, String> fields;

    public Manifest(Map<String, String> fields) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().isBlank() || e.getKey().contains(":") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("fields must be single-line key: value pairs, got '" + e.getKey()
                        + "'");
            }
        }
        this.fields = new LinkedHashMap<>(fields);
    }

    public Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    public String get(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the manifest has no field '" + key + "'; it has " + fields.keySet());
        }
        return v;
    }

    public String text() {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        fields.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    public static Manifest parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("a manifest must start with '" + HEADER + "'");
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            int colon = lines[i].indexOf(": ");
            if (colon < 1) {
                throw new IllegalArgumentException("manifest line " + (i + 1) + " must be 'key: value', got '"
                        + lines[i] + "'");
            }
            f.put(lines[i].substring(0, colon), lines[i].substring(colon + 2));
        }
        return new Manifest(f);
    }

    public static Manifest read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest " + file, e);
        }
    }

    /**
     * The problems with a manifest file and the model file it names (in the same folder): none when the file
     * exists and its SHA-256 and size are the ones recorded.
     */
    public static List<String> verify(Path manifestFile) {
        List<String> problems = new ArrayList<>();
        Manifest m = read(manifestFile);
        Path model = manifestFile.resolveSibling(m.get("file"));
        if (!Files.isRegularFile(model)) {
            problems.add("file " + model + " named by the manifest does not exist");
            return problems;
        }
        String hash = sha256(model);
        if (!hash.equals(m.get("sha256"))) {
            problems.add("sha256 of " + model.getFileName() + " is " + hash + ", the manifest says " + m.get("sha256"));
        }
        try {
            long size = Files.size(model);
            if (!Long.toString(size).equals(m.get("bytes"))) {
                problems.add("size of " + model.getFileName() + " is " + size + " bytes, the manifest says "
                        + m.get("bytes"));
            }
        } catch (IOException e) {
            problems.add("cannot read the size of " + model + ": " + e.getMessage());
        }
        return problems;
    }

    /** The lowercase hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
