package quantlab.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.calibration.CalibrationSet;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.quantization.Recipe;

class MethodComparisonTest {

    @TempDir
    Path dir;

    @Test
    void theCheckedInComparisonIsCalibratedOnTheMobyDickTextItNames() throws Exception {
        MethodComparison file = MethodComparison.load();
        assertEquals(MethodComparison.recipes(), file.rows().stream().map(MethodComparison.Row::recipe).toList());
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            CalibrationSet cal = MethodComparison.calibration(tokenizer);
            // the JDK's SHA-256 of the paragraphs, one per line, computed here
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((String.join("\n", cal.texts()) + "\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(digest), file.calibrationSha256());
            assertTrue(file.calibration().startsWith(cal.source()), file.calibration());
        }
        // parse(tsv()) is the identity, so the notebook reads what the command wrote
        assertEquals(file, MethodComparison.parse(file.tsv()));
    }

    @Test
    void theRoundToNearestRowsReproduceFromScratch() {
        // the short re-run: RTN needs no calibration, so its rows must come out of chapter 5's check exactly as
        // the file has them (GPTQ and AWQ take minutes and are left to bin/capstone-methods)
        MethodComparison file = MethodComparison.load();
        // int4 g128 round to nearest, the row GPTQ and AWQ are compared with (one file keeps the test short)
        List<Recipe> rtn = MethodComparison.recipes().stream().filter(r -> r.method() == Recipe.Method.RTN
                && r.bits() == 4).toList();
        assertEquals(1, rtn.size());
        MethodComparison now;
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            now = MethodComparison.run(rtn, CalibrationSet.mobyDick(1, tokenizer), dir, null);
        }
        for (Recipe r : rtn) {
            MethodComparison.Row a = file.row(r);
            MethodComparison.Row b = now.row(r);
            assertEquals(a.bytes(), b.bytes(), r.label());
            assertEquals(a.meanCosine(), b.meanCosine(), 1e-5, r.label());
            assertEquals(a.worstCosine(), b.worstCosine(), 1e-5, r.label());
            assertEquals(a.paraphraseHits(), b.paraphraseHits(), 5e-5, r.label());
        }
    }
}
