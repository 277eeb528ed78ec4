package quantlab.precision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;
import quantlab.data.CourseData;

/**
 * Chapter 3's data: points in the plane, each labelled with the spiral arm it lies on, split into a training part
 * and a held-out test part. No straight line separates the arms, so a network has to learn curved boundaries.
 *
 * @param train the points the runs learn from
 * @param test  held-out points for the accuracy figure
 */
public record SpiralDataSet(Split train, Split test) {

    /** Coordinates per point: x and y. */
    public static final int FEATURES = 2;

    /** Spiral arms, and therefore classes. */
    public static final int CLASSES = 4;

    /** The committed file under {@code data/}. */
    public static final String FILE_NAME = "ch03-training-set.csv";

    static final String HEADER = "split,x,y,label";

    public SpiralDataSet {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null, got " + train + " and " + test);
        }
    }

    /** The committed chapter-3 file, found through {@link CourseData}. */
    public static SpiralDataSet chapterThree() {
        return load(CourseData.file(FILE_NAME));
    }

    /** Reads a file written by {@link #toCsv()}. */
    public static SpiralDataSet load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses {@code split,x,y,label} lines, the training rows first; any malformed line is named. */
    public static SpiralDataSet parse(String csv) {
        if (csv == null || csv.isEmpty()) {
            throw new IllegalArgumentException("csv must not be empty, got " + (csv == null ? "null" : "''"));
        }
        String[] lines = csv.split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("csv must start with '" + HEADER + "', got '" + lines[0] + "'");
        }
        Builder train = new Builder();
        Builder test = new Builder();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            String[] cells = lines[i].split(",", -1);
            if (cells.length != 4) {
                throw new IllegalArgumentException("csv line " + (i + 1) + " must have 4 cells, got '" + lines[i] + "'");
            }
            Builder target = switch (cells[0]) {
                case "train" -> train;
                case "test" -> test;
                default -> throw new IllegalArgumentException(
                        "csv line " + (i + 1) + ": split must be train or test, got '" + cells[0] + "'");
            };
            try {
                target.add(Float.parseFloat(cells[1]), Float.parseFloat(cells[2]), Integer.parseInt(cells[3]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("csv line " + (i + 1) + " has a bad number: '" + lines[i] + "'");
            }
        }
        return new SpiralDataSet(train.build("train"), test.build("test"));
    }

    /** The file's text: a header, then one {@code split,x,y,label} line per point, coordinates to 5 decimals. */
    public String toCsv() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        train.appendCsv("train", out);
        test.appendCsv("test", out);
        return out.toString();
    }

    /** Writes {@link #toCsv()} to {@code file}. */
    public void write(Path file) {
        try {
            Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The training points, one colour per arm. */
    public Figure scatter() {
        float[] features = train.features;
        int[] labels = train.labels;
        List<Trace> traces = new ArrayList<>();
        for (int arm = 0; arm < CLASSES; arm++) {
            int count = 0;
            for (int label : labels) {
                count += label == arm ? 1 : 0;
            }
            double[] x = new double[count];
            double[] y = new double[count];
            int next = 0;
            for (int row = 0; row < labels.length; row++) {
                if (labels[row] == arm) {
                    x[next] = features[row * FEATURES];
                    y[next++] = features[row * FEATURES + 1];
                }
            }
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS)
                    .marker(Marker.builder().size(4).build()).name("arm " + arm).build());
        }
        Layout layout = Layout.builder()
                .title("The " + train.rows() + " training points, coloured by arm (the label to predict)")
                .xAxis(Axis.builder().title("x").range(-1.2, 1.2).build())
                .yAxis(Axis.builder().title("y").range(-1.2, 1.2).build())
                .width(640)
                .height(560)
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    @Override
    public String toString() {
        return "spirals: " + CLASSES + " arms, " + train.rows() + " training points, " + test.rows() + " test points";
    }

    /**
     * Labelled points, row after row. Arrays are copied in and out, so a split never changes once made.
     *
     * @param features {@link #FEATURES} coordinates per row, row-major
     * @param labels   the arm of each row, 0 to {@link #CLASSES} - 1
     */
    public record Split(float[] features, int[] labels) {

        public Split {
            if (features == null || labels == null) {
                throw new IllegalArgumentException("features and labels must not be null");
            }
            if (labels.length == 0) {
                throw new IllegalArgumentException("labels must not be empty, got 0 rows");
            }
            if (features.length != labels.length * FEATURES) {
                throw new IllegalArgumentException("features must hold " + FEATURES + " values per label, got "
                        + features.length + " values for " + labels.length + " labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= CLASSES) {
                    throw new IllegalArgumentException("labels[" + i + "] must be in 0.." + (CLASSES - 1)
                            + ", got " + labels[i]);
                }
            }
            for (int i = 0; i < features.length; i++) {
                if (!Float.isFinite(features[i])) {
                    throw new IllegalArgumentException("features[" + i + "] must be finite, got " + features[i]);
                }
            }
            features = features.clone();
            labels = labels.clone();
        }

        @Override
        public float[] features() {
            return features.clone();
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        public int rows() {
            return labels.length;
        }

        void appendCsv(String name, StringBuilder out) {
            for (int row = 0; row < labels.length; row++) {
                out.append(String.format(Locale.ROOT, "%s,%.5f,%.5f,%d\n", name,
                        features[row * FEATURES], features[row * FEATURES + 1], labels[row]));
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Split split && Arrays.equals(features, split.features)
                    && Arrays.equals(labels, split.labels);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(features) + Arrays.hashCode(labels);
        }

        @Override
        public String toString() {
            return rows() + " labelled points";
        }
    }

    private static final class Builder {
        private float[] features = new float[1024];
        private int[] labels = new int[512];
        private int rows;

        void add(float x, float y, int label) {
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, rows * 2);
                features = Arrays.copyOf(features, rows * 2 * FEATURES);
            }
            features[rows * FEATURES] = x;
            features[rows * FEATURES + 1] = y;
            labels[rows++] = label;
        }

        Split build(String name) {
            if (rows == 0) {
                throw new IllegalArgumentException("csv has no " + name + " rows");
            }
            return new Split(Arrays.copyOf(features, rows * FEATURES), Arrays.copyOf(labels, rows));
        }
    }
}
