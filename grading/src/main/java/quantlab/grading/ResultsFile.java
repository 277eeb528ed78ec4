package quantlab.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The line format the child JVM's {@code GradingRunner} writes and the grader reads: one tab-separated line per
 * test, first the plan ({@code TEST} lines, then {@code PLANNED}), then one {@code RESULT} line per finished
 * test, then {@code FINISHED}. Tabs, newlines and backslashes inside fields are escaped. A runner that compiles
 * its own sources first writes {@code COMPILED} or {@code COMPILE_ERROR}, and {@code START}/{@code END} around
 * each test and container, so a JVM that dies mid-run shows which test it was in.
 *
 * <p>Every line ends with a seal: a tab and the hex HMAC-SHA256, under the run's secret key, of the line's number
 * (from 0), a newline and the line's text. The key reaches the runner over its standard input only, so a line the
 * code under test wrote (or a line replayed, reordered or dropped from the middle) fails the check, and the whole
 * file is then treated as damaged. {@code TAMPERED} says the runner refused a listener call made by graded code.
 */
public final class ResultsFile {

    /** The length of a run's secret key in bytes. */
    public static final int KEY_BYTES = 32;

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int TAG_CHARS = 64;

    public static final String TEST = "TEST";
    public static final String RESULT = "RESULT";
    public static final String PLANNED = "PLANNED";
    public static final String FINISHED = "FINISHED";
    public static final String COMPILED = "COMPILED";
    public static final String COMPILE_ERROR = "COMPILE_ERROR";
    public static final String START = "START";
    public static final String END = "END";
    public static final String TAMPERED = "TAMPERED";

    /** The status of one test as the runner reports it. */
    public enum Status { PLANNED, PASSED, FAILED, ABORTED, SKIPPED }

    /** One test: its unique id, class, method, display name, points, status and message. */
    public record Line(String id, String testClass, String method, String displayName, int points, Status status,
                String message) {
    }

    /**
     * What a results file says: the planned tests in order, the results by id, and which markers it reached;
     * whether the runner compiled its sources ({@code compiled}) or the compiler's output when it could not
     * ({@code compileError}, else null); and the tests and containers started but not ended, oldest first.
     */
    record Contents(List<Line> planned, Map<String, Line> results, boolean planComplete, boolean finished,
                    boolean compiled, String compileError, List<String> open, boolean tampered) {

        Contents(List<Line> planned, Map<String, Line> results, boolean planComplete, boolean finished) {
            this(planned, results, planComplete, finished, false, null, List.of(), false);
        }
    }

    /** A new random key for one run. */
    static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /** An HMAC-SHA256 keyed with {@code key}. */
    public static javax.crypto.Mac newMac(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key must have " + KEY_BYTES + " bytes, had " + key.length);
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(MAC_ALGORITHM);
            mac.init(new javax.crypto.spec.SecretKeySpec(key, MAC_ALGORITHM));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + MAC_ALGORITHM, e);
        }
    }

    /** The seal of line number {@code number} with text {@code line}: hex HMAC of "number\nline". */
    public static String tag(javax.crypto.Mac mac, long number, String line) {
        return java.util.HexFormat.of().formatHex(mac.doFinal((number + "\n" + line).getBytes(StandardCharsets.UTF_8)));
    }

    private ResultsFile() {
    }

    public static String format(String kind, Line line) {
        return String.join("\t", kind, escape(line.id()), escape(line.testClass()), escape(line.method()),
                escape(line.displayName()), String.valueOf(line.points()), line.status().name(),
                escape(line.message()));
    }

    /**
     * Reads a results file whose lines are sealed under {@code key}. Only complete lines count (a child killed
     * mid-write leaves a partial last line). Throws IllegalStateException on anything malformed or on any line whose
     * seal does not match, so neither damage nor forgery ever yields a grade.
     */
    static Contents read(Path file, byte[] key) {
        javax.crypto.Mac mac = newMac(key);
        List<Line> planned = new ArrayList<>();
        Map<String, Line> results = new LinkedHashMap<>();
        boolean planComplete = false;
        boolean finished = false;
        boolean compiled = false;
        String compileError = null;
        LinkedHashSet<String> open = new LinkedHashSet<>();
        if (!Files.exists(file)) {
            return new Contents(planned, results, false, false);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the test results " + file, e);
        }
        int end = text.lastIndexOf('\n');
        String complete = end < 0 ? "" : text.substring(0, end);
        Map<String, Line> plannedById = new LinkedHashMap<>();
        boolean tampered = false;
        long number = 0;
        for (String sealed : complete.isEmpty() ? new String[0] : complete.split("\n", -1)) {
            int cut = sealed.lastIndexOf('\t');
            String raw = cut < 0 ? sealed : sealed.substring(0, cut);
            if (cut < 0 || sealed.length() - cut - 1 != TAG_CHARS || !java.security.MessageDigest.isEqual(
                    tag(mac, number, raw).getBytes(StandardCharsets.US_ASCII),
                    sealed.substring(cut + 1).getBytes(StandardCharsets.US_ASCII))) {
                throw new IllegalStateException("results line " + (number + 1) + " does not carry this run's seal,"
                        + " so the grader's runner did not write it");
            }
            number++;
            String[] fields = raw.split("\t", -1);
            switch (fields[0]) {
                case PLANNED -> planComplete = true;
                case FINISHED -> finished = true;
                case COMPILED -> compiled = true;
                case COMPILE_ERROR -> compileError = single(raw, fields);
                case START -> open.add(single(raw, fields));
                case END -> open.remove(single(raw, fields));
                case TAMPERED -> tampered = true;
                case TEST, RESULT -> {
                    Line line = parse(raw, fields);
                    if (fields[0].equals(TEST)) {
                        if (planComplete || plannedById.putIfAbsent(line.id(), line) != null) {
                            throw malformed(raw, "test listed twice or after the plan");
                        }
                        planned.add(line);
                    } else {
                        if (!planComplete || !plannedById.containsKey(line.id())
                                || results.putIfAbsent(line.id(), line) != null) {
                            throw malformed(raw, "result for a test that is not planned, or reported twice");
                        }
                    }
                }
                default -> throw malformed(raw, "unknown record");
            }
        }
        return new Contents(List.copyOf(planned), Map.copyOf(results), planComplete, finished, compiled,
                compileError, List.copyOf(open), tampered);
    }

    /** A record with one escaped field, such as {@code START id}. */
    public static String format(String kind, String field) {
        return kind + "\t" + escape(field);
    }

    private static String single(String raw, String[] fields) {
        if (fields.length != 2) {
            throw malformed(raw, "expected 2 fields, found " + fields.length);
        }
        try {
            return unescape(fields[1]);
        } catch (IllegalArgumentException e) {
            throw malformed(raw, e.getMessage());
        }
    }

    private static Line parse(String raw, String[] fields) {
        if (fields.length != 8) {
            throw malformed(raw, "expected 8 fields, found " + fields.length);
        }
        try {
            return new Line(unescape(fields[1]), unescape(fields[2]), unescape(fields[3]), unescape(fields[4]),
                    Integer.parseInt(fields[5]), Status.valueOf(fields[6]), unescape(fields[7]));
        } catch (IllegalArgumentException e) {
            throw malformed(raw, e.getMessage());
        }
    }

    private static IllegalStateException malformed(String line, String why) {
        return new IllegalStateException("malformed test results line (" + why + "): " + line);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new IllegalArgumentException("dangling escape");
            }
            switch (text.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("unknown escape \\" + text.charAt(i));
            }
        }
        return out.toString();
    }
}
