package quantlab.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import quantlab.lora.Parameter;
import quantlab.model.MiniLmMatrix;
import quantlab.model.Tokens;

/**
 * The encoder's backward pass against central finite differences of its own loss, on a tiny random encoder
 * (2 blocks, width 8, 2 heads, MLP 16) so every parameter can be probed: attention, softmax, GELU, both
 * LayerNorms, residuals, mean pooling, unit length and the head are all on the path.
 */
class GradientCheckTest {

    private static final EncoderWeights TINY = EncoderWeights.random(2, 8, 2, 16, 20, 12, 5);

    private static Tokens tokens(long... ids) {
        String[] words = new String[ids.length];
        java.util.Arrays.fill(words, "w");
        long[] ones = new long[ids.length];
        java.util.Arrays.fill(ones, 1);
        return new Tokens(ids, ones, new long[ids.length], words);
    }

    private static final Tokens SENTENCE = tokens(1, 7, 3, 12, 5, 2);

    private static double loss(TrainableEncoder model, float[][] cached, int label) {
        return -Math.log(model.probabilities(cached)[label]);
    }

    private static void check(FineTunePlan plan) {
        TrainableEncoder model = new TrainableEncoder(TINY, plan, 3, 9);
        SplittableRandom r = new SplittableRandom(1);
        for (Parameter p : model.parameters()) { // B starts at zero, which would hide A's gradient: move it
            if (p.name().endsWith("lora_B")) {
                for (int i = 0; i < p.size(); i++) {
                    p.value()[i] = (float) (r.nextDouble() - 0.5);
                }
            }
        }
        float[][] cached = model.frozenPart(SENTENCE);
        int label = 2;
        model.train(cached, label, 1.0);
        double eps = 1e-2;
        int checked = 0;
        List<String> names = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            names.add(p.name());
            for (int i = 0; i < p.size(); i += Math.max(1, p.size() / 7)) {
                float keep = p.value()[i];
                p.value()[i] = (float) (keep + eps);
                double up = loss(model, cached, label);
                p.value()[i] = (float) (keep - eps);
                double down = loss(model, cached, label);
                p.value()[i] = keep;
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, p.grad()[i], 2e-3 + 0.03 * Math.abs(numeric), plan.label() + " " + p.name()
                        + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked >= 10, "checked only " + checked + " of " + names);
    }

    @Test
    void fullFineTuningGradients() {
        check(FineTunePlan.full(2));
    }

    @Test
    void loraGradientsThroughBothBlocks() {
        check(FineTunePlan.lora(FineTunePlan.allLinear(), 2, false, 2));
    }

    @Test
    void qloraGradientsOnTheNf4Base() {
        check(FineTunePlan.lora(FineTunePlan.queryValue(), 2, true, 2));
    }

    @Test
    void headOnlyGradients() {
        check(FineTunePlan.head(false));
    }

    @Test
    void trainableCounts() {
        // q,v at r = 2 in 2 blocks of width 8: 2 x 2 x 2 x (8 + 8), plus the head 8 x 3 + 3
        assertEquals(128 + 27, new TrainableEncoder(TINY, FineTunePlan.lora(FineTunePlan.queryValue(), 2, false, 2),
                3, 1).trainableParameters());
        // full: per block 4 x (64 + 8) + (128 + 16) + (128 + 8) + 4 x 8 LayerNorm values = 600, two blocks, head
        assertEquals(2 * 600 + 27, new TrainableEncoder(TINY, FineTunePlan.full(2), 3, 1).trainableParameters());
    }

    @Test
    void nanLossStopsTraining() {
        List<Tokens> tokens = List.of(SENTENCE, tokens(4, 9, 2), tokens(3, 3, 8, 1), tokens(6, 2));
        Trainer.Data data = new Trainer.Data(tokens, new int[] {0, 1, 2, 1});
        Trainer.Cache train = Trainer.cache(TINY, false, 0, data);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.run(TINY,
                FineTunePlan.full(2), 3, train, train, new TrainConfig(20, 2, 1e30, 1e30, 0, 8), 1, null));
        assertTrue(e.getMessage().contains("learning rate 1.0E30") && e.getMessage().contains("NaN"),
                e.getMessage());
    }

    @Test
    void badPlans() {
        assertThrows(IllegalArgumentException.class, () -> FineTunePlan.lora(FineTunePlan.queryValue(), 0, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new FineTunePlan(FineTunePlan.Method.LORA,
                FineTunePlan.queryValue(), 4, 0, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainableEncoder(TINY, FineTunePlan.full(3), 3, 1));
        assertThrows(IllegalArgumentException.class, () -> FineTunePlan.lora(java.util.Set.of(), 4, false, 1));
        // rank larger than the layer (width 8)
        assertThrows(IllegalArgumentException.class, () -> new TrainableEncoder(TINY,
                FineTunePlan.lora(java.util.Set.of(MiniLmMatrix.Kind.QUERY), 9, false, 1), 3, 1));
    }
}
