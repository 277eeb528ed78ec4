package quantlab.instructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generated class of chapter 1 submissions: the reference solution and the starter, each student changed in one
 * way (a wrong answer, a compile error, an endless loop, {@code System.exit}, running out of memory, endless
 * recursion, 100 MB of output, deleting or rewriting its own files, probing for files outside its copy, ...), plus
 * malformed entries. Each student comes with the tests it must fail, written by hand from which methods each
 * chapter 1 test calls (see {@code MemoryMathTest} and {@code MemoryMathHiddenTest}), never from a grader run.
 *
 * <p>Run {@code main(courseRoot, folder)} to write the class somewhere, e.g. to time {@code bin/grade-class}.
 */
public final class SyntheticClass {

    /** Chapter 1's visible tests and their points, by method name. */
    static final Map<String, Integer> VISIBLE = points(
            "bytesPerParameterTable", 1, "thirteenBillionInFp16", 1, "thirteenBillionInInt8", 1,
            "weightBytesAcrossFormats", 2, "weightBytesRejectsBadInput", 2, "convertsToGbAndGib", 2,
            "conversionRejectsBadBytes", 1, "effectiveBitsPerWeight", 2, "effectiveBitsRejectsBadInput", 1,
            "weightBytesAtBits", 1, "headroom", 2, "headroomRejectsBadInput", 1, "maxParametersThatFit", 3,
            "maxParametersEdgeCases", 1);

    /** Chapter 1's hidden tests and their points. */
    static final Map<String, Integer> HIDDEN = points(
            "halfByteForOddCountsInAnyCase", 2, "gibibytesBelowAndAboveOne", 1, "q8StyleGroupsOfThirtyTwo", 1);

    /**
     * The tests (visible, then hidden after "|") that call each method, directly or through the reference
     * solution (weightBytes and maxParametersThatFit call bytesPerParameter). A method that always fails fails
     * exactly these.
     */
    static final Map<String, String> CALLERS = Map.of(
            "bytesPerParameter", "bytesPerParameterTable thirteenBillionInFp16 thirteenBillionInInt8"
                    + " weightBytesAcrossFormats weightBytesRejectsBadInput maxParametersThatFit maxParametersEdgeCases"
                    + " | halfByteForOddCountsInAnyCase",
            "weightBytes", "thirteenBillionInFp16 thirteenBillionInInt8 weightBytesAcrossFormats"
                    + " weightBytesRejectsBadInput | halfByteForOddCountsInAnyCase",
            "toGB", "convertsToGbAndGib conversionRejectsBadBytes |",
            "toGiB", "convertsToGbAndGib conversionRejectsBadBytes | gibibytesBelowAndAboveOne",
            "effectiveBitsPerWeight", "effectiveBitsPerWeight effectiveBitsRejectsBadInput | q8StyleGroupsOfThirtyTwo",
            "weightBytesAtBits", "weightBytesAtBits |",
            "headroomGB", "headroom headroomRejectsBadInput |",
            "maxParametersThatFit", "maxParametersThatFit maxParametersEdgeCases |");

    static final String CHAPTER = "exercises/src/main/java/quantlab/exercises/ch01";

    /** A starter's throw, behind a condition javac cannot fold, so the rest of the method stays reachable. */
    private static final String TODO =
            "if (System.nanoTime() != 0) { throw new UnsupportedOperationException(\"TODO ch01\"); }";

    /** One student and what grading must give: the gradebook status and the tests that must fail. */
    public record Student(String id, String status, Set<String> failingVisible, Set<String> failingHidden) {

        /** The points this student must score, from the hand-written points above. */
        public int points() {
            int points = 0;
            for (var test : VISIBLE.entrySet()) {
                points += failingVisible.contains(test.getKey()) ? 0 : test.getValue();
            }
            for (var test : HIDDEN.entrySet()) {
                points += failingHidden.contains(test.getKey()) ? 0 : test.getValue();
            }
            return points;
        }
    }

