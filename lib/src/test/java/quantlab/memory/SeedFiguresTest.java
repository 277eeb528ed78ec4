package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every chapter-1 figure from the course's sources, recomputed. Expected values are worked out by hand. */
class SeedFiguresTest {

    private static final long GB = 1_000_000_000L;

    @ParameterizedTest(name = "{0}B in {1} = {2} GB")
    @CsvSource({
        // the raw weight table: nominal parameters x bytes per parameter
        "7,  fp32, 28",   "7,  fp16, 14",   "7,  int8, 7",   "7,  int4, 3.5",
        "13, fp32, 52",   "13, fp16, 26",   "13, int8, 13",  "13, int4, 6.5",
        "70, fp32, 280",  "70, fp16, 140",  "70, int8, 70",  "70, int4, 35",
        // the fp16 column is labelled fp16 / bf16: both are 16 bits
        "7,  bf16, 14",   "13, bf16, 26",   "70, bf16, 140",
    })
    void rawWeightTable(long billions, String format, double expectedGB) {
        ModelPreset model = ModelPreset.of(billions + "B", billions * GB);
        ByteSize size = model.weights(WeightFormat.of(format));
        assertEquals(Math.round(expectedGB * GB), size.bytes());
        assertEquals(expectedGB, size.gb(), 1e-12);
    }

    @Test
    void nominalPresetsReproduceTheTableExactly() {
        assertEquals(28 * GB, ModelPreset.NOMINAL_7B.weights(WeightFormat.FP32).bytes());
        assertEquals(26 * GB, ModelPreset.NOMINAL_13B.weights(WeightFormat.FP16).bytes());
        assertEquals(70 * GB, ModelPreset.NOMINAL_70B.weights(WeightFormat.INT8).bytes());
        assertEquals(3_500_000_000L, ModelPreset.NOMINAL_7B.weights(WeightFormat.INT4).bytes());
    }

    @Test
    void seventyBInFp16DoesNotFitAnEightyGbGpu() {
        FitReport report = MemoryBudget.named("70B fp16")
                .weights(ModelPreset.NOMINAL_70B.weights(WeightFormat.FP16))
                .against(Gpu.H100_80GB);
        assertEquals(140 * GB, report.total().bytes());
        // nvidia-smi's 81,559 MiB x 1,048,576 = 85,520,809,984 bytes; 140e9 less that is 54,479,190,016 short
        assertEquals(85_520_809_984L, report.capacity().bytes());
        assertEquals(-54_479_190_016L, report.headroom().bytes());
        // the seed's arithmetic reads "80 GB" as 80e9 bytes and gets 60 GB short
        assertEquals(-60 * GB, MemoryBudget.named("70B fp16").addGB("weights", 140)
                .against(Gpu.ofGB("80 GB read as decimal", 80)).headroom().bytes());
        assertFalse(report.fits());
        assertFalse(MemoryBudget.named("70B fp16").addGB("weights", 140).against(Gpu.A100_80GB).fits());
    }

    @Test
    void sixtyFiveBInFp32AndInt4() {
        assertEquals(260 * GB, ModelPreset.NOMINAL_65B.weights(WeightFormat.FP32).bytes());
        assertEquals(32_500_000_000L, ModelPreset.NOMINAL_65B.weights(WeightFormat.INT4).bytes());
        // the source says 32.5 GB "can fit on a single high-end GPU": a 40 GB A100 holds the raw codes
        assertTrue(MemoryBudget.named("65B int4").weights(ModelPreset.NOMINAL_65B.weights(WeightFormat.INT4))
                .against(Gpu.A100_40GB).fits());
    }

    @Test
    void decimalGbVersusBinaryGib() {
        ByteSize fp16of70B = ModelPreset.NOMINAL_70B.weights(WeightFormat.FP16);
        // 140e9 / 2^30 = 140e9 / 1,073,741,824 = 130.3851604...
        assertEquals(130.385, fp16of70B.gib(), 0.0005);
        assertEquals(140.0, fp16of70B.gb(), 0.0);
        assertEquals("140.00 GB (130.39 GiB)", fp16of70B.toString());
        // an 80 GB card read as decimal GB is 74.51 GiB: 80e9 / 1,073,741,824 = 74.5058...
        assertEquals(74.506, Gpu.H100_80GB.marketed().gib(), 0.0005);
        // what the driver reports: 81,559 MiB / 1,024 = 79.647... GiB = 85.52 GB
        assertEquals(79.647, Gpu.H100_80GB.capacity().gib(), 0.0005);
    }

    @Test
    void exampleA_sevenBInFp16OnA24GbCard() {
        FitReport report = MemoryBudget.named("7B fp16")
                .weights(ModelPreset.NOMINAL_7B.weights(WeightFormat.FP16)).against(Gpu.RTX_4090);
        assertEquals(14 * GB, report.total().bytes());
        // 24,564 MiB = 25,757,220,864 bytes; less 14e9 leaves 11,757,220,864 (the seed's "24 GB" leaves 10e9)
        assertEquals(11_757_220_864L, report.headroom().bytes());
        assertTrue(report.fits());
    }

    @Test
    void exampleB_thirteenBInInt8() {
        assertEquals(13 * GB, ModelPreset.NOMINAL_13B.weights(WeightFormat.INT8).bytes());
    }

