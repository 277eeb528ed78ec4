package quantlab.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import quantlab.data.CourseData;
import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.OnnxModel;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;
import quantlab.quantization.QuantScheme;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;

/**
 * The course's inference check: writes each model variant to an {@code .onnx} file, has ONNX's checker look at
 * it, runs it with ONNX Runtime over the same sentences, and compares its embeddings with the first variant's
 * (the fp32 reference). Size, agreement and speed end up side by side in one table.
 *
 * <p>Timing: one untimed pass warms the session up, then {@value #TIMED_PASSES} timed passes; the median batch
 * time is reported. It is wall time on whatever else the machine is doing, so compare variants of one run only.
 */
public final class InferenceCheck {

    /** Timed passes over the sentences per variant. */
    public static final int TIMED_PASSES = 3;

    private InferenceCheck() {
    }

    /**
     * The chapter's variants: the published fp32 and ONNX Runtime int8 models, then ours at int8 per tensor, int8
     * per channel, int4 per channel (in int8 bytes), int4 groups of 128 symmetric and asymmetric, and int4
     * groups of 32 asymmetric.
     */
    public static List<ModelVariant> chapterVariants() {
        OnnxModel fp32 = MiniLm.FP32.model();
        List<ModelVariant> list = new ArrayList<>();
        list.add(ModelVariant.published(MiniLm.FP32));
        list.add(ModelVariant.published(MiniLm.INT8));
        for (WeightRecipe r : List.of(WeightRecipe.int8PerTensor(), WeightRecipe.int8PerChannel(),
                WeightRecipe.int4PerChannel(), WeightRecipe.int4Group(128, QuantScheme.SYMMETRIC),
                WeightRecipe.int4Group(128, QuantScheme.ASYMMETRIC), WeightRecipe.int4Group(32, QuantScheme.ASYMMETRIC))) {
            list.add(ModelVariant.quantized(fp32, r));
        }
        return list;
    }

    /**
     * Runs every variant on the paraphrase sentences; the first variant is the reference.
     *
     * @param variants  at least one; names must differ
     * @param sentences the sentences and their paraphrase sets
     * @param dir       where the {@code .onnx} files are written (created if missing)
     */
    public static List<VariantResult> run(List<ModelVariant> variants, ParaphraseSets sentences, Path dir) {
        return run(variants, sentences, dir, QdqCompute.FLOAT32_ACTIVATIONS);
    }

    /**
     * As {@link #run(List, ParaphraseSets, Path)}, choosing how ONNX Runtime computes the DequantizeLinear + MatMul
     * pairs it fuses ({@link QdqCompute#RUNTIME_DEFAULT} lets it quantize activations as well).
     */
    public static List<VariantResult> run(List<ModelVariant> variants, ParaphraseSets sentences, Path dir,
                                          QdqCompute compute) {
        return run(variants, sentences, dir, compute, TIMED_PASSES);
    }