    private final Path root;
    private final Path submissions;
    private final String solution;
    private final String starter;
    private final List<Student> students = new ArrayList<>();

    private SyntheticClass(Path courseRoot, Path submissions) throws IOException {
        this.root = courseRoot;
        this.submissions = submissions;
        this.solution = Files.readString(courseRoot.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java"));
        this.starter = Files.readString(courseRoot.resolve(CHAPTER + "/MemoryMath.java"));
    }

    public static void main(String[] args) throws IOException {
        List<Student> written = write(Path.of(args[0]), Path.of(args[1]));
        System.out.println(written.size() + " submissions written to " + args[1]);
    }

    /** Writes the class into {@code submissions} and returns its students with their expected grades. */
    public static List<Student> write(Path courseRoot, Path submissions) throws IOException {
        SyntheticClass c = new SyntheticClass(courseRoot, submissions);
        c.generate();
        return List.copyOf(c.students);
    }

    private void generate() throws IOException {
        String all = String.join(" ", VISIBLE.keySet());
        String allHidden = String.join(" ", HIDDEN.keySet());
        // Right answers, in every accepted layout and encoding.
        correct("correct-1", CHAPTER, solution);
        correct("correct-2", CHAPTER, solution.replace("    ", "\t"));
        correct("correct-flat", "quantlab/exercises/ch01", solution);
        correct("correct-module", "src/main/java/quantlab/exercises/ch01", solution);
        correct("correct-bom-crlf", CHAPTER, "\uFEFF" + solution.replace("\n", "\r\n"));
        correct("Name With Spaces, Inc", CHAPTER, solution);
        // Untouched starters, with and without a stray file.
        write("starter-1", CHAPTER + "/MemoryMath.java", starter);
        expect("starter-1", "graded", all, allHidden);
        write("starter-2", CHAPTER + "/MemoryMath.java", starter);
        write("starter-2", CHAPTER + "/notes.txt", "my notes");
        expect("starter-2", "graded", all, allHidden);
        // Partial and wrong answers.
        // (A bare throw would make the rest of the method unreachable, a compile error; TODO guards it.)
        mutant("partial-togib", "toGiB", TODO);
        mutant("partial-bpp", "bytesPerParameter", TODO);
        write("partial-two", CHAPTER + "/MemoryMath.java",
                insert(insert(solution, "headroomGB", TODO), "maxParametersThatFit", TODO));
        expect("partial-two", "graded", callers("headroomGB", 0) + " " + callers("maxParametersThatFit", 0), "");
        mutant("wrong-weightbytes", "weightBytes", "if (parameterCount != 42) { return -1; }");
        // Only the hidden tests notice this one: every visible toGiB call has at least 2^30 bytes.
        write("hidden-only-bug", CHAPTER + "/MemoryMath.java",
                insert(solution, "toGiB", "if (bytes < BYTES_PER_GIB) { return 0.0; }"));
        expect("hidden-only-bug", "graded", "", "gibibytesBelowAndAboveOne");
        // Code that does not compile, or is not Java at all.
        write("compile-syntax", CHAPTER + "/MemoryMath.java", solution.replace("return bytes / BYTES_PER_GB;",
                "return bytes / BYTES_PER_GB"));
        expect("compile-syntax", "compile error", all, allHidden);
        write("compile-types", CHAPTER + "/MemoryMath.java", solution.replace("double toGB(", "double toGb("));
        expect("compile-types", "compile error", all, allHidden);
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 131 + 7);
        }
        write("not-java", CHAPTER + "/MemoryMath.java", binary);
        expect("not-java", "compile error", all, allHidden);
        // Code that misbehaves: it must cost this student the tests that call it, and nothing more.
        mutant("loop-togb", "toGB", "while (bytes == bytes || bytes != bytes) { Thread.onSpinWait(); }");
        mutant("exit-togib", "toGiB", "System.exit(0);");
        mutant("halt-headroom", "headroomGB", "Runtime.getRuntime().halt(7);");
        mutant("oom-atbits", "weightBytesAtBits", "java.util.List<long[]> hog = new java.util.ArrayList<>();"
                + " while (hog.size() >= 0) { hog.add(new long[1 << 24]); }");
        mutant("recursion-effbits", "effectiveBitsPerWeight", "if (bits != Integer.MIN_VALUE) {"
                + " return effectiveBitsPerWeight(bits, groupSize, scaleBits, zeroPointBits); }");
        write("static-init-throws", CHAPTER + "/MemoryMath.java", solution.replace("    private MemoryMath() {",
                "    static {\n        if (System.nanoTime() != 0) {\n            throw new IllegalStateException(\"broken\");"
                        + "\n        }\n    }\n\n    private MemoryMath() {"));
        expect("static-init-throws", "graded", all, allHidden);
        // Misbehaviour that leaves the answers right: full marks, and no harm to anyone else.
        fine("flood-stdout", "toGB", "if (System.getProperty(\"flooded\") == null) { System.setProperty(\"flooded\", \"y\");"
                + " byte[] chunk = new byte[1 << 20]; java.util.Arrays.fill(chunk, (byte) 'x');"
                + " try { java.io.FileOutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);"
                + " for (int i = 0; i < 100; i++) { raw.write(chunk); } raw.flush(); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"
                + " for (int i = 0; i < 20; i++) { System.out.write(chunk, 0, chunk.length); } }");
        fine("delete-own-sources", "bytesPerParameter", "try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of("
                + "System.getProperty(\"user.dir\")))) { walk.sorted(java.util.Comparator.reverseOrder())"
                + ".forEach(p -> p.toFile().delete()); } catch (java.io.IOException | RuntimeException e) { }");
        fine("rewrite-own-sources", "toGB", "try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of("
                + "System.getProperty(\"user.dir\")))) { for (var p : walk.filter(f -> f.toString().endsWith(\".java\"))"
                + ".toList()) { java.nio.file.Files.writeString(p, \"class Broken {\"); } }"
                + " catch (java.io.IOException | RuntimeException e) { }");
        fine("thread-forever", "headroomGB", "Thread t = new Thread(() -> { while (true) { try { Thread.sleep(1000); }"
                + " catch (InterruptedException e) { } } }); t.setDaemon(false); t.start();");
        write("read-outside", CHAPTER + "/Probe.java", PROBE);
        write("read-outside", CHAPTER + "/MemoryMath.java", insert(solution, "toGB",
                "String found = Probe.findInstructorFiles(); if (found != null) {"
                        + " throw new IllegalStateException(\"found \" + found); }"));
        expect("read-outside", "graded", "", "");
        // Reports its caller in the message: the visible test's name may appear in feedback, a hidden one never.
        mutant("leak-probe", "toGiB", "if (bytes == bytes || bytes != bytes) { throw new IllegalStateException("
                + "\"called by \" + StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow()"
                + ".getClassName())); }");
        // Malformed entries: a clear message and zero each.
        Files.createDirectories(submissions.resolve("empty-folder"));
        expect("empty-folder", "no sources", all, allHidden);
        write("wrong-chapter", "exercises/src/main/java/quantlab/exercises/ch04/RoundingTrick.java",
                Files.readString(root.resolve("exercises/src/main/java/quantlab/exercises/ch04/RoundingTrick.java")));
        expect("wrong-chapter", "no sources", all, allHidden);
        Files.createDirectories(submissions.resolve("symlink-cheat").resolve(CHAPTER));
        Files.createSymbolicLink(submissions.resolve("symlink-cheat").resolve(CHAPTER + "/MemoryMath.java"),
                root.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java"));
        expect("symlink-cheat", "no sources", all, allHidden);
        write("helper-only", CHAPTER + "/Helper.java", "package quantlab.exercises.ch01;\n\nfinal class Helper {\n}\n");
        expect("helper-only", "graded", all, allHidden);
        Files.writeString(submissions.resolve("frank.zip"), "PK not really a zip");
        expect("frank.zip", "invalid", all, allHidden);
    }

