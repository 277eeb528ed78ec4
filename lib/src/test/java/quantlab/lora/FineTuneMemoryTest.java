package quantlab.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import quantlab.memory.ByteSize;
import quantlab.memory.Gpu;
import quantlab.memory.MemoryBudget;
import quantlab.memory.TrainingMemory;
import quantlab.memory.TrainingMemory.Method;

/**
 * The seed's fine-tuning figures (scenario C, "7B at 4 bits about 3.5 GB raw, about 5-6 GB effective"), each term
 * worked out by hand from Llama 2 7B's config: P = 6,738,415,616 parameters, of which L = 6,476,005,376 in the
 * linear layers.
 */
class FineTuneMemoryTest {

    private static final long P = 6_738_415_616L;
    private static final long L = 6_476_005_376L;
    private static final Gpu GPU_24 = Gpu.ofGB("24 GB card", 24);

    @Test
    void bytesPerParameterOfEachMethod() {
        assertEquals(16, TrainingMemory.bytesPerTrainedParameter(Method.FULL_FP32)); // 4 + 4 + 4 + 4
        assertEquals(16, TrainingMemory.bytesPerTrainedParameter(Method.FULL_MIXED)); // 2 + 2 + 4 + 8
        assertEquals(16, TrainingMemory.bytesPerTrainedParameter(Method.LORA_FP16));
        assertEquals(12, TrainingMemory.bytesPerTrainedParameter(Method.QLORA)); // 2 + 2 + 8
        assertEquals(0.5, TrainingMemory.ABSMAX_FP32_BITS, 0);
        assertEquals(0.126953125, TrainingMemory.ABSMAX_DOUBLE_QUANTIZED_BITS, 0); // 8/64 + 32/16384
    }

    @Test
    void parameterCountsOfLlama2() {
        assertEquals(P, DecoderConfig.LLAMA2_7B.parameters());
        assertEquals(L, DecoderConfig.LLAMA2_7B.linearParameters());
        assertEquals(13_015_864_320L, DecoderConfig.LLAMA2_13B.parameters());
        assertEquals(68_976_648_192L, DecoderConfig.LLAMA2_70B.parameters());
    }

    @Test
    void activationFormula() {
        // 32 layers x 512 tokens x 4096 x (34 + 5 x 32 x 512 / 4096 = 54) bytes
        assertEquals(3_623_878_656L, TrainingMemory.activations(32, 4096, 32, 1, 512, false).bytes());
        // with checkpointing only 2 s b h per layer: 32 x 2 x 512 x 4096
        assertEquals(134_217_728L, TrainingMemory.activations(32, 4096, 32, 1, 512, true).bytes());
        // doubling the batch doubles it
        assertEquals(2 * 3_623_878_656L, TrainingMemory.activations(32, 4096, 32, 2, 512, false).bytes());
    }

    @Test
    void scenarioCFullFineTuningDoesNotFit() {
        MemoryBudget full = FineTuneMemory.plan(DecoderConfig.LLAMA2_7B, Method.FULL_MIXED, null, 0, 1, 512, false);
        // 16 P + activations + 1 GB context
        assertEquals(16 * P + 3_623_878_656L + 1_000_000_000L, full.total().bytes());
        assertEquals(112_438_528_512L, full.total().bytes());
        assertFalse(full.against(GPU_24).fits());
    }

    @Test
    void scenarioCLoraOnFp16MayFitDependingOnSequenceLength() {
        // q,v at r = 16: 32 layers x 2 x 16 x (4096 + 4096) = 8,388,608 adapter parameters, 16 B each
        MemoryBudget at512 = FineTuneMemory.plan(DecoderConfig.LLAMA2_7B, Method.LORA_FP16,
                LinearTarget.queryValue(), 16, 1, 512, false);
        assertEquals(2 * P + 8_388_608L * 16 + 3_623_878_656L + 1_000_000_000L, at512.total().bytes());
        assertEquals(18_234_927_616L, at512.total().bytes());
        assertTrue(at512.against(GPU_24).fits());
        // at 1024 tokens the activations are 32 x 1024 x 4096 x 74 = 9,932,111,872 bytes: 24.54 GB, no longer fits
        MemoryBudget at1024 = FineTuneMemory.plan(DecoderConfig.LLAMA2_7B, Method.LORA_FP16,
                LinearTarget.queryValue(), 16, 1, 1024, false);
        assertEquals(24_543_160_832L, at1024.total().bytes());
        assertFalse(at1024.against(GPU_24).fits());
    }

    @Test
    void scenarioCQloraFits() {
        MemoryBudget q = FineTuneMemory.plan(DecoderConfig.LLAMA2_7B, Method.QLORA, LinearTarget.queryValue(), 16,
                1, 512, false);
        // L/2 + L x 0.126953125 / 8 + 2 (P - L) + 12 x 8,388,608 + activations + context
        assertEquals(3_238_002_688L + 102_768_640L + 524_820_480L + 100_663_296L + 3_623_878_656L
                + 1_000_000_000L, q.total().bytes());
        assertTrue(q.against(GPU_24).fits());
    }

    @Test
    void sevenBillionAtFourBits() {
        assertEquals(3_500_000_000L, FineTuneMemory.rawFourBit(7_000_000_000L).bytes());
        MemoryBudget load = FineTuneMemory.fourBitLoad(DecoderConfig.LLAMA2_7B, 2048);
        assertEquals(3_238_002_688L, load.terms().get(0).size().bytes());
        assertEquals(102_768_640L, load.terms().get(1).size().bytes());
        assertEquals(524_820_480L, load.terms().get(2).size().bytes());
        assertEquals(1_000_000_000L, load.terms().get(3).size().bytes());
        assertEquals(1_073_741_824L, load.terms().get(4).size().bytes()); // 2 x 32 x 4096 x 2 B x 2048
        assertEquals(5_939_333_632L, load.total().bytes());
        double gb = load.total().gb();
        assertTrue(gb >= 5 && gb <= 6, "the seed's 5-6 GB, got " + gb);
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> TrainingMemory.activations(32, 4096, 32, 0, 512, false));
        assertThrows(IllegalArgumentException.class, () -> TrainingMemory.budget(Method.LORA_FP16, 10, 11,
                ByteSize.ZERO));
        assertThrows(IllegalArgumentException.class, () -> FineTuneMemory.plan(DecoderConfig.LLAMA2_7B,
                Method.QLORA, LinearTarget.queryValue(), 0, 1, 512, false));
    }
}
