package quantlab.finetune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.Tokens;

/**
 * The training loop: cache each example's frozen part, then epochs of shuffled mini-batches (AdamW, learning rate
 * decaying linearly to zero), a progress line every few steps, and held-out accuracy at the end. A loss that is
 * not finite stops the run with {@link TrainingDivergedException}, naming the step and the learning rate.
 */
public final class Trainer {

    /** Passages tokenized once and shared by every run. */
    public record Data(List<Tokens> tokens, int[] labels) {

        public Data {
            if (tokens == null || labels == null || tokens.size() != labels.length || labels.length == 0) {
                throw new IllegalArgumentException("tokens and labels must be non-empty and of one length, got "
                        + (tokens == null ? "null" : tokens.size()) + " and "
                        + (labels == null ? "null" : labels.length));
            }
        }

        /** The examples tokenized and cut to {@code maxTokens} word pieces ([SEP] kept last). */
        public static Data of(List<Example> examples, int maxTokens) {
            List<Tokens> tokens = new ArrayList<>();
            int[] labels = new int[examples.size()];
            try (MiniLmTokenizer tokenizer = MiniLm.FP32.tokenizer()) {
                for (int i = 0; i < examples.size(); i++) {
                    tokens.add(truncate(tokenizer.encode(examples.get(i).text()), maxTokens));
                    labels[i] = examples.get(i).label();
                }
            }
            return new Data(tokens, labels);
        }

        public int size() {
            return labels.length;
        }
    }

    private Trainer() {
    }

    /** The first {@code max} tokens, the last replaced by the original last ([SEP]) when cut. */
    public static Tokens truncate(Tokens t, int max) {
        if (t.length() <= max) {
            return t;
        }
        long[] ids = Arrays.copyOf(t.ids(), max);
        ids[max - 1] = t.ids()[t.length() - 1];
        String[] words = Arrays.copyOf(t.tokens(), max);
        words[max - 1] = t.tokens()[t.length() - 1];
        return new Tokens(ids, Arrays.copyOf(t.attentionMask(), max), Arrays.copyOf(t.typeIds(), max), words);
    }

    /**
     * The hidden states of every example entering block {@code block}, computed once with the fp32 or the NF4
     * base and shared by every run on that base whose first trained block is at or above it.
     *
     * @param states  one [tokens][hidden] array per example
     * @param block   the block they enter
     * @param nf4Base whether the frozen blocks ran on the NF4 base
     * @param labels  the examples' classes
     */
    public record Cache(float[][][] states, int block, boolean nf4Base, int[] labels) {

        public int size() {
            return labels.length;
        }
    }

    /** Runs the frozen blocks below {@code block} once for every example of {@code data}, on all cores. */
    public static Cache cache(EncoderWeights weights, boolean nf4Base, int block, Data data) {
        int layers = weights.blocks().size();
        FineTunePlan frozen = block == layers ? FineTunePlan.head(nf4Base)
                : nf4Base ? FineTunePlan.lora(FineTunePlan.queryValue(), 1, true, layers - block)
                : FineTunePlan.full(layers - block);
        TrainableEncoder model = new TrainableEncoder(weights, frozen, 2, 0);
        float[][][] states = java.util.stream.IntStream.range(0, data.size()).parallel()
                .mapToObj(i -> model.frozenPart(data.tokens().get(i), block)).toArray(float[][][]::new);
        return new Cache(states, block, nf4Base, data.labels());
    }

    /** Tokenizes nothing and caches nothing: trains {@code plan} from cached states, tests on cached states. */
    public static RunResult run(EncoderWeights weights, FineTunePlan plan, int classes, Cache train, Cache test,
                                TrainConfig config, long seed, Consumer<String> progress) {
        long start = System.nanoTime();
        TrainableEncoder model = new TrainableEncoder(weights, plan, classes, seed);
        for (Cache c : List.of(train, test)) {
            if (c.nf4Base() != plan.nf4Base() || c.block() > model.firstTrainedBlock()) {
                throw new IllegalArgumentException("cache must come from the plan's base (nf4Base "
                        + plan.nf4Base() + ") and enter a block at or below " + model.firstTrainedBlock()
                        + ", got nf4Base " + c.nf4Base() + " entering block " + c.block());
            }
        }
        if (train.block() != test.block()) {
            throw new IllegalArgumentException("train and test caches must enter one block, got " + train.block()
                    + " and " + test.block());
        }
        model.cacheStartsAt(train.block());
        float[][][] cachedTrain = train.states();
        float[][][] cachedTest = test.states();
        AdamW optimizer = new AdamW(model.parameters(), config.learningRate(), config.weightDecay());
        for (quantlab.lora.Parameter head : model.headParameters()) {
            optimizer.setLearningRate(head, config.headLearningRate());
        }
        int stepsPerEpoch = Math.ceilDiv(train.size(), config.batchSize());
        int total = stepsPerEpoch * config.epochs();
        double[] losses = new double[total];
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int step = 0;
        int every = Math.max(1, total / 10);
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int to = Math.min(order.length, from + config.batchSize());
                optimizer.zeroGrad();
                double loss = 0;
                for (int b = from; b < to; b++) {
                    loss += model.train(cachedTrain[order[b]], train.labels()[order[b]], 1.0 / (to - from));
                }
                loss /= to - from;
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("training " + plan.label() + " stopped: the loss became "
                            + loss + " at step " + (step + 1) + " of " + total + " (learning rate "
                            + config.learningRate() + "); lower the learning rate");
                }
                losses[step] = loss;
                optimizer.step(1.0 - (double) step / total);
                for (quantlab.lora.Parameter p : model.parameters()) {
                    for (float v : p.value()) {
                        if (!Float.isFinite(v)) {
                            throw new TrainingDivergedException("training " + plan.label() + " stopped: " + p.name()
                                    + " became " + v + " at step " + (step + 1) + " of " + total + " (learning rate "
                                    + config.learningRate() + "), so the loss would be NaN; lower the learning rate");
                        }
                    }
                }
                step++;
                if (progress != null && (step % every == 0 || step == total)) {
                    progress.accept(String.format("%-18s seed %d  step %3d/%d  loss %.3f  %.0f s", plan.label(), seed,
                            step, total, loss, (System.nanoTime() - start) / 1e9));
                }
            }
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (model.predict(cachedTest[i]) == test.labels()[i]) {
                correct++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(plan.label(), seed, model.trainableParameters(), optimizer.stateBytes(),
                model.baseMatrixBytes(), seconds, (double) correct / test.size(), losses);
    }

}
