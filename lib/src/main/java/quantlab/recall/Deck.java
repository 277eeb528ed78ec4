package quantlab.recall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * All recall cards of the course, read from {@code data/recall/chNN.tsv}: one file per chapter, a comment line, the
 * header {@code number<TAB>prompt<TAB>answer}, then one card per line numbered 1, 2, 3... A malformed file is
 * reported with its name and line, so a typo in the data never becomes a silently missing card.
 */
public final class Deck {

    /** The header line every card file has after its comment line. */
    public static final String HEADER = "number\tprompt\tanswer";

    private static final Pattern FILE = Pattern.compile("ch(\\d{2})\\.tsv");

    private final List<Card> cards;

    private Deck(List<Card> cards) {
        this.cards = List.copyOf(cards);
    }

    /** The cards in every {@code chNN.tsv} of {@code folder}, by chapter and number. */
    public static Deck load(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("folder must be a folder of chNN.tsv card files, got " + folder);
        }
        List<Card> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    all.addAll(readChapter(file, Integer.parseInt(m.group(1))));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("folder " + folder + " cannot be read: " + e.getMessage(), e);
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("folder " + folder + " holds no chNN.tsv card files");
        }
        return new Deck(all);
    }

    /** The cards of one file, checked line by line. */
    static List<Card> readChapter(Path file, int chapter) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).startsWith("#") || !lines.get(1).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": expected a '#' comment line, the header '"
                    + HEADER.replace("\t", "<TAB>") + "' and at least one card");
        }
        List<Card> cards = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            String where = file + " line " + (i + 1);
            if (f.length != 3) {
                throw new IllegalArgumentException(where + ": expected 3 tab-separated fields, got " + f.length);
            }
            int expected = cards.size() + 1;
            if (!f[0].equals(Integer.toString(expected))) {
                throw new IllegalArgumentException(where + ": expected card number " + expected + ", got '" + f[0] + "'");
            }
            try {
                cards.add(new Card(chapter, expected, f[1].strip(), f[2].strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return cards;
    }

    /** Every card, by chapter and number. */
    public List<Card> cards() {
        return cards;
    }

    /** The cards of one chapter (empty when it has none). */
    public List<Card> chapter(int chapter) {
        return cards.stream().filter(c -> c.chapter() == chapter).toList();
    }

    /** The chapters that have cards, in order. */
    public List<Integer> chapters() {
        return cards.stream().map(Card::chapter).distinct().toList();
    }
}
