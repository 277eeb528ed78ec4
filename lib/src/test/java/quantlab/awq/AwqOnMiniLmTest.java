package quantlab.awq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import quantlab.calibration.CalibrationSet;
import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmMatrix;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.Quantizer;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;

/** AWQ on the real model: the search, the exact graph rewrite (checked by ONNX Runtime), and its failure modes. */
class AwqOnMiniLmTest {

    private static MiniLmTokenizer tokenizer;
    private static MiniLmEncoder encoder;
    private static LinearInputs calibration;
    private static final Quantizer INT4_G128 = new Quantizer(4, QuantScheme.SYMMETRIC, Granularity.perGroup(128));

    @BeforeAll
    static void setUp() {
        tokenizer = MiniLm.FP32.tokenizer();
        encoder = MiniLmEncoder.load();
        CalibrationSet set = CalibrationSet.mobyDick(20, tokenizer);
        MiniLmMatrix v1 = new MiniLmMatrix(1, MiniLmMatrix.Kind.QUERY);
        calibration = set.collect(encoder, Set.of(v1, new MiniLmMatrix(1, MiniLmMatrix.Kind.ATTENTION_OUTPUT),
                new MiniLmMatrix(1, MiniLmMatrix.Kind.FFN_UP), new MiniLmMatrix(1, MiniLmMatrix.Kind.FFN_DOWN)));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void theSearchNeverDoesWorseThanRoundToNearestOnItsTokens() {
        for (ScaleSite site : ScaleSite.values()) {
            SiteScale s = AwqSearch.searchSite(encoder, calibration, INT4_G128, 1, site, 256);
            assertTrue(s.awqError() <= s.rtnError(), s.toString());
            assertTrue(s.alpha() >= 0 && s.alpha() <= 1, s.toString());
            assertEquals(site.width(), s.scales().length);
            // The rtn error is the alpha = 0 error, computed here again independently of the search.
            MiniLmMatrix m = site.matrices(1).get(0);
            var w = encoder.weight(m);
            double rtn = 0;
            for (MiniLmMatrix each : site.matrices(1)) {
                var we = encoder.weight(each);
                rtn += AwqMath.outputError(AwqMath.sampleTokens(calibration.of(m), 256), we,
                        we.withData(INT4_G128.roundTrip(we.data(), we.rows(), we.cols())));
            }
            assertEquals(rtn, s.rtnError(), 1e-9 * rtn);
            assertTrue(w.rows() > 0);
        }
        // On this layer, activation-aware scales cut the ffn up output error clearly (measured 0.77 with 32
        // paragraphs); the test asks only for a real gain.
        assertTrue(AwqSearch.searchSite(encoder, calibration, INT4_G128, 1, ScaleSite.FFN_UP, 256)
                .errorRatio() < 0.95);
    }

    @Test
    void theRewrittenFp32GraphComputesTheSameEmbeddingsAndTheLayerNormFoldDoesNot() {
        // Scales at all four sites of layer 1 with alpha = 0.5, checked by ONNX Runtime (not by our encoder).
        List<SiteScale> scales = EnumSet.allOf(ScaleSite.class).stream().map(site -> new SiteScale(1, site, 0.5,
                AwqMath.scales(AwqMath.meanAbsActivation(calibration.of(site.matrices(1).get(0))), 0.5), 0, 0))
                .toList();
        OnnxModel fp32 = MiniLm.FP32.model();
        OnnxModel exact = AwqModelWriter.withScales(fp32, scales);
        OnnxModel folded = AwqModelWriter.foldIntoLayerNorm(fp32,
                scales.stream().filter(s -> s.site() != ScaleSite.FFN_DOWN).toList());
        List<String> sentences = ParaphraseSets.load().texts().subList(0, 24);
        float[][] ref, a, b;
        try (Embedder e = MiniLm.FP32.embedder()) {
            ref = e.embed(sentences);
        }
        try (Embedder e = Embedder.of(exact.toBytes(), tokenizer)) {
            a = e.embed(sentences);
        }
        try (Embedder e = Embedder.of(folded.toBytes(), tokenizer)) {
            b = e.embed(sentences);
        }
        double worstExact = 1, worstFolded = 1;
        for (int i = 0; i < sentences.size(); i++) {
            worstExact = Math.min(worstExact, Embedder.cosine(ref[i], a[i]));
            worstFolded = Math.min(worstFolded, Embedder.cosine(ref[i], b[i]));
        }
        assertTrue(worstExact > 0.99999, "Mul nodes and the value fold are exact: " + worstExact);
        assertTrue(worstFolded < 0.999, "folding into a post-norm LayerNorm scales the residual: " + worstFolded);
        assertThrows(IllegalArgumentException.class, () -> AwqModelWriter.foldIntoLayerNorm(fp32, scales));
    }

    @Test
    void int3CodesInMatMulNBitsNibblesRunInOnnxRuntimeAsOurDequantizedWeightsDo() {
        // Two independent readings of the same int3 g128 codes: ONNX Runtime's MatMulNBits kernel on the written
        // file, and our encoder on the weights our quantizer dequantizes. They differ only by the file's int8
        // embedding tables, so they must agree far more closely than either agrees with fp32.
        var recipe = quantlab.inference.WeightRecipe.narrowGroup(3, 128, QuantScheme.SYMMETRIC);
        OnnxModel file = quantlab.inference.QuantizedModelWriter.write(MiniLm.FP32.model(), recipe);
        MiniLmEncoder int3Encoder = encoder.withWeights(
                SalientExperiment.weights(encoder, java.util.Map.of(), recipe.quantizer()));
        List<String> sentences = ParaphraseSets.load().texts().subList(0, 16);
        float[][] ort;
        try (Embedder e = Embedder.of(file.toBytes(), tokenizer)) {
            ort = e.embed(sentences);
        }
        float[][] ours = int3Encoder.embed(tokenizer.encode(sentences));
        float[][] fp32 = encoder.embed(tokenizer.encode(sentences));
        for (int i = 0; i < sentences.size(); i++) {
            double same = Embedder.cosine(ort[i], ours[i]);
            assertTrue(same > 0.999, "sentence " + i + ": ONNX Runtime vs our int3 " + same);
            assertTrue(Embedder.cosine(fp32[i], ours[i]) < same, "int3 must be further from fp32 than the two "
                    + "readings of its codes from each other, sentence " + i);
        }
    }

    @Test
    void tooFewCalibrationTokensIsRefusedByName() {
        LinearInputs tiny = encoder.record(tokenizer.encode(List.of("Call me Ishmael.")),
                Set.of(new MiniLmMatrix(0, MiniLmMatrix.Kind.FFN_UP)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AwqSearch.searchSite(encoder, tiny, INT4_G128, 0, ScaleSite.FFN_UP, 256));
        assertTrue(e.getMessage().startsWith("calibration must hold at least as many tokens"), e.getMessage());
    }
}
