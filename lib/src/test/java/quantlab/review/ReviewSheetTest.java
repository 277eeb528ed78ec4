package quantlab.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import quantlab.data.CourseData;
import quantlab.review.ReviewSheet.Item;
import quantlab.review.ReviewSheet.Kind;

class ReviewSheetTest {

    @Test
    void everySeedItemIsThereOnceAndNumberedWithoutGaps() {
        ReviewSheet sheet = ReviewSheet.load();
        // seed 002: 12 conceptual, 5 applied, 5 audit (22 points); seed 001: 11 failure-fix rows, 7 interview
        // questions, 9 exercises (3 easy, 3 medium, 3 hard)
        int[] expected = {12, 5, 5, 11, 7, 9};
        for (Kind k : Kind.values()) {
            List<Item> items = sheet.items(k);
            assertEquals(expected[k.ordinal()], items.size(), k + " items");
            for (int i = 0; i < items.size(); i++) {
                assertEquals(i + 1, items.get(i).number(), k + " numbering");
            }
        }
        assertEquals(ReviewSheet.MAX_SCORE, sheet.items(Kind.CONCEPTUAL).size() + sheet.items(Kind.APPLIED).size()
                + sheet.items(Kind.AUDIT).size());
    }

    @Test
    void everySectionNamedExistsInItsNotebook() throws IOException {
        Path notebooks = CourseData.directory().resolveSibling("notebooks");
        List<String> missing = new ArrayList<>();
        Set<Integer> present = new HashSet<>();
        for (Item item : ReviewSheet.load().items()) {
            Path nb;
            try (Stream<Path> s = Files.list(notebooks)) {
                nb = s.filter(p -> p.getFileName().toString().startsWith("%02d-".formatted(item.chapter())))
                        .findFirst().orElse(null);
            }
            assertTrue(nb != null, item + " points to a chapter with no notebook");
            present.add(item.chapter());
            String json = Files.readString(nb, StandardCharsets.UTF_8);
            String heading = item.section().replace("\"", "\\\"");
            if (!json.contains("## " + heading + "\\n") && !json.contains("### " + heading + "\\n")
                    && !json.contains("## " + heading + "\"") && !json.contains("### " + heading + "\"")) {
                missing.add(item.kind() + " " + item.number() + " -> chapter " + item.chapter() + " '" + item.section()
                        + "'");
            }
        }
        assertTrue(missing.isEmpty(), "sections not found in their notebooks: " + missing);
        assertTrue(present.containsAll(List.of(1, 3, 5, 13, 14)), "checked chapters " + present);
    }

    @Test
    void everyNotebookNumbersItsSectionsOneToN() throws IOException {
        // The review sheet sends a student to "chapter C, section N. title": two sections with one number, or a gap,
        // make such an address ambiguous. Read from the JSON text: a markdown source line that starts "## N. ".
        Pattern numbered = Pattern.compile("^\\s*\"## (\\d+)\\. ");
        Path notebooks = CourseData.directory().resolveSibling("notebooks");
        List<Path> files;
        try (Stream<Path> s = Files.list(notebooks)) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(14, files.size(), "notebooks " + files);
        for (Path nb : files) {
            List<Integer> numbers = new ArrayList<>();
            for (String line : Files.readAllLines(nb, StandardCharsets.UTF_8)) {
                Matcher m = numbered.matcher(line);
                if (m.find()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            }
            assertEquals(IntStream.rangeClosed(1, numbers.size()).boxed().toList(), numbers,
                    nb.getFileName() + ": its ## sections must be numbered 1, 2, 3, ... in order");
        }
    }

    @Test
    void bandsOfTheSelfEvaluation() {
        assertTrue(ReviewSheet.band(22).startsWith("strong"));
        assertTrue(ReviewSheet.band(19).startsWith("strong"));
        assertTrue(ReviewSheet.band(18).startsWith("okay"));
        assertTrue(ReviewSheet.band(15).startsWith("okay"));
        assertTrue(ReviewSheet.band(14).startsWith("rework"));
        assertThrows(IllegalArgumentException.class, () -> ReviewSheet.band(23));
    }
}
