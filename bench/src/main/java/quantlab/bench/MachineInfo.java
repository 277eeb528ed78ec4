package quantlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import quantlab.kernels.VectorApi;

/**
 * What a timing depends on besides the code: JDK, CPU, the vector instructions it has, and how busy it was.
 *
 * @param jdk         the JDK's version and vendor
 * @param cpus        processors this JVM may use
 * @param cpuModel    the CPU's model name, or "unknown"
 * @param flags       of the CPU flags that matter to the kernels, those present, or "unknown"
 * @param vectorShape the vectors the SIMD kernels use, or why none
 */
public record MachineInfo(String jdk, int cpus, String cpuModel, String flags, String vectorShape) {

    /** The CPU flags reported, in this order, when present: what the SIMD kernels can compile to. */
    static final List<String> FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
            "avx512_vnni", "asimd", "sve");

    /** This machine, read from the JVM and /proc/cpuinfo. */
    public static MachineInfo current() {
        String cpuinfo = read("/proc/cpuinfo");
        String shape = VectorApi.isAvailable() ? VectorApi.vectorShape() : "none: no --add-modules jdk.incubator.vector";
        return new MachineInfo(Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                Runtime.getRuntime().availableProcessors(), modelFrom(cpuinfo), flagsFrom(cpuinfo), shape);
    }

    /** The load averages over 1, 5 and 15 minutes from /proc/loadavg, or the JVM's 1-minute figure. */
    public static String loadAverage() {
        String[] parts = read("/proc/loadavg").trim().split("\\s+");
        if (parts.length >= 3) {
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
        }
        return String.format(Locale.ROOT, "%.2f (1 min)",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Of {@link #FLAGS}, those on the first "flags" (x86) or "Features" (ARM) line of a cpuinfo text. */
    static String flagsFrom(String cpuinfo) {
        String line = cpuinfo.lines().filter(l -> l.startsWith("flags") || l.startsWith("Features")).findFirst()
                .orElse("");
        if (line.indexOf(':') < 0) {
            return "unknown";
        }
        Set<String> present = Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                .collect(Collectors.toSet());
        String found = FLAGS.stream().filter(present::contains).collect(Collectors.joining(" "));
        return found.isEmpty() ? "none of " + FLAGS : found;
    }

    /** The first "model name" of a cpuinfo text, or "unknown". */
    static String modelFrom(String cpuinfo) {
        return cpuinfo.lines().filter(l -> l.startsWith("model name") && l.indexOf(':') >= 0).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    }

    /** The lines to print above the table. */
    public String render() {
        return "JDK " + jdk + "\nCPU " + cpuModel + ", " + cpus + " processors, flags: " + flags
                + "\nVector API: " + vectorShape + "\n";
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
