package quantlab.grading;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The bubblewrap ({@code bwrap}) sandbox every test JVM runs in: new user, PID, network, IPC, UTS and mount
 * namespaces, {@code --die-with-parent}, no capabilities, a seccomp filter that refuses {@code ptrace},
 * {@code process_vm_readv/writev}, {@code pidfd_getfd} and {@code perf_event_open}, and a file system that holds
 * only the JDK and the system libraries it links (read-only), the grading runtime (read-only, at {@code /grading}),
 * the run's own working folder ({@code /work}, the one writable place), a private {@code /tmp} and a minimal
 * {@code /dev}; no {@code /proc}. When the JVM ends, the PID namespace ends and with it every process it started.
 * Where bubblewrap is missing or cannot run here, {@link #active()} is false and {@link #notice()} says why.
 */
public final class Sandbox {

    /** What to do where bubblewrap cannot run: fall back to process isolation, or refuse to grade. */
    public enum Policy { PREFER, REQUIRE }

    /** Set to a path to use another bwrap, or to {@code none} to grade without the sandbox (for tests). */
    public static final String BWRAP_PROPERTY = "quantlab.bwrap";

    /** Where the grading runtime and the working folder appear inside the sandbox. */
    static final Path RUNTIME_MOUNT = Path.of("/grading");
    static final Path WORK_MOUNT = Path.of("/work");

    private final Path bwrap;
    private final String version;
    private final String unavailable;
    private final Path jdk;
    private final List<Path> systemFiles;
    private final Path filter;

    private Sandbox(Path bwrap, String version, String unavailable, Path jdk, List<Path> systemFiles, Path filter) {
        this.bwrap = bwrap;
        this.version = version;
        this.unavailable = unavailable;
        this.jdk = jdk;
        this.systemFiles = List.copyOf(systemFiles);
        this.filter = filter;
    }

    /** No sandbox, for the reason given. */
    static Sandbox none(String why) {
        return new Sandbox(null, null, why, null, List.of(), null);
    }

    /**
     * Finds bubblewrap and checks that it can start {@code java -version} from the JDK at {@code jdk} in the
     * sandbox; {@code scratch} receives the seccomp filter. Never throws: where it cannot run, the result says why.
     */
    static Sandbox detect(Path jdk, Path scratch) {
        String configured = System.getProperty(BWRAP_PROPERTY, "");
        if (configured.equals("none")) {
            return none("turned off with -D" + BWRAP_PROPERTY + "=none");
        }
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return none("bubblewrap runs on Linux only, this is " + System.getProperty("os.name"));
        }
        Path bwrap = configured.isEmpty() ? onPath("bwrap") : Path.of(configured);
        if (bwrap == null || !Files.isExecutable(bwrap)) {
            return none("bubblewrap (bwrap) is not installed"
                    + (configured.isEmpty() ? "" : " at " + configured) + "; bin/setup.sh installs Debian's bubblewrap");
        }
        try {
            Path realJdk = jdk.toRealPath();
            Path filter = scratch.resolve("seccomp.bpf");
            Files.write(filter, seccompFilter());
            Sandbox candidate = new Sandbox(bwrap, firstLine(run(List.of(bwrap.toString(), "--version"))),
                    null, realJdk, systemFiles(realJdk), filter);
            Path probe = Files.createTempDirectory(scratch, "probe-");
            Path java = realJdk.resolve("bin/java");
            List<String> command = candidate.wrap(probe, probe, List.of(java.toString(), "-Xshare:auto", "-version"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return none("bubblewrap did not start java within 30 s");
            }
            if (process.exitValue() != 0) {
                return none("bubblewrap cannot run here (no user namespaces?): exit code " + process.exitValue()
                        + ": " + firstLine(output));
            }
            return candidate;
        } catch (IOException e) {
            return none("bubblewrap could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return none("interrupted while checking bubblewrap");
        }
    }

    /** Whether test JVMs run in the sandbox. */
    public boolean active() {
        return bwrap != null;
    }

    /** One line for the top of the grader's output: the sandbox in use, or that there is none and why. */
    public String notice() {
        return active()
                ? "sandbox: " + version + " (user, PID, network, IPC and mount namespaces; only the JDK and the"
                + " grading runtime mounted)"
                : "sandbox: NOT AVAILABLE (" + unavailable + "); test JVMs run with process isolation only, see"
                + " README \"What isolation means here\"";
    }

    /** Why there is no sandbox (null when there is one). */
    public String unavailable() {
        return unavailable;
    }

    /**
     * The command that runs {@code java} (a command line whose paths are the sandbox's own: the JDK at its real
     * path, the runtime at {@link #RUNTIME_MOUNT}, the working folder at {@link #WORK_MOUNT}) in the sandbox, with
     * {@code runtime} mounted read-only and {@code work} read-write.
     */
    List<String> wrap(Path runtime, Path work, List<String> java) {
        if (!active()) {
            throw new IllegalStateException("no sandbox: " + unavailable);
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "f=$1; shift; exec \"$@\" 9<\"$f\"", "sh", filter.toString(), bwrap.toString(),
                "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--hostname", "grading", "--seccomp", "9"));
        command.addAll(List.of("--ro-bind", jdk.toString(), jdk.toString()));
        for (Path file : systemFiles) {
            command.addAll(List.of("--ro-bind", file.toString(), file.toString()));
        }
        command.addAll(List.of("--ro-bind", runtime.toString(), RUNTIME_MOUNT.toString(),
                "--bind", work.toString(), WORK_MOUNT.toString(),
                "--tmpfs", "/tmp", "--dev", "/dev", "--remount-ro", "/", "--chdir", WORK_MOUNT.toString(),
                // With no /proc the loader cannot find $ORIGIN, so the launcher is told where libjli.so is.
                "--setenv", "LD_LIBRARY_PATH", jdk.resolve("lib").toString(), "--"));
        command.addAll(java);
        return command;
    }

    /** The JDK's own folder (its real path), which the sandbox mounts at the same place. */
    Path jdk() {
        return jdk;
    }

    /**
     * The shared libraries outside the JDK that its launcher and libraries link (libc, libm, the loader...), as
     * {@code ldd} reports them; nothing else of the host is mounted.
     */
    private static List<Path> systemFiles(Path jdk) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ldd", jdk.resolve("bin/java").toString()));
        try (Stream<Path> walk = Files.walk(jdk.resolve("lib"))) {
            walk.filter(p -> p.getFileName().toString().endsWith(".so")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(Path::toString).sorted().forEach(command::add);
        }
        TreeSet<Path> files = new TreeSet<>();
        for (String line : run(command).lines().toList()) {
            for (String word : line.trim().split("\\s+")) {
                if (word.startsWith("/") && !word.endsWith(":")) {
                    Path path = Path.of(word);
                    if (!path.startsWith(jdk) && Files.exists(path)) {
                        files.add(path);
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    /**
     * A classic-BPF seccomp program: on x86-64 and aarch64, {@code ptrace}, {@code process_vm_readv},
     * {@code process_vm_writev}, {@code pidfd_getfd} and {@code perf_event_open} fail with EPERM (and x32 calls on
     * x86-64 too); any other architecture (32-bit code) is killed. Everything else is allowed.
     */
    static byte[] seccompFilter() {
        int ldAbs = 0x20;
        int jeq = 0x15;
        int jge = 0x35;
        int ret = 0x06;
        int allow = 0x7fff0000;
        int deny = 0x00050000 | 1; // SECCOMP_RET_ERRNO | EPERM
        int kill = 0x80000000; // SECCOMP_RET_KILL_PROCESS
        int[] x86 = {101, 310, 311, 438, 298};
        int[] arm = {117, 270, 271, 438, 241};
        List<int[]> program = new ArrayList<>();
        // 0: arch; 1: x86-64? else jump to the aarch64 check.
        int x86Length = 2 + x86.length + 1; // load nr, x32 check, the calls, allow
        program.add(new int[] {ldAbs, 0, 0, 4});
        program.add(new int[] {jeq, 0, x86Length, 0xc000003e});
        int denyAt = 2 + x86Length + 1 + 1 + arm.length + 1; // index of the deny instruction
        program.add(new int[] {ldAbs, 0, 0, 0});
        program.add(new int[] {jge, denyAt - (program.size() + 1), 0, 0x40000000});
        for (int nr : x86) {
            program.add(new int[] {jeq, denyAt - (program.size() + 1), 0, nr});
        }
        program.add(new int[] {ret, 0, 0, allow});
        int killAt = denyAt + 1;
        program.add(new int[] {jeq, 0, killAt - (program.size() + 1), 0xc00000b7});
        program.add(new int[] {ldAbs, 0, 0, 0});
        for (int nr : arm) {
            program.add(new int[] {jeq, denyAt - (program.size() + 1), 0, nr});
        }
        program.add(new int[] {ret, 0, 0, allow});
        if (program.size() != denyAt) {
            throw new IllegalStateException("seccomp program layout is off: " + program.size() + " vs " + denyAt);
        }
        program.add(new int[] {ret, 0, 0, deny});
        program.add(new int[] {ret, 0, 0, kill});
        ByteBuffer bytes = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
        for (int[] op : program) {
            bytes.putShort((short) op[0]).put((byte) op[1]).put((byte) op[2]).putInt(op[3]);
        }
        return bytes.array();
    }

    private static Path onPath(String name) {
        for (String dir : Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end);
    }
}
