package quantlab.recall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bin/recall}: reviews the chapters' recall cards in a terminal. Each due card shows its prompt; Enter
 * reveals our answer; the student says whether they knew it, and the Leitner rule ({@link Leitner}) sets the next
 * review. Progress is saved after every grade, so quitting at any point keeps the schedule.
 */
public final class RecallCommand {

    static final String USAGE = """
            usage: bin/recall [--chapter N] [--limit N]    review the cards due today (default: all chapters, 20 cards)
                   bin/recall --due [--chapter N]         list the cards due today, without reviewing
                   bin/recall --stats                     cards per chapter and Leitner box, reviews, lapses
                   bin/recall --export-anki FILE          write every card (or --chapter N's) as an Anki text file

            Each card shows a chapter's recall prompt. Answer it in your head (or on paper), press Enter to see our
            answer, then grade yourself: y (I knew it), n (I did not), s (skip), q (quit; progress is kept).

            Schedule (Leitner boxes): a new card is due at once. Knowing it moves it up one box, missing it sends it
            back to box 1; a card in box 1, 2, 3, 4, 5 is next due after 1, 2, 4, 8, 16 days.

            The history lives in ~/.quantlab/recall.tsv (change with --state FILE). A missing or unreadable file
            means a fresh start; an unreadable one is first kept as recall.tsv.corrupt.
            Other options: --cards DIR (card files, default data/recall), --today YYYY-MM-DD (pretend it is that day).
            """;

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;

    RecallCommand(BufferedReader in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(new RecallCommand(in, out, System.err).run(args));
    }

    /** Runs the command; returns the exit status (0 done, 1 a problem reported, 2 a usage error). */
    int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("recall: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.help) {
            out.print(USAGE);
            return 0;
        }
        try {
            Deck deck = Deck.load(o.cards != null ? o.cards : quantlab.data.CourseData.directory().resolve("recall"));
            List<Card> cards = o.chapter == null ? deck.cards() : deck.chapter(o.chapter);
            if (cards.isEmpty()) {
                err.println("recall: chapter " + o.chapter + " has no cards; chapters with cards: " + deck.chapters());
                return 1;
            }
            if (o.anki != null) {
                Files.writeString(o.anki, AnkiExport.text(cards), StandardCharsets.UTF_8);
                out.println("Wrote " + cards.size() + " cards to " + o.anki + " (Anki: File > Import; the file's"
                        + " headers set tab separator, Basic note type, deck '" + AnkiExport.DECK + "' and tags).");
                return 0;
            }
            StateFile file = new StateFile(o.state);
            StateFile.Loaded loaded = file.load();
            if (loaded.notice() != null) {
                out.println(loaded.notice());
            }
            Map<String, CardState> states = loaded.states();
            if (o.stats) {
                stats(deck.cards(), states, o.today);
                return 0;
            }
            List<Card> due = due(cards, states, o.today);
            if (o.listDue) {
                out.println(due.size() + " of " + cards.size() + " cards due on " + o.today + ":");
                for (Card c : due) {
                    out.println("  " + c.id() + "  " + c.prompt());
                }
                return 0;
            }
            return review(due.subList(0, Math.min(o.limit, due.size())), due.size(), states, file, o.today);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("recall: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("recall: " + e.getMessage());
            return 1;
        }
    }

    /** Due cards: those reviewed before, oldest due day first, then new ones in course order. */
    static List<Card> due(List<Card> cards, Map<String, CardState> states, LocalDate today) {
        List<Card> seen = new ArrayList<>();
        List<Card> fresh = new ArrayList<>();
        for (Card c : cards) {
            CardState s = states.get(c.id());
            if (s == null) {
                fresh.add(c);
            } else if (s.isDue(today)) {
                seen.add(c);
            }
        }
        seen.sort(Comparator.comparing((Card c) -> states.get(c.id()).due()));
        seen.addAll(fresh);
        return seen;
    }

