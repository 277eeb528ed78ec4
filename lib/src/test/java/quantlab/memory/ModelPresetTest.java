package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPresetTest {

    @Test
    void publishedCounts() {
        assertEquals(6_738_415_616L, ModelPreset.LLAMA_2_7B.parameters());
        assertEquals(13_015_864_320L, ModelPreset.LLAMA_2_13B.parameters());
        assertEquals(65_200_000_000L, ModelPreset.LLAMA_65B.parameters());
        assertEquals(68_976_648_192L, ModelPreset.LLAMA_2_70B.parameters());
    }

    @Test
    void nominalCountsAreRound() {
        assertEquals(List.of(7_000_000_000L, 13_000_000_000L, 65_000_000_000L, 70_000_000_000L),
                ModelPreset.nominalSizes().stream().map(ModelPreset::parameters).toList());
    }

    @Test
    void aSevenBModelIsReally6point74B() {
        assertEquals(6.738, ModelPreset.LLAMA_2_7B.billions(), 0.0005);
        // 6,738,415,616 x 2 = 13,476,831,232 bytes: 13.48 GB, not 14
        assertEquals(13_476_831_232L, ModelPreset.LLAMA_2_7B.weights(WeightFormat.FP16).bytes());
    }

    @Test
    void publishedWeightSizes() {
        // 13,015,864,320 x 2 = 26,031,728,640
        assertEquals(26_031_728_640L, ModelPreset.LLAMA_2_13B.weights(WeightFormat.FP16).bytes());
        // 68,976,648,192 x 2 = 137,953,296,384; x 4 = 275,906,592,768; / 2 = 34,488,324,096
        assertEquals(137_953_296_384L, ModelPreset.LLAMA_2_70B.weights(WeightFormat.FP16).bytes());
        assertEquals(275_906_592_768L, ModelPreset.LLAMA_2_70B.weights(WeightFormat.FP32).bytes());
        assertEquals(34_488_324_096L, ModelPreset.LLAMA_2_70B.weights(WeightFormat.INT4).bytes());
        // 65.2e9 x 4 = 260.8e9; x 0.5 = 32.6e9
        assertEquals(260_800_000_000L, ModelPreset.LLAMA_65B.weights(WeightFormat.FP32).bytes());
        assertEquals(32_600_000_000L, ModelPreset.LLAMA_65B.weights(WeightFormat.INT4).bytes());
    }

    @Test
    void highPrecisionShareFromTheArchitecture() {
        // 7B: 2 x 32,000 x 4,096 + 32 x 2 x 4,096 + 4,096 = 262,144,000 + 266,240
        assertEquals(262_410_240L, ModelPreset.LLAMA_2_7B.highPrecisionParameters());
        // 13B: 2 x 32,000 x 5,120 + 40 x 2 x 5,120 + 5,120 = 327,680,000 + 414,720
        assertEquals(328_094_720L, ModelPreset.LLAMA_2_13B.highPrecisionParameters());
        // 70B: 2 x 32,000 x 8,192 + 80 x 2 x 8,192 + 8,192 = 524,288,000 + 1,318,912
        assertEquals(525_606_912L, ModelPreset.LLAMA_2_70B.highPrecisionParameters());
        assertEquals(68_451_041_280L, ModelPreset.LLAMA_2_70B.quantizableParameters());
        assertEquals(0L, ModelPreset.NOMINAL_70B.highPrecisionParameters());
    }

    @Test
    void quantizedWeightsOfANominalModelHasNoFp16Term() {
        MemoryBudget budget = ModelPreset.NOMINAL_70B.quantizedWeights(WeightFormat.INT4, GroupOverhead.NONE);
        assertEquals(1, budget.terms().size());
        assertEquals(35_000_000_000L, budget.total().bytes());
    }

    @Test
    void ofBillionsRoundsToWholeParameters() {
        assertEquals(8_030_000_000L, ModelPreset.ofBillions("8B", 8.03).parameters());
    }
}
