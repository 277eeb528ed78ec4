package quantlab.grading.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import quantlab.grading.SourceBundle;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles sources held in memory into class bytes held in memory, at the course's Java release. Used inside the isolated test JVM, so no class file of graded code ever lies on disk
 * where that code could delete or rewrite it. Compiler messages name files by their relative source paths.
 */
final class MemoryCompiler {

    /** The release graded code compiles for: the course's Maven build's. */
    private static final int JAVA_RELEASE = 21;

    /**
     * Either the compiled classes by binary name with the source path each came from, or the compiler's full
     * output.
     */
    record Result(Map<String, byte[]> classes, Map<String, String> origins, String errors) {

        Result(Map<String, byte[]> classes, String errors) {
            this(classes, Map.of(), errors);
        }

        boolean succeeded() {
            return errors == null;
        }
    }

    private MemoryCompiler() {
    }

    static Result compile(List<SourceBundle.SourceFile> sources, String classPath) {
        List<JavaFileObject> units = new ArrayList<>();
        StringBuilder unreadable = new StringBuilder();
        for (SourceBundle.SourceFile file : sources) {
            try {
                units.add(new Source(file.path(), decode(file.content())));
            } catch (CharacterCodingException e) {
                unreadable.append(file.path()).append(": error: this file is not UTF-8 text, so it cannot be Java"
                        + " source (save it as UTF-8 plain text, not as a document or a binary file)\n");
            }
        }
        if (!unreadable.isEmpty()) {
            return new Result(Map.of(), unreadable.toString().strip());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return new Result(Map.of(), "the grader's Java runtime has no compiler (javac); run it on a JDK");
        }
        Map<String, byte[]> classes = new ConcurrentHashMap<>();
        Map<String, String> origins = new ConcurrentHashMap<>();
        StringWriter output = new StringWriter();
        List<String> options = List.of(
                "--release", String.valueOf(Math.min(JAVA_RELEASE, Runtime.version().feature())),
                "-encoding", "UTF-8",
                "-proc:none",
                "-implicit:none",
                "-g",
                "--class-path", classPath);
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
             JavaFileManager files = new InMemoryOutput(standard, classes, origins)) {
            boolean ok = compiler.getTask(output, files, null, options, null, units).call();
            return ok ? new Result(new TreeMap<>(classes), new TreeMap<>(origins), null) : new Result(Map.of(), output.toString().strip());
        } catch (IOException e) {
            return new Result(Map.of(), "the compiler failed: " + e);
        } catch (RuntimeException | StackOverflowError e) {
            return new Result(Map.of(), "the compiler gave up on this code: " + e);
        }
    }

    /** Strict UTF-8 (a leading byte-order mark is dropped, as editors on some systems write one). */
    private static String decode(byte[] bytes) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        if (text.indexOf('\0') >= 0) {
            throw new CharacterCodingException();
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A source file in memory, named by its relative path in compiler messages. */
    private static final class Source extends SimpleJavaFileObject {

        private final String path;
        private final String text;

        Source(String path, String text) {
            super(URI.create("memory:///" + path), Kind.SOURCE);
            this.path = path;
            this.text = text;
        }

        @Override
        public String getName() {
            return path;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Sends every class file the compiler writes into a map instead of a folder. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {

        private final Map<String, byte[]> classes;
        private final Map<String, String> origins;

        InMemoryOutput(StandardJavaFileManager standard, Map<String, byte[]> classes, Map<String, String> origins) {
            super(standard);
            this.classes = classes;
            this.origins = origins;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            if (sibling instanceof Source source) {
                origins.put(className, source.path);
            }
            return new SimpleJavaFileObject(URI.create("memory:///" + className.replace('.', '/') + kind.extension),
                    kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
