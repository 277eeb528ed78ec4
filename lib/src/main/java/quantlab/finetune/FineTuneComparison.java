package quantlab.finetune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

import quantlab.data.CourseData;

/**
 * Chapter 11 and 12's comparison on the who-did-what task ({@link WhoDidWhat}): a linear head on frozen
 * embeddings (fp32 and NF4 base), LoRA on q,v at r = 4, 8, 16, LoRA on all six linear layers, full fine-tuning,
 * and QLoRA on q,v and on all six, on one split and one budget, over several seeds. {@link #main} runs the full
 * budget and writes {@code data/ch11-finetune-runs.csv} and {@code data/ch11-loss-curves.csv}; the notebooks run
 * {@link Budget#NOTEBOOK} and read the checked-in files for the big table.
 *
 * <p>Command: {@code java --add-modules jdk.incubator.vector -cp <lib classes and runtime class path>
 * quantlab.finetune.FineTuneComparison} (see data/README).
 */
public final class FineTuneComparison {

    /** Results file of {@link #main}, under data/. */
    public static final String RUNS_FILE = "ch11-finetune-runs.csv";
    /** Loss curves of {@link #main}, under data/. */
    public static final String CURVES_FILE = "ch11-loss-curves.csv";
    /**
     * The first task's results under data/ (dating State of the Union passages, {@link SotuEras}), kept to show
     * why it was replaced: written by this class at commit 558275e, one trained block, 72 steps of 4.
     */
    public static final String SOTU_RUNS_FILE = "ch11-sotu-runs.csv";

    /** Seeds of the generated sentences: fixed, so every method and seed sees the same split. */
    public static final long TRAIN_DRAW = 11;
    /** See {@link #TRAIN_DRAW}. */
    public static final long TEST_DRAW = 12;

    /**
     * The shared budget.
     *
     * @param trainPairs    sentence pairs (a sentence and its mirror) drawn from the training vocabulary
     * @param testPairs     sentence pairs drawn from the held-out vocabulary
     * @param trainedBlocks top blocks adapted by every method (the ones below frozen and cached)
     * @param config        epochs, batch, learning rates, tokens per sentence
     * @param loraLearningRate  learning rate of LoRA adapters on q,v (and of QLoRA on q,v)
     * @param allLinearLearningRate learning rate of LoRA adapters on all six linear layers (and of QLoRA there)
     * @param fullLearningRate  learning rate of full fine-tuning
     * @param seeds         how many seeds per method
     */
    public record Budget(int trainPairs, int testPairs, int trainedBlocks, TrainConfig config,
                         double loraLearningRate, double allLinearLearningRate, double fullLearningRate, int seeds) {

        public Budget {
            if (trainPairs < 1 || testPairs < 1) {
                throw new IllegalArgumentException("trainPairs and testPairs must be positive, got " + trainPairs
                        + " and " + testPairs);
            }
            if (seeds < 1) {
                throw new IllegalArgumentException("seeds must be at least 1, got " + seeds);
            }
            if (config == null) {
                throw new IllegalArgumentException("config must not be null, got null");
            }
        }

        /**
         * The checked-in comparison: 512 training sentences, two epochs of 64 steps of 8 (128 steps), the top two
         * blocks trained, 400 held-out sentences, three seeds; sized for a shared 2-core machine. Learning rates
         * from a one-seed pilot (see data/README): the head 1e-2, LoRA on q,v 5e-3, LoRA on all six 2e-3 (5e-3
         * sent it to chance), full fine-tuning 3e-4 (of 1e-4, 3e-4, 1e-3).
         */
        public static final Budget FULL = new Budget(256, 200, 2, new TrainConfig(2, 8, 1e-3, 1e-2, 0.01, 32),
                5e-3, 2e-3, 3e-4, 3);

        /** The notebooks' budget: 64 training sentences, one epoch (8 steps), one seed, 64 held-out sentences. */
        public static final Budget NOTEBOOK = new Budget(32, 32, 2, new TrainConfig(1, 8, 1e-3, 1e-2, 0.01, 32),
                5e-3, 2e-3, 3e-4, 1);
    }

    /** The methods compared, in table order. */
    public static List<FineTunePlan> plans(int blocks) {
        return List.of(FineTunePlan.head(false),
                FineTunePlan.lora(FineTunePlan.queryValue(), 4, false, blocks),
                FineTunePlan.lora(FineTunePlan.queryValue(), 8, false, blocks),
                FineTunePlan.lora(FineTunePlan.queryValue(), 16, false, blocks),
                FineTunePlan.lora(FineTunePlan.allLinear(), 8, false, blocks),
                FineTunePlan.full(blocks),
                FineTunePlan.head(true),
                FineTunePlan.lora(FineTunePlan.queryValue(), 8, true, blocks),
                FineTunePlan.lora(FineTunePlan.allLinear(), 8, true, blocks));
    }

    /** The task's sentences for a budget: training vocabulary and frames on one side, held-out ones on the other. */
    public static Split split(Budget budget) {
        return new Split(WhoDidWhat.generate(WhoDidWhat.TRAIN, budget.trainPairs(), TRAIN_DRAW),
                WhoDidWhat.generate(WhoDidWhat.TEST, budget.testPairs(), TEST_DRAW));
    }

    /** The training and held-out examples. */
    public record Split(List<Example> train, List<Example> test) {
    }

