package quantlab.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import quantlab.display.Displayable;
import quantlab.display.FigureHtml;
import quantlab.display.TableHtml;
import quantlab.data.CourseData;
import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.ParaphraseSets;
import quantlab.model.QdqCompute;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * What breaks first: for each sentence, its nearest other sentence under fp32 and the margin by which that neighbour
 * beats the runner-up, then, for each quantized variant, whether it keeps the same nearest neighbour. A small margin
 * is a fragile decision, and rounding noise flips those first while the mean cosine to fp32 hardly moves.
 *
 * @param texts       the sentences
 * @param nearest     each sentence's nearest other sentence under fp32
 * @param margins     fp32 cosine to that neighbour less the cosine to the runner-up
 * @param variants    per variant: its name, its mean cosine to fp32 and, per sentence, whether it kept the neighbour
 */
public record MarginFlips(List<String> texts, int[] nearest, double[] margins, List<Variant> variants)
        implements Displayable {

    /**
     * One variant's result.
     *
     * @param name       the variant's name
     * @param meanCosine mean cosine between its embeddings and fp32's
     * @param kept       per sentence: true when its nearest neighbour is fp32's
     */
    public record Variant(String name, double meanCosine, boolean[] kept) {

        /** Sentences whose nearest neighbour changed. */
        public int flips() {
            int n = 0;
            for (boolean k : kept) {
                n += k ? 0 : 1;
            }
            return n;
        }
    }

    /**
     * Compares each candidate's embeddings with the reference's.
     *
     * @param texts      at least three sentences
     * @param reference  fp32 embeddings, one per sentence
     * @param candidates variant name to embeddings, in the order to report them
     */
    public static MarginFlips of(List<String> texts, float[][] reference, Map<String, float[][]> candidates) {
        if (texts == null || texts.size() < 3) {
            throw new IllegalArgumentException("texts must hold at least 3 sentences, got " + texts);
        }
        check("reference", reference, texts.size());
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must name at least one variant, got " + candidates);
        }
        int n = texts.size();
        int[] nearest = new int[n];
        double[] margins = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double c = Embedder.cosine(reference[i], reference[j]);
                if (c > best) {
                    second = best;
                    best = c;
                    nearest[i] = j;
                } else if (c > second) {
                    second = c;
                }
            }
            margins[i] = best - second;
        }
        List<Variant> variants = new ArrayList<>();
        for (Map.Entry<String, float[][]> e : candidates.entrySet()) {
            float[][] v = e.getValue();
            check("candidates[" + e.getKey() + "]", v, n);
            int[] theirs = EmbeddingAgreement.nearestNeighbours(v);
            boolean[] kept = new boolean[n];
            double cosines = 0;
            for (int i = 0; i < n; i++) {
                kept[i] = theirs[i] == nearest[i];
                cosines += Embedder.cosine(reference[i], v[i]);
            }
            variants.add(new Variant(e.getKey(), cosines / n, kept));
        }
        return new MarginFlips(List.copyOf(texts), nearest, margins, List.copyOf(variants));
    }

    /** The course's hard sentences, {@code data/hard-sentences.tsv}. */
    public static final String HARD_SENTENCES = "hard-sentences.tsv";

    /** Reads {@code data/hard-sentences.tsv}. */
    public static ParaphraseSets hardSentences() {
        return ParaphraseSets.read(CourseData.file(HARD_SENTENCES));
    }

    /**
     * Embeds {@code sentences} with the model files {@code dir/<name>.onnx} that {@link InferenceCheck#run} wrote,
     * the first name being the fp32 reference, and compares them. Weight-only: activations stay in float.
     */
    public static MarginFlips measure(ParaphraseSets sentences, Path dir, List<String> names) {
        if (sentences == null || dir == null || names == null || names.size() < 2) {
            throw new IllegalArgumentException("sentences, dir and at least two model names are needed, got "
                    + sentences + ", " + dir + ", " + names);
        }
        List<String> texts = sentences.texts();
        float[][] reference = null;
        Map<String, float[][]> candidates = new LinkedHashMap<>();
        try (MiniLmTokenizer tokenizer = MiniLmTokenizer.open(MiniLm.FP32)) {
            for (String name : names) {
                Path file = dir.resolve(name + ".onnx");
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + " (run InferenceCheck first)", e);
                }
                try (Embedder embedder = Embedder.of(bytes, tokenizer, QdqCompute.FLOAT32_ACTIVATIONS)) {
                    float[][] embeddings = embedder.embed(texts);
                    if (reference == null) {
                        reference = embeddings;
                    } else {
                        candidates.put(name, embeddings);
                    }
                }
            }
        }
        return of(texts, reference, candidates);
    }

    private static void check(String name, float[][] embeddings, int n) {
        if (embeddings == null || embeddings.length != n) {
            throw new IllegalArgumentException(name + " must hold one embedding per sentence (" + n + "), got "
                    + (embeddings == null ? "null" : embeddings.length));
        }
    }

    /** The variant called {@code name}. */
    public Variant variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variant named '" + name + "', have "
                        + variants.stream().map(Variant::name).toList()));
    }

    /** The margin that splits the sentences into a smaller-margin half and a larger-margin half. */
    public double medianMargin() {
        double[] sorted = margins.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Flips among sentences whose margin is below the median, for {@code variant}. */
    public int flipsBelowMedian(String variant) {
        return flips(variant, true);
    }

    /** Flips among sentences whose margin is at or above the median. */
    public int flipsAtOrAboveMedian(String variant) {
        return flips(variant, false);
    }

    private int flips(String name, boolean below) {
        Variant v = variant(name);
        double median = medianMargin();
        int n = 0;
        for (int i = 0; i < margins.length; i++) {
            if ((margins[i] < median) == below && !v.kept()[i]) {
                n++;
            }
        }
        return n;
    }

    /** One row per variant: mean cosine, flips in all, in the small-margin half and in the large-margin half. */
    public Table table() {
        StringColumn name = StringColumn.create("variant");
        DoubleColumn cosine = DoubleColumn.create("mean cosine to fp32");
        IntColumn all = IntColumn.create("nearest neighbour changed");
        IntColumn small = IntColumn.create("... margin below median");
        IntColumn large = IntColumn.create("... margin at or above median");
        for (Variant v : variants) {
            name.append(v.name());
            cosine.append(v.meanCosine());
            all.append(v.flips());
            small.append(flipsBelowMedian(v.name()));
            large.append(flipsAtOrAboveMedian(v.name()));
        }
        cosine.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
        return Table.create(String.format(java.util.Locale.ROOT, "Nearest neighbours of %d hard sentences against"
                + " fp32 (median fp32 margin %.4f)", margins.length, medianMargin()), name, cosine, all, small, large);
    }

    /** fp32 margin (x) against kept or changed (y), one row of points per variant, changes in red. */
    public Figure chart() {
        List<Trace> traces = new ArrayList<>();
        for (int k = 0; k < variants.size(); k++) {
            Variant v = variants.get(k);
            Map<Boolean, List<double[]>> points = new LinkedHashMap<>();
            points.put(true, new ArrayList<>());
            points.put(false, new ArrayList<>());
            for (int i = 0; i < margins.length; i++) {
                points.get(v.kept()[i]).add(new double[] {margins[i], k});
            }
            for (Map.Entry<Boolean, List<double[]>> e : points.entrySet()) {
                double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
                double[] y = e.getValue().stream().mapToDouble(p -> p[1] + (e.getKey() ? 0.12 : -0.12)).toArray();
                traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS)
                        .name(v.name() + (e.getKey() ? ": kept" : ": changed"))
                        .marker(Marker.builder().color(e.getKey() ? "#1a7f37" : "#cf222e").size(7).build())
                        .build());
            }
        }
        Layout layout = Layout.builder()
                .title("fp32 nearest-neighbour margin against whether each variant keeps the neighbour")
                .xAxis(Axis.builder().title("fp32 margin: cosine to nearest - cosine to runner-up").build())
                .yAxis(Axis.builder().title("variant (0 = " + variants.get(0).name() + "; kept above, changed below)")
                        .build())
                .height(420).width(900).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    @Override
    public String toString() {
        return table().printAll();
    }

    @Override
    public String toHtml() {
        return TableHtml.of(table()) + FigureHtml.of(chart());
    }
}