    /** Scans for the course's solutions or hidden tests from everything a test JVM can see of its surroundings. */
    static final String PROBE = """
            package quantlab.exercises.ch01;

            import java.io.File;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.ArrayList;
            import java.util.List;

            final class Probe {

                private Probe() {
                }

                static String findInstructorFiles() {
                    try {
                        Class.forName("quantlab.exercises.ch01.MemoryMathHiddenTest");
                        return "the hidden test class on the class path";
                    } catch (ClassNotFoundException expected) {
                        // Good: not loadable here.
                    }
                    if (Probe.class.getClassLoader().getResource("quantlab/exercises/ch01/MemoryMathHiddenTest.class")
                            != null) {
                        return "the hidden test class file";
                    }
                    List<String> starts = new ArrayList<>();
                    String home = System.getenv("QUANTLAB_HOME");
                    if (home != null) {
                        starts.add(home);
                    }
                    for (String key : List.of("user.dir", "user.home", "java.io.tmpdir", "java.home")) {
                        starts.add(System.getProperty(key));
                    }
                    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                        starts.add(entry);
                    }
                    ProcessHandle.current().info().arguments().ifPresent(args -> {
                        for (String arg : args) {
                            if (arg.startsWith("@")) {
                                arg = arg.substring(1);
                            }
                            starts.add(arg);
                        }
                    });
                    for (String start : starts) {
                        for (Path p = Path.of(start).toAbsolutePath(); p != null; p = p.getParent()) {
                            if (Files.exists(p.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java"))
                                    || Files.isDirectory(p.resolve("instructor/hidden-tests"))) {
                                return p.toString();
                            }
                        }
                    }
                    return null;
                }
            }
            """;

