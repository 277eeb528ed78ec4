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
 * @param llcBytes    the last-level cache's size in bytes, 0 when the machine does not say
 * @param llcSource   where llcBytes was read, such as "/sys/devices/system/cpu/cpu0/cache/index3 (L3)"
 * @param mhz         the clock in MHz from /proc/cpuinfo, NaN when it does not say
 */
public record MachineInfo(String jdk, int cpus, String cpuModel, String flags, String vectorShape, long llcBytes,
        String llcSource, double mhz) {

    /** Where Linux describes cpu0's caches, one index* folder per cache. */
    static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** Assumed when the machine does not say: larger than most desktop caches, so the probes stay beyond it. */
    static final long FALLBACK_LLC = 256L << 20;

    /** The CPU flags reported, in this order, when present: what the SIMD kernels can compile to. */
    static final List<String> FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
            "avx512_vnni", "asimd", "sve");

    /** This machine, read from the JVM and /proc/cpuinfo. */
    public static MachineInfo current() {
        String cpuinfo = read("/proc/cpuinfo");
        String shape = VectorApi.isAvailable() ? VectorApi.vectorShape() : "none: no --add-modules jdk.incubator.vector";
        long llc = 0;
        String source = "not found under " + CACHES + "; assumed " + (FALLBACK_LLC >> 20) + " MiB";
        int level = 0;
        try (var dirs = Files.list(CACHES)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("index")).sorted().toList()) {
                int l = Integer.parseInt(read(d.resolve("level").toString()).trim());
                long size = sizeBytes(read(d.resolve("size").toString()));
                if (l > level && size > 0) {
                    level = l;
                    llc = size;
                    source = d + " (L" + l + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            llc = 0;
        }
        return new MachineInfo(Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                Runtime.getRuntime().availableProcessors(), modelFrom(cpuinfo), flagsFrom(cpuinfo), shape, llc,
                source, mhzFrom(cpuinfo));
    }

    /** The cache size to stay beyond: the machine's, or {@link #FALLBACK_LLC} when it does not say. */
    public long llcOrFallback() {
        return llcBytes > 0 ? llcBytes : FALLBACK_LLC;
    }

    /** A sysfs cache size such as "32768K" or "1M" in bytes; 0 when unreadable. */
    static long sizeBytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return 0;
        }
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The first "cpu MHz" of a cpuinfo text, NaN if none. */
    static double mhzFrom(String cpuinfo) {
        return cpuinfo.lines().filter(l -> l.startsWith("cpu MHz") && l.indexOf(':') >= 0).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).trim())).orElse(Double.NaN);
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
        return "JDK " + jdk + "\nCPU " + cpuModel + ", " + cpus + " processors, "
                + (Double.isNaN(mhz) ? "clock unknown" : String.format(Locale.ROOT, "%.0f MHz", mhz)) + ", flags: "
                + flags + "\nlast-level cache: " + (llcBytes > 0 ? (llcBytes >> 20) + " MiB, from " : "") + llcSource
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
