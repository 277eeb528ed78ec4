package quantlab.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** LoRA parameter counts against hand calculation and the seed's worked example. */
class LoraCountTest {

    @Test
    void seedExample4096Rank16() {
        assertEquals(4096 * 4096, 16_777_216);
        assertEquals(131_072, LoraCount.adapterParameters(4096, 4096, 16)); // 4096 x 16 + 16 x 4096
        assertEquals(0.0078125, LoraCount.fractionOfMatrix(4096, 4096, 16), 0); // the seed's 0.78 %
    }

    @Test
    void seedMediumExerciseRank32() {
        assertEquals(262_144, LoraCount.adapterParameters(4096, 4096, 32));
        assertEquals(0.015625, LoraCount.fractionOfMatrix(4096, 4096, 32), 0);
    }

    @Test
    void llama2SevenBTargetSets() {
        DecoderConfig c = DecoderConfig.LLAMA2_7B;
        // q, v: 32 layers x 2 matrices x r x (4096 + 4096)
        assertEquals(4_194_304L, c.loraParameters(LinearTarget.queryValue(), 8));
        assertEquals(8_388_608L, c.loraParameters(LinearTarget.queryValue(), 16));
        assertEquals(33_554_432L, c.loraParameters(LinearTarget.queryValue(), 64));
        // all seven: r x (4 x 8192 + 2 x (4096 + 11008) + (11008 + 4096)) = r x 78,080 per layer, x 32
        assertEquals(19_988_480L, c.loraParameters(LinearTarget.allLinear(), 8));
        assertEquals(39_976_960L, c.loraParameters(LinearTarget.allLinear(), 16));
        assertEquals(159_907_840L, c.loraParameters(LinearTarget.allLinear(), 64));
        assertTrue(c.loraParameters(LinearTarget.allLinear(), 64) / (double) c.parameters() < 0.024);
    }

    @Test
    void groupedQueryAttentionShrinksKeyAndValue() {
        // 70B: v_proj is 8192 x 1024, so q,v at r = 8 is 80 x 8 x ((8192 + 8192) + (8192 + 1024))
        assertEquals(80L * 8 * (16_384 + 9_216), DecoderConfig.LLAMA2_70B.loraParameters(LinearTarget.queryValue(), 8));
    }

    @Test
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoraCount.adapterParameters(384, 384, 0));
        assertTrue(e.getMessage().contains("rank"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoraCount.adapterParameters(384, 1536, 385));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> LinearTarget.of("qkv_proj"));
        assertTrue(name.getMessage().contains("qkv_proj") && name.getMessage().contains("q_proj"), name.getMessage());
        assertEquals(LinearTarget.V, LinearTarget.of("v_proj"));
        assertThrows(IllegalArgumentException.class, () -> DecoderConfig.LLAMA2_7B.loraParameters(Set.of(), 8));
    }
}
