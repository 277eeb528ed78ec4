package quantlab.grading;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What an isolated test JVM receives on its standard input instead of paths: the Java sources to compile (the
 * graded code and its tests), the test classes to run, and, when a run is resumed after a crash, the unique ids
 * of the tests still to run. Sources that arrive this way need no file the graded code could find or change.
 */
public record SourceBundle(List<SourceFile> sources, List<String> testClasses, List<String> onlyTestIds) {

    private static final int MAGIC = 0x514C4231; // "QLB1"
    private static final long MAX_BYTES = 64L << 20;

    /** One source file: its path below the source root ({@code quantlab/exercises/ch01/A.java}) and its bytes. */
    public record SourceFile(String path, byte[] content) {

        public SourceFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
            if (!path.endsWith(".java") || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("path must be a relative .java path inside the source root, was "
                        + path);
            }
        }

        /** The top-level class name the path stands for: {@code quantlab.exercises.ch01.A}. */
        public String className() {
            return path.substring(0, path.length() - ".java".length()).replace('/', '.');
        }
    }

    public SourceBundle {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        testClasses = List.copyOf(Objects.requireNonNull(testClasses, "testClasses"));
        onlyTestIds = List.copyOf(Objects.requireNonNull(onlyTestIds, "onlyTestIds"));
    }

    /**
     * Every regular {@code .java} file under {@code folder} (symbolic links are not followed), sorted by path,
     * named relative to {@code sourceRoot}.
     */
    public static List<SourceFile> readTree(Path sourceRoot, Path folder) {
        List<SourceFile> files = new ArrayList<>();
        for (Path path : javaFiles(folder)) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                files.add(new SourceFile(sourceRoot.relativize(path).toString().replace('\\', '/'),
                        Files.readAllBytes(path)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(files);
    }

    /** All {@code .java} files under a folder, sorted, or none if it does not exist. */
    private static List<Path> javaFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the sources in " + folder, e);
        }
    }

    /** Writes the bundle (the stream is flushed, not closed). */
    public void writeTo(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(sources.size());
        for (SourceFile file : sources) {
            out.writeUTF(file.path());
            out.writeInt(file.content().length);
            out.write(file.content());
        }
        writeStrings(out, testClasses);
        writeStrings(out, onlyTestIds);
        out.flush();
    }

    /** Reads a bundle written by {@link #writeTo}; throws IOException on anything malformed or too large. */
    public static SourceBundle readFrom(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a source bundle");
        }
        int count = count(in.readInt());
        List<SourceFile> files = new ArrayList<>(count);
        long total = 0;
        for (int i = 0; i < count; i++) {
            String path = in.readUTF();
            int length = in.readInt();
            total += length;
            if (length < 0 || total > MAX_BYTES) {
                throw new IOException("source bundle larger than " + MAX_BYTES + " bytes");
            }
            byte[] content = in.readNBytes(length);
            if (content.length != length) {
                throw new IOException("source bundle ends inside " + path);
            }
            files.add(new SourceFile(path, content));
        }
        return new SourceBundle(files, readStrings(in), readStrings(in));
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int count = count(in.readInt());
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(in.readUTF());
        }
        return strings;
    }

    private static int count(int value) throws IOException {
        if (value < 0 || value > 100_000) {
            throw new IOException("implausible count in source bundle: " + value);
        }
        return value;
    }
}
