package quantlab.exercises.ch14;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import quantlab.exercises.ch14.Review.Failure;
import quantlab.exercises.ch14.Review.Fix;
import quantlab.grading.Points;

/**
 * Grades chapter 14. The failure-fix pairs are the eleven rows of the course's table; the manifest's model file is
 * the three bytes of "abc", whose SHA-256 is the published test vector of FIPS 180-2.
 */
@DisplayName("Chapter 14: the failure-fix table and a manifest check")
class ReviewTest {

    /** SHA-256("abc"), FIPS 180-2 appendix B.1. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static final byte[] MODEL = "abc".getBytes(StandardCharsets.US_ASCII);

    private static String manifest(String sha, String bytes) {
        return "# quantlab artifact manifest v1\nfile: model.onnx\nsha256: " + sha + "\nbytes: " + bytes
                + "\nrecipe: int8 per channel\n";
    }

    @Test
    @Points(3)
    @DisplayName("Exercise 1: each failure gets the fix of the table")
    void failureFix() {
        assertAll(
                () -> assertEquals(Fix.QUANTIZE_INT8_OR_INT4, Review.fixFor(Failure.WEIGHTS_DO_NOT_FIT)),
                () -> assertEquals(Fix.USE_BF16, Review.fixFor(Failure.FP16_TRAINING_UNSTABLE)),
                () -> assertEquals(Fix.PER_CHANNEL_OR_GROUP_SCALES, Review.fixFor(Failure.GLOBAL_SCALE_CRUSHES_SMALL_CHANNELS)),
                () -> assertEquals(Fix.GPTQ, Review.fixFor(Failure.NAIVE_ROUNDING_HURTS)),
                () -> assertEquals(Fix.AWQ, Review.fixFor(Failure.MAGNITUDE_MISSES_SALIENT_CHANNELS)),
                () -> assertEquals(Fix.COUNT_KV_CACHE, Review.fixFor(Failure.OOM_AT_LONG_CONTEXT)),
                () -> assertEquals(Fix.GQA_OR_MQA, Review.fixFor(Failure.KV_CACHE_TOO_LARGE)),
                () -> assertEquals(Fix.PAGED_ATTENTION, Review.fixFor(Failure.KV_ALLOCATION_WASTES_MEMORY)),
                () -> assertEquals(Fix.LORA, Review.fixFor(Failure.FULL_FINE_TUNE_TOO_EXPENSIVE)),
                () -> assertEquals(Fix.QLORA, Review.fixFor(Failure.LORA_STILL_TOO_HEAVY)),
                () -> assertEquals(Fix.RAG, Review.fixFor(Failure.KNOWLEDGE_STALE_OR_PRIVATE)),
                () -> assertThrows(IllegalArgumentException.class, () -> Review.fixFor(null)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: a manifest that matches its file has no problems")
    void goodManifest() {
        assertEquals(List.of(), Review.manifestProblems(manifest(ABC, "3"), MODEL));
    }

    @Test
    @Points(3)
    @DisplayName("Exercise 2: a wrong hash, a wrong size, a missing field or header are each reported")
    void badManifests() {
        assertAll(
                () -> {
                    List<String> p = Review.manifestProblems(manifest(ABC, "3"), "abd".getBytes(StandardCharsets.US_ASCII));
                    assertEquals(1, p.size(), "a changed byte changes only the hash: " + p);
                    assertTrue(p.get(0).contains("sha256"), p.toString());
                },
                () -> {
                    List<String> p = Review.manifestProblems(manifest(ABC, "4"), MODEL);
                    assertEquals(1, p.size(), p.toString());
                    assertTrue(p.get(0).contains("bytes"), p.toString());
                },
                () -> {
                    List<String> p = Review.manifestProblems("# quantlab artifact manifest v1\nfile: m.onnx\nbytes: 3\n", MODEL);
                    assertEquals(1, p.size(), p.toString());
                    assertTrue(p.get(0).contains("sha256"), p.toString());
                },
                () -> {
                    List<String> p = Review.manifestProblems("file: m.onnx\nsha256: " + ABC + "\nbytes: 3\n", MODEL);
                    assertEquals(1, p.size(), p.toString());
                    assertTrue(p.get(0).contains("header"), p.toString());
                },
                () -> assertThrows(IllegalArgumentException.class, () -> Review.manifestProblems(null, MODEL)));
    }
}