    private int review(List<Card> session, int dueTotal, Map<String, CardState> states, StateFile file,
            LocalDate today) throws IOException {
        if (session.isEmpty()) {
            out.println("Nothing is due today. " + nextDue(states, today));
            return 0;
        }
        out.println(dueTotal + " cards due; this session reviews " + session.size()
                + ". Enter shows the answer; then y = knew it, n = did not, s = skip, q = quit.");
        int known = 0;
        int missed = 0;
        for (int i = 0; i < session.size(); i++) {
            Card c = session.get(i);
            CardState before = states.getOrDefault(c.id(), CardState.fresh(c.id(), today));
            out.println();
            out.println("[" + (i + 1) + "/" + session.size() + "] Chapter " + c.chapter() + ", recall " + c.number()
                    + (before.box() == 0 ? "  (new)" : "  (box " + before.box() + ")"));
            out.println(c.prompt());
            out.print("  Enter: show the answer, q: quit > ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equalsIgnoreCase("q")) {
                return stopped(i, known, missed, file);
            }
            out.println("Our answer: " + c.answer());
            String grade = ask();
            if (grade == null || grade.equals("q")) {
                return stopped(i, known, missed, file);
            }
            if (grade.equals("s")) {
                out.println("  skipped; it stays due.");
                continue;
            }
            boolean knew = grade.equals("y");
            CardState after = Leitner.review(before, knew, today);
            states.put(c.id(), after);
            file.save(states);
            if (knew) {
                known++;
            } else {
                missed++;
            }
            long days = ChronoUnit.DAYS.between(today, after.due());
            out.println("  -> box " + after.box() + ", next review " + after.due() + " (in " + days
                    + (days == 1 ? " day)" : " days)"));
        }
        out.println();
        out.println("Session done: " + known + " known, " + missed + " missed. Saved to " + file.path() + ". "
                + nextDue(states, today));
        return 0;
    }

    /** Asks for y, n, s or q until one comes; null at the end of input. */
    private String ask() throws IOException {
        while (true) {
            out.print("  Did you know it? y / n / s (skip) / q (quit) > ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            String g = line.strip().toLowerCase();
            if (g.equals("y") || g.equals("n") || g.equals("s") || g.equals("q")) {
                return g;
            }
            out.println("  Please type y, n, s or q.");
        }
    }

    private int stopped(int done, int known, int missed, StateFile file) {
        out.println();
        out.println("Stopped after " + done + (done == 1 ? " card (" : " cards (") + known + " known, " + missed + " missed). Progress is saved"
                + " in " + file.path() + "; run bin/recall again to go on.");
        return 0;
    }

    private static String nextDue(Map<String, CardState> states, LocalDate today) {
        return states.values().stream().map(CardState::due).filter(d -> d.isAfter(today)).min(Comparator.naturalOrder())
                .map(d -> "Next reviewed card due " + d + ".").orElse("");
    }

    private void stats(List<Card> cards, Map<String, CardState> states, LocalDate today) {
        Map<Integer, int[]> rows = new TreeMap<>();
        int reviews = 0;
        int lapses = 0;
        for (Card c : cards) {
            int[] r = rows.computeIfAbsent(c.chapter(), k -> new int[Leitner.BOXES + 3]);
            CardState s = states.get(c.id());
            int box = s == null ? 0 : s.box();
            r[box]++;
            r[Leitner.BOXES + 1]++;
            if (s == null || s.isDue(today)) {
                r[Leitner.BOXES + 2]++;
            }
            if (s != null) {
                reviews += s.reviews();
                lapses += s.lapses();
            }
        }
        out.println("chapter  cards  new  box1  box2  box3  box4  box5  due today");
        int[] total = new int[Leitner.BOXES + 3];
        rows.forEach((ch, r) -> {
            out.println(line("ch%02d".formatted(ch), r));
            for (int k = 0; k < r.length; k++) {
                total[k] += r[k];
            }
        });
        out.println(line("all", total));
        out.println("Reviews so far: " + reviews + ", missed: " + lapses + ". " + nextDue(states, today));
    }

    private static String line(String name, int[] r) {
        return "%-7s  %5d  %3d  %4d  %4d  %4d  %4d  %4d  %9d".formatted(name, r[Leitner.BOXES + 1], r[0], r[1], r[2],
                r[3], r[4], r[5], r[Leitner.BOXES + 2]);
    }

    /** The parsed command line. */
    static final class Options {
        Integer chapter;
        int limit = 20;
        boolean listDue;
        boolean stats;
        boolean help;
        Path anki;
        Path state = StateFile.inHome().path();
        Path cards = System.getProperty("quantlab.recall.cards") != null
                ? Path.of(System.getProperty("quantlab.recall.cards")) : null;
        LocalDate today = LocalDate.now();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--due" -> o.listDue = true;
                    case "--stats" -> o.stats = true;
                    case "--chapter" -> o.chapter = number(a, value(args, ++i, a), 1, 99);
                    case "--limit" -> o.limit = number(a, value(args, ++i, a), 1, 10_000);
                    case "--export-anki" -> o.anki = Path.of(value(args, ++i, a));
                    case "--state" -> o.state = Path.of(value(args, ++i, a));
                    case "--cards" -> o.cards = Path.of(value(args, ++i, a));
                    case "--today" -> {
                        String v = value(args, ++i, a);
                        try {
                            o.today = LocalDate.parse(v);
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("--today must be a date like 2026-12-01, got '" + v + "'");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String option, String v, int min, int max) {
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
                    + ", got '" + v + "'");
        }
    }
}
