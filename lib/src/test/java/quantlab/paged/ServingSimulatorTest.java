package quantlab.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator on traces small enough to follow by hand, then on a replayed ShareGPT-like trace. */
class ServingSimulatorTest {

    // r0: prompt 10, output 5 (final 15); r1: prompt 20, output 10 (final 30); both arrive at step 0
    private static final List<Request> TWO = List.of(new Request(0, 0, 10, 5), new Request(1, 0, 20, 10));

    @Test
    void firstStepByHand() {
        // after step 0's decode: r0 holds 11 tokens, r1 21; used = 32 of 64 slots
        StepRecord max = ServingSimulator.run(TWO, Policy.RESERVE_MAX, 64, 32, 8).steps().get(0);
        // 2 x 32 reserved: future (15-11) + (30-21) = 13, never used (32-15) + (32-30) = 19
        assertEquals(new StepRecord(0, 2, 0, 32, 13, 19, 0, 0), max);
        StepRecord exact = ServingSimulator.run(TWO, Policy.RESERVE_EXACT, 64, 32, 8).steps().get(0);
        // 15 + 30 = 45 allocated: 32 used, 13 future, 64 - 45 = 19 idle
        assertEquals(new StepRecord(0, 2, 0, 32, 13, 0, 0, 19), exact);
        StepRecord paged = ServingSimulator.run(TWO, Policy.PAGED, 64, 32, 8).steps().get(0);
        // ceil(11/8) + ceil(21/8) = 2 + 3 blocks = 40 slots: 8 slack, 24 idle
        assertEquals(new StepRecord(0, 2, 0, 32, 0, 8, 0, 24), paged);
        // r1 needs 10 decode steps, so every policy finishes in 10
        assertEquals(10, ServingSimulator.run(TWO, Policy.PAGED, 64, 32, 8).makespan());
    }

    @Test
    void externalFragmentationByHand() {
        // capacity 10, exact reservations: r0 [0,4), r1 [4,10). r0 finishes at step 0, leaving a hole of 4.
        // r2 (final 5) arrives at step 1 and does not fit in that hole: 4 free slots are external fragmentation.
        List<Request> trace = List.of(new Request(0, 0, 3, 1), new Request(1, 0, 2, 4), new Request(2, 1, 4, 1));
        SimulationResult r = ServingSimulator.run(trace, Policy.RESERVE_EXACT, 10, 10, 1);
        // step 1: r1 holds 2 + 2 = 4 tokens, 2 still to come; the 4-slot hole is too short for r2's 5
        assertEquals(new StepRecord(1, 1, 1, 4, 2, 0, 4, 0), r.steps().get(1));
        assertEquals(3, r.finished());
    }

    @Test
    void pagedWastesLessThanOneBlockPerSequenceOnAReplayedTrace() {
        LengthProfile sharegpt = new LengthProfile("sharegpt", 161.31, 337.99, 1.0, 1.0, 2048);
        List<Request> trace = sharegpt.trace(300, 0.5, 11);
        SimulationResult paged = ServingSimulator.run(trace, Policy.PAGED, 16_000, 2048, 16);
        SimulationResult max = ServingSimulator.run(trace, Policy.RESERVE_MAX, 16_000, 2048, 16);
        SimulationResult exact = ServingSimulator.run(trace, Policy.RESERVE_EXACT, 16_000, 2048, 16);
        assertEquals(300, paged.finished());
        assertEquals(300, max.finished());
        assertEquals(300, exact.finished());
        assertTrue(paged.worstInternalPerSequence() < 16, "paged internal waste per sequence: "
                + paged.worstInternalPerSequence());
        for (StepRecord s : paged.steps()) {
            assertTrue(s.internal() < 16L * Math.max(1, s.running()), "step " + s.step());
            assertEquals(0, s.reserved() + s.external(), "paged reserves nothing ahead and has no holes");
            assertEquals(16_000, s.used() + s.wasted() + s.idle(), "the parts add up to the capacity");
        }
        assertTrue(paged.wasteOfAllocated() < exact.wasteOfAllocated(), "paged < exact");
        assertTrue(exact.wasteOfAllocated() < max.wasteOfAllocated(), "exact < max");
        assertTrue(paged.maxBatch() > max.maxBatch(), "paging runs bigger batches");
        // reserve-max can hold at most floor(16,000 / 2,048) = 7 requests
        assertEquals(7, max.maxBatch());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ServingSimulator.run(List.of(new Request(0, 0, 2000, 100)), Policy.PAGED, 10_000, 2048, 16));
        assertTrue(tooLong.getMessage().contains("request 0 needs 2100 tokens, longer than the model's context of 2048"),
                tooLong.getMessage());
        IllegalArgumentException prompt = assertThrows(IllegalArgumentException.class, () -> new Request(0, 0, 0, 5));
        assertTrue(prompt.getMessage().contains("promptTokens must be positive, got 0"), prompt.getMessage());
        IllegalArgumentException block = assertThrows(IllegalArgumentException.class,
                () -> ServingSimulator.run(TWO, Policy.PAGED, 64, 32, 0));
        assertTrue(block.getMessage().contains("blockSize"), block.getMessage());
    }

    @Test
    void publishedMeansReproduceThePapersRatios() {
        // the vLLM paper: ShareGPT prompts 8.4x and outputs 5.8x longer than Alpaca's on average
        LengthProfile s = LengthProfile.named("sharegpt");
        LengthProfile a = LengthProfile.named("alpaca");
        assertEquals(8.4, s.meanPrompt() / a.meanPrompt(), 0.05);
        assertEquals(5.8, s.meanOutput() / a.meanOutput(), 0.05);
        assertEquals(161.31, s.meanPrompt(), 0);
        assertEquals(58.45, a.meanOutput(), 0);
    }
}