    /** Runs {@code plans} for {@code budget.seeds()} seeds each, two runs at a time; progress lines to {@code progress}. */
    public static List<RunResult> run(Budget budget, List<FineTunePlan> plans, Consumer<String> progress) {
        EncoderWeights weights = EncoderWeights.miniLm();
        Split split = split(budget);
        Trainer.Data train = Trainer.Data.of(split.train(), budget.config().maxTokens());
        Trainer.Data test = Trainer.Data.of(split.test(), budget.config().maxTokens());
        int block = weights.blocks().size() - budget.trainedBlocks();
        say(progress, "task: " + train.size() + " training sentences, " + test.size() + " held-out sentences with "
                + "other words and frames; caching the frozen blocks 0-" + (block - 1));
        Trainer.Cache[] trainCache = new Trainer.Cache[2];
        Trainer.Cache[] testCache = new Trainer.Cache[2];
        for (int nf4 = 0; nf4 < 2; nf4++) {
            boolean needed = false;
            for (FineTunePlan p : plans) {
                needed |= p.nf4Base() == (nf4 == 1);
            }
            if (needed) {
                trainCache[nf4] = Trainer.cache(weights, nf4 == 1, block, train);
                testCache[nf4] = Trainer.cache(weights, nf4 == 1, block, test);
            }
        }
        List<Object[]> jobs = new ArrayList<>();
        for (FineTunePlan p : plans) {
            for (int seed = 1; seed <= budget.seeds(); seed++) {
                jobs.add(new Object[] {p, (long) seed});
            }
        }
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            return pool.submit(() -> jobs.parallelStream().map(job -> {
                FineTunePlan p = (FineTunePlan) job[0];
                long seed = (Long) job[1];
                TrainConfig c = budget.config().withLearningRate(switch (p.method()) {
                    case HEAD_ONLY -> budget.config().headLearningRate();
                    case LORA -> p.targets().equals(FineTunePlan.queryValue()) ? budget.loraLearningRate()
                            : budget.allLinearLearningRate();
                    case FULL -> budget.fullLearningRate();
                });
                int i = p.nf4Base() ? 1 : 0;
                RunResult r = Trainer.run(weights, p, WhoDidWhat.LABELS.size(), trainCache[i], testCache[i], c,
                        seed, progress);
                say(progress, String.format(Locale.ROOT, "done %-16s seed %d: accuracy %.3f, %.0f s", r.label(),
                        seed, r.accuracy(), r.seconds()));
                return r;
            }).toList()).join();
        } finally {
            pool.shutdown();
        }
    }

    private static void say(Consumer<String> progress, String line) {
        if (progress != null) {
            progress.accept(line);
        }
    }

    /** Writes the runs and their loss curves as CSV. */
    public static void write(List<RunResult> runs, Path runsFile, Path curvesFile) {
        StringBuilder a = new StringBuilder("method,seed,trainable_parameters,optimizer_state_bytes,"
                + "base_matrix_bytes,seconds,accuracy\n");
        StringBuilder c = new StringBuilder("method,seed,step,loss\n");
        for (RunResult r : runs) {
            a.append(String.format(Locale.ROOT, "\"%s\",%d,%d,%d,%d,%.1f,%.4f%n", r.label(), r.seed(),
                    r.trainableParameters(), r.optimizerStateBytes(), r.baseMatrixBytes(), r.seconds(), r.accuracy()));
            for (int s = 0; s < r.losses().length; s++) {
                c.append(String.format(Locale.ROOT, "\"%s\",%d,%d,%.5f%n", r.label(), r.seed(), s + 1,
                        r.losses()[s]));
            }
        }
        try {
            Files.writeString(runsFile, a, StandardCharsets.UTF_8);
            Files.writeString(curvesFile, c, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results", e);
        }
    }

    /** Reads a runs file written by {@link #write} (loss curves empty). */
    public static List<RunResult> read(Path runsFile) {
        try {
            List<RunResult> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(runsFile, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = fields(line, 6);
                out.add(new RunResult(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), new double[0]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runsFile, e);
        }
    }

    /**
     * A line's method label (which holds commas, as in "LoRA q,v r=8", and is quoted) and its {@code numbers}
     * trailing numeric fields.
     */
    static String[] fields(String line, int numbers) {
        String[] parts = line.split(",");
        if (parts.length < numbers + 1) {
            throw new IllegalArgumentException("line must have a method and " + numbers + " numbers, got '" + line + "'");
        }
        String[] out = new String[numbers + 1];
        int first = parts.length - numbers;
        out[0] = String.join(",", java.util.Arrays.copyOfRange(parts, 0, first)).replace("\"", "");
        System.arraycopy(parts, first, out, 1, numbers);
        return out;
    }

    /** Runs the full budget and writes data/ch11-finetune-runs.csv and data/ch11-loss-curves.csv. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        List<RunResult> runs = run(Budget.FULL, plans(Budget.FULL.trainedBlocks()), System.out::println);
        write(runs, CourseData.directory().resolve(RUNS_FILE), CourseData.directory().resolve(CURVES_FILE));
        System.out.printf(Locale.ROOT, "wrote %s and %s in %.0f s%n", RUNS_FILE, CURVES_FILE,
                (System.nanoTime() - start) / 1e9);
    }
}
