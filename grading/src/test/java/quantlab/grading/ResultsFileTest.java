package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @TempDir
    Path dir;

    private static final byte[] KEY = new byte[ResultsFile.KEY_BYTES];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
    }

    /** The lines, each sealed as the runner seals them (numbered from 0), joined by newlines, plus {@code tail}. */
    private static String sealed(String tail, String... lines) {
        javax.crypto.Mac mac = ResultsFile.newMac(KEY);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            text.append(lines[i]).append('\t').append(ResultsFile.tag(mac, i, lines[i])).append('\n');
        }
        return text + tail;
    }

    private static ResultsFile.Line line(String id, ResultsFile.Status status, String message) {
        return new ResultsFile.Line(id, "quantlab.exercises.ch01.ATest", "m", "m()", 2, status, message);
    }

    @Test
    void escapingRoundTrips() {
        String nasty = "a\tb\nc\\d\re\\n";
        assertEquals("a\\tb\\nc\\\\d\\re\\\\n", ResultsFile.escape(nasty));
        assertEquals(nasty, ResultsFile.unescape(ResultsFile.escape(nasty)));
    }

    @Test
    void readsPlanAndResultsAndIgnoresAPartialLastLine() throws IOException {
        Path file = dir.resolve("r.tsv");
        Files.writeString(file, sealed("RESULT\t[2]\tquantlab.exer",
                ResultsFile.format(ResultsFile.TEST, line("[1]", ResultsFile.Status.PLANNED, "")),
                ResultsFile.format(ResultsFile.TEST, line("[2]", ResultsFile.Status.PLANNED, "")),
                ResultsFile.PLANNED,
                ResultsFile.format(ResultsFile.RESULT, line("[1]", ResultsFile.Status.FAILED, "x\ny"))));
        ResultsFile.Contents contents = ResultsFile.read(file, KEY);
        assertTrue(contents.planComplete());
        assertFalse(contents.finished());
        assertEquals(2, contents.planned().size());
        assertEquals(1, contents.results().size());
        assertEquals("x\ny", contents.results().get("[1]").message());
        assertEquals(2, contents.results().get("[1]").points());
    }

    @Test
    void resultForAnUnplannedTestIsRejected() throws IOException {
        Path file = dir.resolve("r.tsv");
        Files.writeString(file, sealed("", ResultsFile.PLANNED,
                ResultsFile.format(ResultsFile.RESULT, line("[9]", ResultsFile.Status.PASSED, ""))));
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file, KEY));
        Files.writeString(file, sealed("", "GARBAGE"));
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file, KEY));
    }

    @Test
    void theSealIsHmacSha256OfNumberNewlineAndLine() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" (the primitive the seal is built on).
        javax.crypto.Mac mac;
        try {
            mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "HmacSHA256"));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                java.util.HexFormat.of().formatHex(mac.doFinal("what do ya want for nothing?".getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII))));
        // "what do ya want for nothing?" is not of the form "N\nline", so compare with the seal of line 7 by hand:
        javax.crypto.Mac seal = ResultsFile.newMac(KEY);
        javax.crypto.Mac plain = ResultsFile.newMac(KEY);
        assertEquals(java.util.HexFormat.of().formatHex(plain.doFinal("7\nPLANNED".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))), ResultsFile.tag(seal, 7, "PLANNED"));
    }

    @Test
    void linesWithoutThisRunsSealAreRejected() throws IOException {
        Path file = dir.resolve("r.tsv");
        String test = ResultsFile.format(ResultsFile.TEST, line("[1]", ResultsFile.Status.PLANNED, ""));
        String passed = ResultsFile.format(ResultsFile.RESULT, line("[1]", ResultsFile.Status.PASSED, ""));
        String good = sealed("", test, ResultsFile.PLANNED);
        // Forged: a PASSED line appended with no seal, with a made-up seal, or with another key's seal.
        Files.writeString(file, good + passed + "\n");
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file, KEY));
        Files.writeString(file, good + passed + "\t" + "0".repeat(64) + "\n");
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file, KEY));
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        Files.writeString(file, good + passed + "\t" + ResultsFile.tag(ResultsFile.newMac(otherKey), 2, passed) + "\n");
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file, KEY));
        // Replayed out of order: line 1's seal does not fit line 0.
        String[] lines = sealed("", test, ResultsFile.PLANNED).split("\n");
        Files.writeString(file, lines[1] + "\n" + lines[0] + "\n");
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(file, KEY));
        // The genuine file reads.
        Files.writeString(file, sealed("", test, ResultsFile.PLANNED, passed));
        assertTrue(ResultsFile.read(file, KEY).results().get("[1]").status() == ResultsFile.Status.PASSED);
    }

    @Test
    void missingFileMeansNothingPlanned() {
        ResultsFile.Contents contents = ResultsFile.read(dir.resolve("none.tsv"), KEY);
        assertFalse(contents.planComplete());
        assertTrue(contents.planned().isEmpty());
    }

    @Test
    void argFileQuoting() {
        assertEquals("\"C:\\\\Program Files\\\\x \\\"y\\\"\"", TestJvm.quote("C:\\Program Files\\x \"y\""));
        assertTrue(Files.isExecutable(TestJvm.javaExecutable()), TestJvm.javaExecutable().toString());
    }
}
