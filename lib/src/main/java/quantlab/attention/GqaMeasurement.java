package quantlab.attention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import quantlab.inference.EmbeddingAgreement;
import quantlab.inference.InferenceCheck;
import quantlab.inference.ModelVariant;
import quantlab.inference.OnnxChecker;
import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;

/**
 * Chapter 5's check applied to GQA conversion: each converted model is written as an {@code .onnx} file, passed
 * through ONNX's checker, run by ONNX Runtime over the course's sentences, and compared with the fp32 embeddings.
 * One pass per model and no timing (the converted graphs compute as many heads as the original).
 */
public final class GqaMeasurement {

    private GqaMeasurement() {
    }

    /** The fp32 reference, then MiniLM pooled to each of {@code kvHeads}. Files go to {@code dir}. */
    public static List<GqaResult> run(ParaphraseSets sentences, Path dir, int... kvHeads) {
        if (sentences == null || sentences.size() < 2) {
            throw new IllegalArgumentException("sentences must hold at least two sentences, got " + sentences);
        }
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null, got null");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        OnnxModel fp32 = MiniLm.FP32.model();
        List<String> texts = sentences.texts();
        int[] sets = sentences.setIds();
        List<GqaResult> out = new ArrayList<>();
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            float[][] reference;
            try (Embedder e = Embedder.of(MiniLm.FP32.modelBytes(), tokenizer, QdqCompute.FLOAT32_ACTIVATIONS)) {
                reference = e.embed(texts);
            }
            out.add(new GqaResult("fp32", GqaConversion.HEADS,
                    new OnnxChecker.Result(OnnxChecker.Status.PASSED, "the published file"),
                    EmbeddingAgreement.compare(reference, reference),
                    EmbeddingAgreement.paraphraseHits(reference, sets)));
            for (int k : kvHeads) {
                ModelVariant v = GqaConversion.variant(fp32, k);
                InferenceCheck.CheckedEmbeddings measured = InferenceCheck.checkAndEmbed(v.bytes(),
                        dir.resolve(v.name() + ".onnx"), tokenizer, texts, QdqCompute.FLOAT32_ACTIVATIONS);
                float[][] embeddings = measured.embeddings();
                out.add(new GqaResult(v.name(), k, measured.check(), EmbeddingAgreement.compare(reference, embeddings),
                        EmbeddingAgreement.paraphraseHits(embeddings, sets)));
            }
        }
        return out;
    }
}
