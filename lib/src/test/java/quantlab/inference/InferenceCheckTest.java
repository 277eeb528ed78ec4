package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quantlab.model.ParaphraseSets;
import tech.tablesaw.api.Table;

/** Issue 4's acceptance on the real model and the course's 208 sentences. */
class InferenceCheckTest {

    @TempDir
    static Path dir;

    private static List<VariantResult> results;

    @BeforeAll
    static void runAllVariants() {
        results = InferenceCheck.run(InferenceCheck.chapterVariants(), ParaphraseSets.load(), dir);
    }

    private static VariantResult get(String name) {
        return InferenceCheck.find(results, name);
    }

    @Test
    void everyVariantWasWrittenAndRunOnEverySentence() {
        assertEquals(8, results.size());
        for (VariantResult r : results) {
            assertTrue(Files.isRegularFile(dir.resolve(r.name() + ".onnx")), r.name());
            assertEquals(r.bytes(), dir.resolve(r.name() + ".onnx").toFile().length(), r.name());
            assertEquals(208, r.agreement().sentences());
            assertTrue(r.msPerBatch() > 0, r.name());
            if (OnnxChecker.available()) {
                assertTrue(r.check().passed(), r.name() + ": " + r.check());
            }
        }
        assertEquals(1.0, get("fp32").agreement().meanCosine(), 1e-9, "the reference against itself");
    }

    @Test
    void ourInt8PerChannelIsAtLeastAsCloseAsOnnxRuntimesInt8() {
        double ours = get("int8-per-channel").agreement().meanCosine();
        double ort = get("ort-int8").agreement().meanCosine();
        assertTrue(ours >= ort, "int8 per channel " + ours + " vs ONNX Runtime int8 " + ort);
    }

    @Test
    void int4InGroupsOf128WithZeroPointsStaysAbove095() {
        double g128 = get("int4-g128-asymmetric").agreement().meanCosine();
        assertTrue(g128 > 0.95, "int4 g128 asymmetric mean cosine " + g128);
    }

    @Test
    void finerScalesAndZeroPointsHelpAsChapterFourPredicts() {
        double perTensor8 = get("int8-per-tensor").agreement().meanCosine();
        double perChannel8 = get("int8-per-channel").agreement().meanCosine();
        double perChannel4 = get("int4-per-channel").agreement().meanCosine();
        double g128sym = get("int4-g128-symmetric").agreement().meanCosine();
        double g128asym = get("int4-g128-asymmetric").agreement().meanCosine();
        double g32asym = get("int4-g32-asymmetric").agreement().meanCosine();
        assertTrue(perChannel8 > perTensor8, perChannel8 + " vs " + perTensor8);
        assertTrue(g128sym > perChannel4, g128sym + " vs " + perChannel4);
        assertTrue(g128asym > g128sym, g128asym + " vs " + g128sym);
        assertTrue(g32asym > g128asym, g32asym + " vs " + g128asym);
    }

    @Test
    void sizesFollowTheBitsPerWeight() {
        // fp32 MiniLM holds 22,565,376 float32 weights (90,261,504 bytes) plus the graph. At int8 nearly all of them
        // take one byte: about a quarter. At int4 the 36 weight matrices (6 x 1,769,472 weights) drop to half a
        // byte plus scales while the embedding tables stay int8: 10.6 MB of matrices become 5.3 MB.
        double fp32 = get("fp32").bytes();
        double int8 = get("int8-per-channel").bytes() / fp32;
        double int4 = get("int4-g128-symmetric").bytes() / fp32;
        assertTrue(int8 > 0.24 && int8 < 0.27, "int8 per channel is " + int8 + " of fp32");
        assertTrue(int4 > 0.18 && int4 < 0.21, "int4 g128 is " + int4 + " of fp32");
        double ort = get("ort-int8").bytes() / fp32;
        assertTrue(Math.abs(ort - int8) < 0.01, "ORT int8 " + ort + " vs ours " + int8);
    }

    @Test
    void theTableHasOneRowPerVariant() {
        Table t = InferenceCheck.table(results);
        assertEquals(8, t.rowCount());
        assertEquals("fp32", t.stringColumn("variant").get(0));
        assertEquals(100.0, t.doubleColumn(2).getDouble(0), 1e-9);
        assertEquals(2, InferenceCheck.distanceChart(results).getTraces().length);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferenceCheck.run(List.of(), ParaphraseSets.load(), dir));
        assertTrue(e.getMessage().contains("variants"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InferenceCheck.find(results, "int3"));
        assertTrue(e.getMessage().contains("int3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelVariant("Bad Name", "x", new byte[1]));
        assertTrue(e.getMessage().contains("Bad Name"), e.getMessage());
    }
}