    /**
     * As {@link #run(List, ParaphraseSets, Path, QdqCompute)} with a chosen number of timed passes; 0 times the one
     * pass that computes the embeddings (a cold pass, so slower), for chapters that compare many variants.
     */
    public static List<VariantResult> run(List<ModelVariant> variants, ParaphraseSets sentences, Path dir,
                                          QdqCompute compute, int timedPasses) {
        if (timedPasses < 0) {
            throw new IllegalArgumentException("timedPasses must be at least 0, got " + timedPasses);
        }
        if (compute == null) {
            throw new IllegalArgumentException("compute must not be null, got null");
        }
        if (variants == null || variants.isEmpty()) {
            throw new IllegalArgumentException("variants must hold at least the reference model, got "
                    + (variants == null ? "null" : "none"));
        }
        if (sentences == null || sentences.size() < 2) {
            throw new IllegalArgumentException("sentences must hold at least two sentences, got " + sentences);
        }
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null, got null");
        }
        long distinct = variants.stream().map(ModelVariant::name).distinct().count();
        if (distinct != variants.size()) {
            throw new IllegalArgumentException("variants must have distinct names, got "
                    + variants.stream().map(ModelVariant::name).toList());
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<String> texts = sentences.texts();
        int[] sets = sentences.setIds();
        List<VariantResult> results = new ArrayList<>();
        float[][] reference = null;
        // onnx.checker runs in a Python process per file, mostly waiting on reading the file: the files are written
        // first and checked one after another on a side thread while ONNX Runtime embeds, instead of in turn.
        java.util.concurrent.ExecutorService checker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "onnx.checker");
            t.setDaemon(true);
            return t;
        });
        List<java.util.concurrent.Future<OnnxChecker.Result>> checks = new ArrayList<>();
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            for (ModelVariant v : variants) {
                Path file = dir.resolve(v.name() + ".onnx");
                write(file, v.bytes());
                checks.add(checker.submit(() -> OnnxChecker.check(file)));
            }
            for (int index = 0; index < variants.size(); index++) {
                ModelVariant v = variants.get(index);
                try (Embedder embedder = Embedder.of(v.bytes(), tokenizer, compute)) {
                    long start = System.nanoTime();
                    float[][] embeddings = embedder.embed(texts); // also the warm-up pass
                    double ms = timedPasses == 0
                            ? (System.nanoTime() - start) / 1e6 / Math.ceil(texts.size() / (double) Embedder.BATCH)
                            : medianBatchMillis(embedder, texts, timedPasses);
                    if (reference == null) {
                        reference = embeddings;
                    }
                    OnnxChecker.Result check = joined(checks.get(index));
                    results.add(new VariantResult(v.name(), v.method(), v.size(), check, embedder.provider(), compute,
                            EmbeddingAgreement.compare(reference, embeddings),
                            EmbeddingAgreement.paraphraseHits(embeddings, sets), ms));
                }
            }
        } finally {
            checker.shutdownNow();
        }
        return results;
    }

    /**
     * One model's onnx.checker result and its embeddings of the texts, with the provider ONNX Runtime ran on.
     */
    public record CheckedEmbeddings(OnnxChecker.Result check, float[][] embeddings,
                                    quantlab.model.ExecutionProvider provider) {
    }

    /**
     * The one-model step of {@link #run}, for callers that build their variants one at a time and cannot hold them
     * all: writes {@code model} to {@code file} (through a temporary file, so never a partial one), runs onnx.checker
     * on it while ONNX Runtime embeds {@code texts} with it, and returns both.
     */
    public static CheckedEmbeddings checkAndEmbed(byte[] model, Path file, MiniLmTokenizer tokenizer,
                                                  List<String> texts, QdqCompute compute) {
        if (model == null || file == null || tokenizer == null || texts == null || compute == null) {
            throw new IllegalArgumentException("model, file, tokenizer, texts and compute must not be null, got "
                    + (model == null ? "null" : model.length + " bytes") + ", " + file + ", " + tokenizer + ", "
                    + (texts == null ? "null" : texts.size() + " texts") + " and " + compute);
        }
        write(file, model);
        java.util.concurrent.CompletableFuture<OnnxChecker.Result> check =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> OnnxChecker.check(file));
        try (Embedder embedder = Embedder.of(model, tokenizer, compute)) {
            float[][] embeddings = embedder.embed(texts);
            return new CheckedEmbeddings(joined(check), embeddings, embedder.provider());
        }
    }

    private static OnnxChecker.Result joined(java.util.concurrent.Future<OnnxChecker.Result> check) {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for onnx.checker", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("onnx.checker failed", e.getCause());
        }
    }

    private static double medianBatchMillis(Embedder embedder, List<String> texts, int passes) {
        List<Double> times = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            for (int start = 0; start + Embedder.BATCH <= texts.size(); start += Embedder.BATCH) {
                List<String> batch = texts.subList(start, start + Embedder.BATCH);
                long t0 = System.nanoTime();
                embedder.embed(batch);
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        if (times.isEmpty()) { // fewer sentences than one batch: time them all at once
            long t0 = System.nanoTime();
            embedder.embed(texts);
            times.add((System.nanoTime() - t0) / 1e6);
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void write(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Where the course writes model files: {@code build/models} under the course root. */
    public static Path defaultDirectory() {
        return CourseData.directory().toAbsolutePath().getParent().resolve("build").resolve("models");
    }

    /** One row per variant: size, ONNX check, agreement with the reference, paraphrase hits and batch time. */
    public static Table table(List<VariantResult> results) {
        check(results);
        double refBytes = results.get(0).bytes();
        StringColumn name = StringColumn.create("variant");
        DoubleColumn mb = DoubleColumn.create("size (MB)");
        DoubleColumn share = DoubleColumn.create("size vs " + results.get(0).name() + " %");
        StringColumn checked = StringColumn.create("onnx.checker");
        DoubleColumn mean = DoubleColumn.create("mean cosine");
        DoubleColumn worst = DoubleColumn.create("worst cosine");
        DoubleColumn neighbours = DoubleColumn.create("same nearest neighbour %");
        DoubleColumn hits = DoubleColumn.create("paraphrase hits %");
        DoubleColumn ms = DoubleColumn.create("ms per batch");
        StringColumn provider = StringColumn.create("ran on");
        for (VariantResult r : results) {
            name.append(r.name());
            mb.append(r.bytes() / 1e6);
            share.append(100 * r.bytes() / refBytes);
            checked.append(r.check().status().name().toLowerCase(java.util.Locale.ROOT));
            mean.append(r.agreement().meanCosine());
            worst.append(r.agreement().worstCosine());
            neighbours.append(100 * r.agreement().neighbourAgreement());
            hits.append(100 * r.paraphraseHits());
            ms.append(r.msPerBatch());
            provider.append(r.provider().name());
        }
        mb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        share.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        mean.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
        worst.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
        neighbours.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        hits.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        ms.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("Quantized MiniLM variants against " + results.get(0).name() + " on "
                        + results.get(0).agreement().sentences() + " sentences", name, mb, share, checked, mean,
                worst, neighbours, hits, ms, provider);
    }

    /**
     * 1 - cosine (mean and worst) per variant on a log axis, so that 0.999 and 0.99 are as far apart as 0.99 and
     * 0.9; the reference itself (exactly 0) is left out.
     */
    public static Figure distanceChart(List<VariantResult> results) {
        check(results);
        List<VariantResult> rest = results.subList(1, results.size());
        String[] names = rest.stream().map(VariantResult::name).toArray(String[]::new);
        double[] mean = rest.stream().mapToDouble(r -> 1 - r.agreement().meanCosine()).toArray();
        double[] worst = rest.stream().mapToDouble(r -> 1 - r.agreement().worstCosine()).toArray();
        Layout layout = Layout.builder()
                .title("Distance from the fp32 embeddings (1 - cosine, log scale; lower is better)")
                .xAxis(Axis.builder().title("variant").build())
                .yAxis(Axis.builder().title("1 - cosine").type(Axis.Type.LOG).build())
                .barMode(Layout.BarMode.GROUP)
                .width(850).height(450).build();
        return new Figure(layout,
                BarTrace.builder(names, floorForLog(mean)).name("mean over sentences").build(),
                BarTrace.builder(names, floorForLog(worst)).name("worst sentence").build());
    }

    private static double[] floorForLog(double[] values) {
        double[] out = Arrays.copyOf(values, values.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 1e-9); // a log axis cannot show 0; rounding can make 1 - cos a hair negative
        }
        return out;
    }

    /** The result of our round-to-nearest variant of a recipe. */
    public static VariantResult find(List<VariantResult> results, WeightRecipe recipe) {
        return find(results, ModelVariant.nameFor(recipe, quantlab.quantization.Recipe.Method.RTN));
    }

    /** The result of a published model. */
    public static VariantResult find(List<VariantResult> results, MiniLm published) {
        return find(results, ModelVariant.nameFor(published));
    }

    /** The result of a variant by name. */
    public static VariantResult find(List<VariantResult> results, String name) {
        check(results);
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("name must be one of " + results.stream().map(VariantResult::name)
                        .toList() + ", got '" + name + "'"));
    }

    private static void check(List<VariantResult> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("results must hold at least one variant, got "
                    + (results == null ? "null" : "none"));
        }
    }
}