    private void correct(String id, String folder, String source) throws IOException {
        write(id, folder + "/MemoryMath.java", source);
        expect(id, "graded", "", "");
    }

    /** A student whose {@code method} starts with {@code code}, which makes every call fail. */
    private void mutant(String id, String method, String code) throws IOException {
        write(id, CHAPTER + "/MemoryMath.java", insert(solution, method, code));
        expect(id, "graded", callers(method, 0), callers(method, 1));
    }

    /** A student whose {@code method} starts with {@code code}, which misbehaves but leaves the answers right. */
    private void fine(String id, String method, String code) throws IOException {
        write(id, CHAPTER + "/MemoryMath.java", insert(solution, method, code));
        expect(id, "graded", "", "");
    }

    private static String callers(String method, int part) {
        return CALLERS.get(method).split("\\|", -1)[part].strip();
    }

    /** The source with {@code code} as the first statement of the public static method {@code method}. */
    static String insert(String source, String method, String code) {
        for (int at = source.indexOf(" " + method + "("); at >= 0; at = source.indexOf(" " + method + "(", at + 1)) {
            if (source.substring(source.lastIndexOf('\n', at) + 1, at).strip().startsWith("public static")) {
                int brace = source.indexOf('{', at);
                return source.substring(0, brace + 1) + "\n        " + code + source.substring(brace + 1);
            }
        }
        throw new IllegalArgumentException("no public static method " + method);
    }

    private void write(String id, String relative, String text) throws IOException {
        write(id, relative, text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String id, String relative, byte[] bytes) throws IOException {
        Path file = submissions.resolve(id).resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private void expect(String id, String status, String failingVisible, String failingHidden) {
        Set<String> visible = names(failingVisible, VISIBLE);
        Set<String> hidden = names(failingHidden, HIDDEN);
        students.add(new Student(id, status, visible, hidden));
    }

    private static Set<String> names(String list, Map<String, Integer> known) {
        Set<String> names = new TreeSet<>();
        for (String name : list.strip().split("\\s+")) {
            if (!name.isEmpty()) {
                if (!known.containsKey(name)) {
                    throw new IllegalArgumentException("unknown test " + name);
                }
                names.add(name);
            }
        }
        return names;
    }

    private static Map<String, Integer> points(Object... pairs) {
        Map<String, Integer> points = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            points.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return points;
    }
}
