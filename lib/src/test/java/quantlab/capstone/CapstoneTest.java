package quantlab.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.data.CourseData;
import quantlab.inference.WeightRecipe;

class CapstoneTest {

    @TempDir
    Path dir;

    @Test
    void theManifestMatchesTheFileItShipsWith() throws IOException {
        Capstone.Artifact a = Capstone.ship(WeightRecipe.int8PerChannel(), 0.99, dir);
        Manifest m = Manifest.read(a.manifest());
        assertEquals(a.model().getFileName().toString(), m.get("file"));
        assertEquals(Files.size(a.model()), Long.parseLong(m.get("bytes")));
        // the JDK's SHA-256 of the file, computed here, not by the code under test
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(a.model()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertEquals(java.util.HexFormat.of().formatHex(digest), m.get("sha256"));
        assertEquals(List.of(), Manifest.verify(a.manifest()));
        assertTrue(Files.readString(a.memo()).contains(m.get("decision").equals("ship") ? "Decision: ship" : "do not ship"));

        // one flipped byte in the model is caught
        byte[] bytes = Files.readAllBytes(a.model());
        bytes[bytes.length / 2] ^= 1;
        Files.write(a.model(), bytes);
        List<String> problems = Manifest.verify(a.manifest());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("sha256"), problems.toString());
    }

    @Test
    void theRecordedLibraryVersionIsThePomVersion() throws IOException {
        String pom = Files.readString(CourseData.directory().resolveSibling("lib").resolve("pom.xml"),
                StandardCharsets.UTF_8);
        assertTrue(pom.contains("<version>" + Capstone.LIBRARY_VERSION + "</version>"), "lib/pom.xml version");
    }
}
