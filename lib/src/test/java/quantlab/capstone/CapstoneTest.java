package quantlab.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.data.CourseData;
import quantlab.inference.EmbeddingStorage;
import quantlab.inference.WeightRecipe;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;

class CapstoneTest {

    @TempDir
    Path dir;

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The first sentences of data/sentences.tsv, so the 14 variants of the risky check run quickly. */
    private Path fewSentences(int n) throws IOException {
        List<String> lines = Files.readAllLines(CourseData.file(ParaphraseSets.FILE), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int sentences = 0;
        boolean header = false;
        for (String l : lines) {
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            if (!header) {
                header = true;
            } else if (++sentences > n) {
                break;
            }
            out.add(l);
        }
        Path file = dir.resolve("few-sentences.tsv");
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void theManifestMatchesTheFileItShipsWithAndRecordsTheRiskyComponents() throws Exception {
        Path evaluation = fewSentences(8);
        Path out = dir.resolve("out");
        Capstone.Artifact a = Capstone.ship(QuantizedWeights.of(WeightRecipe.int8PerChannel().recipe(), null, null),
                0.99, out, evaluation, null);
        Manifest m = Manifest.read(a.manifest());
        byte[] model = Files.readAllBytes(a.model());
        assertEquals(a.model().getFileName().toString(), m.get("file"));
        assertEquals(model.length, Long.parseLong(m.get("bytes")));
        // the JDK's SHA-256 of the files, computed here, not by the code under test
        assertEquals(sha256(model), m.get("sha256"));
        assertEquals(sha256(Files.readAllBytes(evaluation)), m.get("evaluation_sha256"));
        assertEquals("none", m.get("calibration_sha256"));
        assertEquals(List.of(), Manifest.verify(a.manifest()));
        assertTrue(Files.readString(a.memo()).contains(m.get("decision").equals("ship") ? "Decision: ship"
                : "Decision: do not ship"));

        // 6 variants on fp32 weights, the weights alone, 6 on top of them; the shipped embeddings follow the cost
        assertEquals(13, a.risky().rows().size());
        double cost = a.risky().row(RiskyComponents.Component.EMBEDDINGS, RiskyComponents.Precision.INT8_PER_ROW,
                true).cost();
        assertEquals(cost <= Capstone.RISK_TOLERANCE ? EmbeddingStorage.INT8_PER_ROW : EmbeddingStorage.FP32,
                a.embeddings());
        for (String key : List.of("risk_embeddings_int8", "risk_embeddings_int4", "risk_layer_norm_fp16",
                "risk_layer_norm_bf16", "risk_softmax_fp16", "risk_softmax_bf16")) {
            assertTrue(m.get(key).startsWith("cost "), key + ": " + m.get(key));
        }
        // read back with the ONNX protobuf: 36 MatMul weights (6 layers x 6) dequantized, plus the three
        // embedding tables when they are int8; no Cast beyond the published graph's one
        OnnxModel back = OnnxModel.parse(model);
        long dq = back.proto().getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("DequantizeLinear")).count();
        assertEquals(a.embeddings() == EmbeddingStorage.INT8_PER_ROW ? 39 : 36, dq);
        assertEquals(1, back.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Cast"))
                .count());
        // only the model, its manifest and its memo stay behind
        try (var files = Files.list(out)) {
            assertEquals(3, files.count());
        }

        // one flipped byte in the model is caught
        model[model.length / 2] ^= 1;
        Files.write(a.model(), model);
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
