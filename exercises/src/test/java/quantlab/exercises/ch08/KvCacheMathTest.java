package quantlab.exercises.ch08;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/** Grades chapter 8, "KV-cache memory". Expected values are worked by hand; the arithmetic is in the comments. */
@DisplayName("Chapter 8: KV-cache memory")
class KvCacheMathTest {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    @Test
    @Points(2)
    @DisplayName("Exercise 1: KV bytes per token of published configs")
    void bytesPerToken() {
        assertAll(
                // Llama 2 7B: 32 x 32 x 2 x 128 x 2 = 524,288
                () -> assertEquals(524_288.0, KvCacheMath.bytesPerToken(32, 32, 128, 2), 0.0, "Llama 2 7B, fp16"),
                // OPT-13B: 40 x 40 x 2 x 128 x 2 = 819,200 = 800 KiB (the vLLM paper's 800 KB)
                () -> assertEquals(819_200.0, KvCacheMath.bytesPerToken(40, 40, 128, 2), 0.0, "OPT-13B, fp16"),
                // Llama 3.1 8B: 32 x 8 x 2 x 128 x 2 = 131,072
                () -> assertEquals(131_072.0, KvCacheMath.bytesPerToken(32, 8, 128, 2), 0.0, "Llama 3.1 8B, bf16"),
                // Falcon 7B, one KV head: 32 x 1 x 2 x 64 x 2 = 8,192
                () -> assertEquals(8_192.0, KvCacheMath.bytesPerToken(32, 1, 64, 2), 0.0, "Falcon 7B (MQA), fp16"),
                // Qwen2.5 7B in int4 codes: 28 x 4 x 2 x 128 x 0.5 = 14,336
                () -> assertEquals(14_336.0, KvCacheMath.bytesPerToken(28, 4, 128, 0.5), 0.0, "Qwen2.5 7B, int4 codes"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 2: the seed's medium exercise, 4,096 tokens = 1.25 GiB (1.34 GB)")
    void mediumExercise() {
        // 80 x 8 x 2 x 128 x 2 = 327,680 B per token; x 4,096 = 1,342,177,280 B = 1.25 GiB
        double bytes = KvCacheMath.bytesPerRequest(80, 8, 128, 2, 4096);
        assertAll(
                () -> assertEquals(1_342_177_280.0, bytes, 0.0, "80 x 8 x 2 x 128 x 2 x 4096"),
                () -> assertEquals(1.25, bytes / GIB, 1e-12, "in GiB"),
                () -> assertEquals(1.34217728, bytes / 1e9, 1e-12, "in GB"),
                // 8K: 2.5 GiB, the seed's "2.5GB"
                () -> assertEquals(2.5, KvCacheMath.bytesPerRequest(80, 8, 128, 2, 8192) / GIB, 1e-12, "8,192 tokens"),
                () -> assertEquals(0.0, KvCacheMath.bytesPerRequest(80, 8, 128, 2, 0), 0.0, "an empty request"));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 3: max concurrency with headroom (scenario A: 13 on the full card, 10 at 90 %)")
    void maxConcurrency() {
        assertAll(
                // (80 - 47) / 2.5 = 13.2 -> 13
                () -> assertEquals(13, KvCacheMath.maxConcurrency(80 * GIB, 47 * GIB, 2.5 * GIB, 1.0), "full card"),
                // (72 - 47) / 2.5 = 10
                () -> assertEquals(10, KvCacheMath.maxConcurrency(80 * GIB, 47 * GIB, 2.5 * GIB, 0.9), "90 %"),
                // scenario B: (80 - 47) / 5 = 6.6 -> 6
                () -> assertEquals(6, KvCacheMath.maxConcurrency(80 * GIB, 47 * GIB, 5 * GIB, 1.0), "16K"),
                // decimal: (80e9 - 47e9) / 2.68435456e9 = 12.29 -> 12
                () -> assertEquals(12, KvCacheMath.maxConcurrency(80e9, 47e9, 2.68435456e9, 1.0), "decimal GB"),
                // (0.5 x 80 - 47) < 0 -> 0
                () -> assertEquals(0, KvCacheMath.maxConcurrency(80 * GIB, 47 * GIB, 2.5 * GIB, 0.5), "no room"));
    }

    @Test
    @Points(1)
    @DisplayName("Bad input is refused with the parameter's name")
    void badInput() {
        assertAll(
                () -> refuses("kvHeads", "0", () -> KvCacheMath.bytesPerToken(32, 0, 128, 2)),
                () -> refuses("layers", "-1", () -> KvCacheMath.bytesPerToken(-1, 8, 128, 2)),
                () -> refuses("bytesPerValue", "NaN", () -> KvCacheMath.bytesPerToken(32, 8, 128, Double.NaN)),
                () -> refuses("tokens", "-5", () -> KvCacheMath.bytesPerRequest(32, 8, 128, 2, -5)),
                () -> refuses("utilization", "1.5", () -> KvCacheMath.maxConcurrency(1e9, 0, 1e6, 1.5)),
                () -> refuses("kvBytesPerRequest", "0", () -> KvCacheMath.maxConcurrency(1e9, 0, 0, 0.9)));
    }

    private static void refuses(String parameter, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException for " + parameter + " = " + value);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter) && message.contains(value),
                "the message should name '" + parameter + "' and its value " + value + ", but was: " + message);
    }
}
