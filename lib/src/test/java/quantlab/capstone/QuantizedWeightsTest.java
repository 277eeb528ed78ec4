package quantlab.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import quantlab.calibration.CalibrationSet;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.quantization.Granularity;
import quantlab.quantization.QuantScheme;
import quantlab.quantization.Recipe;

class QuantizedWeightsTest {

    private static final Recipe INT4 = Recipe.rtn(4, QuantScheme.SYMMETRIC, Granularity.perGroup(128));

    @Test
    void calibrationIsGivenExactlyWhenTheMethodReadsActivations() {
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            CalibrationSet one = CalibrationSet.mobyDick(1, tokenizer);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> QuantizedWeights.of(INT4, one, null));
            assertTrue(e.getMessage().contains("calibration"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> QuantizedWeights.of(INT4.with(Recipe.Method.GPTQ), null, null));
            assertThrows(IllegalArgumentException.class,
                    () -> QuantizedWeights.of(INT4.with(Recipe.Method.AWQ_GPTQ), one, null));
        }
    }

    @Test
    void rtnNeedsNoCalibrationAndNamesItsFileLikeChapterFive() {
        QuantizedWeights w = QuantizedWeights.of(INT4, null, null);
        assertEquals("none", w.calibrationSha256());
        assertEquals("int4-g128-symmetric", w.name());
    }

    @Test
    void theCalibrationHashIsTheJdksSha256OfTheTextLines() throws Exception {
        List<String> texts = List.of("Call me Ishmael.", "Some years ago, never mind how long precisely.");
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("Call me Ishmael.\nSome years ago, never mind how long precisely.\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(digest), QuantizedWeights.sha256(texts));
    }
}
