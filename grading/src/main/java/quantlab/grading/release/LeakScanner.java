package quantlab.grading.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import quantlab.grading.Course;

/**
 * Finds instructor material in a folder meant for students: the body of any reference solution method (unless
 * the starter has the same body, like a private constructor), and the hidden tests' class names, method names and
 * bodies. Bodies are compared with comments and all whitespace removed, in every text file including notebook
 * cells, so reformatting or pasting into a notebook does not hide a leak.
 */
public final class LeakScanner {

    /** Bodies shorter than this (comments and whitespace removed) are too generic to count, like {@code {}}. */
    static final int MIN_BODY = 40;

    /** Hidden test method names shorter than this are too generic to count. */
    static final int MIN_NAME = 10;

    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** One thing that must not reach students: what it is, and its text (normalized when {@code body}). */
    public record Secret(String what, String text, boolean body) {
    }

    /** A secret found in a file. */
    public record Leak(Path file, String what) {
    }

    private LeakScanner() {
    }

    /** The secrets of a course: its solution method bodies and its hidden tests. */
    public static List<Secret> secrets(Course course) {
        List<Secret> secrets = new ArrayList<>();
        String starters = normalize(String.join("\n", read(javaFiles(course.exerciseSources()))));
        for (Body body : bodies(javaFiles(course.solutionSources()))) {
            if (body.text().length() >= MIN_BODY && !starters.contains(body.text())) {
                secrets.add(new Secret("the solution body of " + body.method(), body.text(), true));
            }
        }
        List<Path> hidden = javaFiles(course.hiddenTestSources());
        for (Path file : hidden) {
            String name = file.getFileName().toString().replace(".java", "");
            secrets.add(new Secret("the hidden test class " + name, name, false));
        }
        for (Body body : bodies(hidden)) {
            if (body.name().length() >= MIN_NAME) {
                secrets.add(new Secret("the hidden test method " + body.method(), body.name(), false));
            }
            if (body.text().length() >= MIN_BODY) {
                secrets.add(new Secret("the body of the hidden test " + body.method(), body.text(), true));
            }
        }
        return List.copyOf(secrets);
    }

    /** Every secret found in every text file under {@code folder}. */
    public static List<Leak> scan(Path folder, List<Secret> secrets) {
        List<Leak> leaks = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String text = text(file);
                if (text == null) {
                    continue;
                }
                String normalized = normalize(text);
                for (Secret secret : secrets) {
                    if ((secret.body() ? normalized : text).contains(secret.text())) {
                        leaks.add(new Leak(folder.relativize(file), secret.what()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot scan " + folder + ": " + e.getMessage(), e);
        }
        return List.copyOf(leaks);
    }

    /** A file's text (a notebook's: its cells' sources), or null for a binary file. */
    private static String text(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                return null;
            }
            if (file.getFileName().toString().endsWith(".ipynb")) {
                try {
                    StringBuilder cells = new StringBuilder(text).append('\n');
                    for (JsonNode cell : new ObjectMapper().readTree(text).path("cells")) {
                        cells.append(NotebookFilter.source(cell)).append('\n');
                    }
                    return cells.toString();
                } catch (IOException e) {
                    return text;
                }
            }
            return text;
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String normalize(String text) {
        return WHITESPACE.matcher(COMMENTS.matcher(text).replaceAll("")).replaceAll("");
    }

    /** A method's name ({@code MemoryMath.toGB}), simple name and normalized body. */
    private record Body(String method, String name, String text) {
    }

    private static List<Body> bodies(List<Path> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("the leak check needs a JDK (javac) to read Java sources");
        }
        List<Body> bodies = new ArrayList<>();
        try (StandardJavaFileManager manager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = manager.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) compiler.getTask(null, manager, diagnostic -> { }, List.of("-proc:none"),
                    null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                CharSequence source = unit.getSourceFile().getCharContent(true);
                new TreeScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree node, String outer) {
                        String name = outer.isEmpty() ? node.getSimpleName().toString()
                                : outer + "." + node.getSimpleName();
                        return super.visitClass(node, name);
                    }

                    @Override
                    public Void visitMethod(MethodTree node, String owner) {
                        if (node.getBody() != null) {
                            long start = positions.getStartPosition(unit, node.getBody());
                            long end = positions.getEndPosition(unit, node.getBody());
                            bodies.add(new Body(owner + "." + node.getName(), node.getName().toString(),
                                    normalize(source.subSequence((int) start, (int) end).toString())));
                        }
                        return super.visitMethod(node, owner);
                    }
                }.scan(unit, "");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Java sources: " + e.getMessage(), e);
        }
        return bodies;
    }

    private static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static List<String> read(List<Path> files) {
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            try {
                texts.add(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }
}