    @Test
    void exampleC_int4RawIs35GbButGroupMetadataAddsBack() {
        ModelPreset model = ModelPreset.NOMINAL_70B;
        assertEquals(35 * GB, model.weights(WeightFormat.INT4).bytes());
        // group 32, fp16 scale + fp16 zero point: 4 + 32/32 = 5 bits per weight; 70e9 x 5 / 8 = 43.75e9 bytes
        ByteSize g32 = model.weights(WeightFormat.INT4, GroupOverhead.fp16ScaleAndZeroPoint(32));
        assertEquals(43_750_000_000L, g32.bytes());
        assertInsideEffectiveRange(g32);
    }

    @Test
    void exampleC_group128PlusRuntimeOverheadLandsInRange() {
        // 4 + 32/128 = 4.25 bits; 70e9 x 4.25 / 8 = 37.1875e9 bytes; plus 2 GB runtime overhead = 39.1875e9
        ByteSize weights = ModelPreset.NOMINAL_70B.weights(WeightFormat.INT4, GroupOverhead.fp16ScaleAndZeroPoint(128));
        assertEquals(37_187_500_000L, weights.bytes());
        FitReport report = MemoryBudget.named("70B int4 g128").weights(weights)
                .runtimeOverhead(ByteSize.ofGB(2)).against(Gpu.H100_80GB);
        assertEquals(39_187_500_000L, report.total().bytes());
        assertEquals("39.19", String.format(java.util.Locale.ROOT, "%.2f", report.total().gb()));
        assertInsideEffectiveRange(report.total());
        assertTrue(report.fits());
    }

    @Test
    void exampleC_realLlama2With16BitEmbeddingsAndRuntimeOverhead() {
        // Llama 2 70B: 68,976,648,192 parameters, of which 525,606,912 stay in fp16
        //   (2 x 32,000 x 8,192 embedding + head = 524,288,000; 80 x 2 x 8,192 + 8,192 norms = 1,318,912).
        // Quantized: 68,451,041,280 params x 4 bits = 273,804,165,120 bits -> 34,225,520,640 bytes
        // Groups of 128: 534,773,760 groups x 32 bits = 17,112,760,320 bits -> 2,139,095,040 bytes
        // fp16 part: 525,606,912 x 2 = 1,051,213,824 bytes
        // weights: 37,415,829,504 bytes; with 2e9 runtime overhead: 39,415,829,504 bytes
        MemoryBudget weights = ModelPreset.LLAMA_2_70B
                .quantizedWeights(WeightFormat.INT4, GroupOverhead.fp16ScaleAndZeroPoint(128));
        assertEquals(3, weights.terms().size());
        assertEquals(34_225_520_640L, weights.terms().get(0).size().bytes());
        assertEquals(2_139_095_040L, weights.terms().get(1).size().bytes());
        assertEquals(1_051_213_824L, weights.terms().get(2).size().bytes());
        assertEquals(37_415_829_504L, weights.total().bytes());
        FitReport report = weights.runtimeOverhead(ByteSize.ofGB(2)).against(Gpu.H100_80GB);
        assertEquals(39_415_829_504L, report.total().bytes());
        assertInsideEffectiveRange(report.total());
    }

    @Test
    void exampleC_symmetricGroup64PlusOverheadAndWorkspace() {
        // group 64, fp16 scale only: 4 + 16/64 = 4.25 bits as well -> 37.1875e9; + 3 GB runtime + 2 GB workspace
        ByteSize weights = ModelPreset.NOMINAL_70B.weights(WeightFormat.INT4, GroupOverhead.fp16Scale(64));
        assertEquals(37_187_500_000L, weights.bytes());
        FitReport report = MemoryBudget.named("70B int4 g64 sym").weights(weights)
                .runtimeOverhead(ByteSize.ofGB(3)).workspace(ByteSize.ofGB(2)).against(Gpu.H100_80GB);
        assertEquals(42_187_500_000L, report.total().bytes());
        assertInsideEffectiveRange(report.total());
    }

    private static void assertInsideEffectiveRange(ByteSize size) {
        assertTrue(size.bytes() >= 38 * GB && size.bytes() <= 45 * GB, size + " is outside 38-45 GB");
    }

    @Test
    void exampleD_42GbEffectiveOnAn80GbGpuLeaves38() {
        FitReport report = MemoryBudget.named("70B int4, effective").addGB("weights (effective)", 42)
                .against(Gpu.H100_80GB);
        // 85,520,809,984 - 42e9 = 43,520,809,984 bytes; the seed's decimal "80 GB" gives 38e9
        assertEquals(43_520_809_984L, report.headroom().bytes());
        assertTrue(report.fits());
    }

    @Test
    void scenarioA_fixedMemoryAndHeadroom() {
        FitReport report = MemoryBudget.named("Scenario A")
                .addGB("int4 weights (effective)", 42)
                .addGB("runtime scratch + allocator", 5)
                .against(Gpu.ofGB("80 GB GPU", 80));
        assertEquals(47 * GB, report.total().bytes());
        assertEquals(33 * GB, report.headroom().bytes());
        assertTrue(report.fits());
    }
}
