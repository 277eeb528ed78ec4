package quantlab.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import quantlab.data.CourseData;

/**
 * The course's own paraphrase sentences ({@code data/sentences.tsv}): groups of short sentences that say the same
 * thing in different words. A good embedding model puts sentences of one set close together and sets apart, so
 * these give a quantized model a test it can pass or fail without any downloaded benchmark.
 *
 * <p>File format: UTF-8, tab-separated, lines starting with {@code #} are comments, a header line
 * {@code set<TAB>sentence}, then one sentence a line with its integer set id.
 */
public final class ParaphraseSets {

    /** The file name in the course's {@code data/} folder. */
    public static final String FILE = "sentences.tsv";

    /** One sentence and the set it belongs to. */
    public record Sentence(int set, String text) {
    }

    private final List<Sentence> sentences;

    private ParaphraseSets(List<Sentence> sentences) {
        this.sentences = List.copyOf(sentences);
    }

    /** Reads {@code data/sentences.tsv}. */
    public static ParaphraseSets load() {
        return read(CourseData.file(FILE));
    }

    /** Reads a file in the format above. */
    public static ParaphraseSets read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static ParaphraseSets parse(List<String> lines) {
        List<Sentence> out = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (!header) {
                if (cols.length != 2 || !cols[0].equals("set") || !cols[1].equals("sentence")) {
                    throw new IllegalArgumentException("lines must start with the header 'set<TAB>sentence', got '"
                            + line + "' on line " + (i + 1));
                }
                header = true;
                continue;
            }
            if (cols.length != 2 || cols[1].isBlank()) {
                throw new IllegalArgumentException("lines must be 'set<TAB>sentence', got '" + line + "' on line "
                        + (i + 1));
            }
            try {
                out.add(new Sentence(Integer.parseInt(cols[0].strip()), cols[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("set must be an integer, got '" + cols[0] + "' on line "
                        + (i + 1), e);
            }
        }
        return new ParaphraseSets(out);
    }

    /** Every sentence, in file order. */
    public List<Sentence> sentences() {
        return sentences;
    }

    /** Just the texts, in file order (ready for {@link Embedder#embed(List)}). */
    public List<String> texts() {
        return sentences.stream().map(Sentence::text).toList();
    }

    /** The set id of each sentence, in file order. */
    public int[] setIds() {
        return sentences.stream().mapToInt(Sentence::set).toArray();
    }

    /** The sentences grouped by set, sets in order of first appearance. */
    public Map<Integer, List<String>> bySet() {
        Map<Integer, List<String>> sets = new LinkedHashMap<>();
        for (Sentence s : sentences) {
            sets.computeIfAbsent(s.set(), k -> new ArrayList<>()).add(s.text());
        }
        sets.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(sets);
    }

    /** Number of sentences. */
    public int size() {
        return sentences.size();
    }

    @Override
    public String toString() {
        return "ParaphraseSets(" + size() + " sentences in " + bySet().size() + " sets)";
    }
}
