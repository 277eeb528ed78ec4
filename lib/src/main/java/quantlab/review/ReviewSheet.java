package quantlab.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import quantlab.data.CourseData;

/**
 * The course's review sheet ({@code data/ch14-review.tsv}): every checkpoint question, audit item, failure-fix row,
 * interview question and exercise of the seed documents, each pointing to the chapter section that answers it, and
 * the 22-point self-evaluation with its bands.
 */
public final class ReviewSheet {

    /** Where an item comes from. The first three make the 22-point self-evaluation. */
    public enum Kind { CONCEPTUAL, APPLIED, AUDIT, FAILURE_FIX, INTERVIEW, EXERCISE }

    /** One item and its answer's place in the course. */
    public record Item(Kind kind, int number, String text, int chapter, String section, String also) {
    }

    /** The self-evaluation's maximum: 12 conceptual + 5 applied + 5 audit. */
    public static final int MAX_SCORE = 22;

    private final List<Item> items;

    private ReviewSheet(List<Item> items) {
        this.items = List.copyOf(items);
    }

    public static ReviewSheet load() {
        return read(CourseData.file("ch14-review.tsv"));
    }

    public static ReviewSheet read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Item> items = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals("kind\tnumber\titem\tchapter\tsection\talso")) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected the header"
                            + " kind, number, item, chapter, section, also");
                }
                header = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                if (f.length != 6) {
                    throw new IllegalArgumentException("expected 6 tab-separated fields, got " + f.length);
                }
                int chapter = Integer.parseInt(f[3]);
                if (chapter < 1 || chapter > 14 || f[4].isBlank() || f[2].isBlank()) {
                    throw new IllegalArgumentException("needs an item, a chapter 1 to 14 and a section");
                }
                items.add(new Item(Kind.valueOf(f[0].toUpperCase().replace('-', '_')), Integer.parseInt(f[1]), f[2],
                        chapter, f[4], f[5]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ReviewSheet(items);
    }

    public List<Item> items() {
        return items;
    }

    public List<Item> items(Kind kind) {
        return items.stream().filter(i -> i.kind() == kind).toList();
    }

    /** The band of a self-evaluation score: 19-22 strong, 15-18 okay, below 15 rework. */
    public static String band(int score) {
        if (score < 0 || score > MAX_SCORE) {
            throw new IllegalArgumentException("score must be 0 to " + MAX_SCORE + ", got " + score);
        }
        if (score >= 19) {
            return "strong (19-22): move on to the next module";
        }
        if (score >= 15) {
            return "okay (15-18): re-read the weak sections first";
        }
        return "rework (below 15): redo the memory math and the decision boundaries";
    }
}
