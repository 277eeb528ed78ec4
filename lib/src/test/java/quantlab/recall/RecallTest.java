package quantlab.recall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import quantlab.data.CourseData;

class RecallTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path tmp;

    @Test
    void everyNotebookRecallListHasItsCardsWordForWord() throws IOException {
        Deck deck = Deck.load(CourseData.directory().resolve("recall"));
        Path notebooks = CourseData.directory().resolveSibling("notebooks");
        int checked = 0;
        try (Stream<Path> files = Files.list(notebooks)) {
            for (Path nb : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                List<String> prompts = recallPrompts(nb);
                if (prompts.isEmpty()) {
                    continue;
                }
                int chapter = Integer.parseInt(nb.getFileName().toString().substring(0, 2));
                List<String> cards = deck.chapter(chapter).stream().map(Card::prompt).toList();
                assertEquals(prompts, cards, "data/recall/ch%02d.tsv must hold the Recall list of %s, in order"
                        .formatted(chapter, nb.getFileName()));
                checked++;
            }
        }
        assertTrue(checked >= 5, "chapters 1-5 at least have Recall lists, checked " + checked);
        Set<String> ids = new HashSet<>();
        for (Card c : deck.cards()) {
            assertTrue(ids.add(c.id()), "duplicate card " + c.id());
            assertFalse(c.answer().contains("answer-key"), c.id() + ": model answers are student material");
        }
    }

    /** The numbered lines after "## Recall" in a notebook's JSON text, unescaped; read without our Deck code. */
    static List<String> recallPrompts(Path notebook) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inRecall = false;
        Pattern jsonLine = Pattern.compile("^\\s*\"(.*)\",?$");
        for (String raw : Files.readAllLines(notebook, StandardCharsets.UTF_8)) {
            Matcher m = jsonLine.matcher(raw);
            if (!m.matches()) {
                continue;
            }
            String line = unescape(m.group(1)).strip();
            if (line.startsWith("## ")) {
                inRecall = line.equals("## Recall");
            } else if (inRecall && line.matches("\\d+\\. .*")) {
                out.add(line.replaceFirst("^\\d+\\.\\s+", ""));
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void malformedCardFilesNameTheLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cards"));
        Files.writeString(dir.resolve("ch03.tsv"), "# c\nnumber\tprompt\tanswer\n1\tWhy?\tBecause.\n3\tSkip?\tNo.\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deck.load(dir));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("expected card number 2"),
                e.getMessage());
        Files.writeString(dir.resolve("ch03.tsv"), "# c\nnumber\tprompt\tanswer\n1\tWhy?\t\n");
        e = assertThrows(IllegalArgumentException.class, () -> Deck.load(dir));
        assertTrue(e.getMessage().contains("answer must not be blank"), e.getMessage());
    }

    @Test
    void leitnerBoxesByHand() {
        CardState s = CardState.fresh("ch01.1", DAY);
        s = Leitner.review(s, true, DAY);            // box 0 -> 1, due in 1 day
        assertEquals(1, s.box());
        assertEquals(LocalDate.of(2026, 12, 2), s.due());
        s = Leitner.review(s, true, LocalDate.of(2026, 12, 2));   // box 2: 2 days
        assertEquals(LocalDate.of(2026, 12, 4), s.due());
        s = Leitner.review(s, false, LocalDate.of(2026, 12, 4));  // missed: box 1, 1 day
        assertEquals(1, s.box());
        assertEquals(LocalDate.of(2026, 12, 5), s.due());
        assertEquals(3, s.reviews());
        assertEquals(1, s.lapses());
        CardState top = new CardState("ch01.1", 5, DAY, 9, 0);
        assertEquals(5, Leitner.review(top, true, DAY).box());
        assertEquals(DAY.plusDays(16), Leitner.review(top, true, DAY).due());
    }

    @Test
    void stateFileRoundTripsAndSetsACorruptOneAside() throws IOException {
        Path path = tmp.resolve("home/.quantlab/recall.tsv");
        StateFile file = new StateFile(path);
        StateFile.Loaded missing = file.load();
        assertTrue(missing.states().isEmpty());
        assertTrue(missing.notice().contains("starting fresh"), missing.notice());
        file.save(Map.of("ch02.4", new CardState("ch02.4", 3, DAY, 4, 1)));
        assertEquals(List.of(StateFile.HEADER, "ch02.4\t3\t2026-12-01\t4\t1"), Files.readAllLines(path));
        assertEquals(new CardState("ch02.4", 3, DAY, 4, 1), file.load().states().get("ch02.4"));

        Files.writeString(path, StateFile.HEADER + "\nch02.4\tthree\t2026-12-01\t4\t1\n");
        StateFile.Loaded corrupt = file.load();
        assertTrue(corrupt.states().isEmpty());
        assertTrue(corrupt.notice().contains("line 2") && corrupt.notice().contains("starts fresh"), corrupt.notice());
        assertTrue(Files.exists(path.resolveSibling("recall.tsv.corrupt")));
        assertFalse(Files.exists(path));

        Files.write(path, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(file.load().notice().contains("not UTF-8"));
    }

    @Test
    void ankiExportFollowsTheTextImportHeaders() {
        List<Card> cards = List.of(new Card(5, 2, "Which axis?", "Axis 1, \"perChannel(1)\"."),
                new Card(13, 1, "RAG or fine-tune?", "RAG."));
        String[] lines = AnkiExport.text(cards).split("\n", -1);
        // Anki manual, Importing > Text Files > File Headers: "#key:value" lines before the first note line.
        assertEquals("#separator:tab", lines[0]);
        assertEquals("#html:false", lines[1]);
        assertTrue(List.of(lines).contains("#tags column:3"));
        assertTrue(List.of(lines).contains("#columns:Front\tBack\tTags"));
        List<String> notes = Stream.of(lines).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(2, notes.size());
        String[] f = notes.get(0).split("\t", -1);
        assertEquals(3, f.length);
        assertEquals("\"Axis 1, \"\"perChannel(1)\"\".\"", f[1], "a field with quotes is quoted, quotes doubled");
        assertEquals("quantlab quantlab::ch05", f[2]);
        assertEquals("quantlab quantlab::ch13", notes.get(1).split("\t")[2]);
    }

    /**
     * Every real card read back the way Anki's text importer reads a file, written here from its documented rules
     * (Anki manual, Importing > Text Files, https://docs.ankiweb.net/importing/text-files.html, sections "File
     * Headers" and the quoting rules above them): UTF-8; "#key:value" header lines at the top, keys case-insensitive;
     * "columns" split by the separator set before it; a field that holds the separator, a line break or a quote is
     * wrapped in double quotes, with its quotes doubled; the "tags column" holds space-separated tags; any line that
     * starts with "#" is a comment, so no note line may.
     */
    @Test
    void everyCardSurvivesAnkisTextImportRules() {
        List<Card> cards = Deck.load(CourseData.directory().resolve("recall")).cards();
        byte[] bytes = AnkiExport.text(cards).getBytes(StandardCharsets.UTF_8);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int pos = 0;
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        while (text.startsWith("#", pos)) {
            int end = text.indexOf('\n', pos);
            String line = text.substring(pos + 1, end);
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1));
            pos = end + 1;
        }
        assertEquals("tab", headers.get("separator").toLowerCase(java.util.Locale.ROOT));
        assertEquals(List.of("separator", "html"), List.copyOf(headers.keySet()).subList(0, 2));
        assertTrue(List.copyOf(headers.keySet()).indexOf("columns") > 0, "columns after the separator");
        assertEquals(List.of("Front", "Back", "Tags"), List.of(headers.get("columns").split("\t", -1)));
        assertEquals("false", headers.get("html"), "answers hold '<' and '&' as text");
        int tagsColumn = Integer.parseInt(headers.get("tags column").strip());
        assertEquals(3, tagsColumn);
        // records: fields split on tabs, quoted fields may hold tabs, line breaks and doubled quotes
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean atFieldStart = true;
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && atFieldStart) {
                quoted = true;
                atFieldStart = false;
            } else if (c == '\t' || c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                if (c == '\n') {
                    assertFalse(record.get(0).startsWith("#"), "a note line would read as a comment: " + record);
                    records.add(record);
                    record = new ArrayList<>();
                }
            } else {
                assertFalse(c == '"', "an unquoted field holds a quote at " + i);
                field.append(c);
                atFieldStart = false;
            }
        }
        assertFalse(quoted, "the file ends inside a quoted field");
        assertEquals(cards.size(), records.size());
        for (int i = 0; i < cards.size(); i++) {
            Card c = cards.get(i);
            List<String> r = records.get(i);
            assertEquals(3, r.size(), "fields of note " + (i + 1));
            assertTrue(r.get(0).endsWith(c.prompt()), r.get(0));
            assertEquals(c.answer(), r.get(1));
            assertEquals(List.of("quantlab", "quantlab::ch%02d".formatted(c.chapter())),
                    List.of(r.get(tagsColumn - 1).split(" ")));
        }
    }

    @Test
    void aReviewQuitAndResumeKeepsTheSchedule() throws IOException {
        Path cards = Files.createDirectories(tmp.resolve("cards"));
        Files.writeString(cards.resolve("ch01.tsv"),
                "# c\nnumber\tprompt\tanswer\n1\tP1?\tA1.\n2\tP2?\tA2.\n3\tP3?\tA3.\n");
        Path state = tmp.resolve("state.tsv");
        String[] base = {"--cards", cards.toString(), "--state", state.toString(), "--today", "2026-12-01"};
        // card 1 known, card 2 missed, then quit at card 3
        String out = run("\ny\n\nn\nq\n", base);
        assertTrue(out.contains("Our answer: A1."), out);
        assertTrue(out.contains("Stopped after 2 cards"), out);
        Map<String, CardState> s = new StateFile(state).load().states();
        assertEquals(1, s.get("ch01.1").box());
        assertEquals(LocalDate.of(2026, 12, 2), s.get("ch01.1").due());
        assertEquals(1, s.get("ch01.2").lapses());
        // the same day: cards 1 and 2 are not due until tomorrow, so only card 3 is
        String due = run("", concat(base, "--due"));
        assertTrue(due.contains("1 of 3 cards due on 2026-12-01") && due.contains("ch01.3"), due);
        // the next day all three are due; the two reviewed cards come first
        String next = run("q\n", "--cards", cards.toString(), "--state", state.toString(), "--today", "2026-12-02");
        assertTrue(next.contains("3 cards due") && next.contains("P1?") && !next.contains("P3?"), next);
        String stats = run("", concat(base, "--stats"));
        assertTrue(stats.contains("ch01         3    1     2"), stats);
    }

    @Test
    void badOptionsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new RecallCommand(new BufferedReader(new StringReader("")), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"--chapter", "x"});
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--chapter must be a whole number"));
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }

    private static String run(String input, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int rc = new RecallCommand(new BufferedReader(new StringReader(input)), out, out).run(args);
        assertEquals(0, rc, bytes.toString(StandardCharsets.UTF_8));
        assertNotNull(out);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
