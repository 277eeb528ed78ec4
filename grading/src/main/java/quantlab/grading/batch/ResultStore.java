package quantlab.grading.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import quantlab.grading.TestResult;

/**
 * The per-student result files of a class, {@code results/STUDENT/chNN.json} under the output folder, each
 * written atomically as soon as the grade is known. A re-run reuses a result whose inputs hash still matches,
 * which is how a batch killed halfway resumes.
 */
public final class ResultStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;

    /** The store in {@code out/results}. */
    public ResultStore(Path out) {
        this.folder = Objects.requireNonNull(out, "out").resolve("results");
    }

    /** Where one grade is kept. */
    public Path file(String student, int chapter) {
        return folder.resolve(student).resolve(String.format("ch%02d.json", chapter));
    }

    /** Writes the grade atomically. */
    public void write(ChapterGrade grade) {
        AtomicFiles.write(file(grade.student(), grade.chapter()), toJson(grade) + "\n");
    }

    /**
     * The stored grade of {@code student} for {@code chapter}, or null if there is none or it cannot be read (a
     * damaged or foreign file is regraded, never trusted).
     */
    public ChapterGrade read(String student, int chapter) {
        Path file = file(student, chapter);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            ChapterGrade grade = fromJson(JSON.readTree(Files.readString(file)));
            return grade.student().equals(student) && grade.chapter() == chapter ? grade : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The stored grade if it was made from exactly these inputs and did not end in a grader error, else null. */
    public ChapterGrade reusable(String student, int chapter, String inputs) {
        ChapterGrade stored = read(student, chapter);
        return stored != null && stored.inputs().equals(inputs) && stored.status() != ChapterGrade.Status.ERROR
                ? stored : null;
    }

    static String toJson(ChapterGrade grade) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ChapterGrader.FORMAT);
        root.put("student", grade.student());
        root.put("chapter", grade.chapter());
        root.put("inputs", grade.inputs());
        root.put("status", grade.status().name());
        root.put("points", grade.points());
        root.put("maximum", grade.maximum());
        root.put("problem", grade.problem());
        ArrayNode notes = root.putArray("notes");
        grade.notes().forEach(notes::add);
        tests(root.putArray("visible"), grade.visible());
        tests(root.putArray("hidden"), grade.hidden());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the grade of " + grade.student() + " as JSON", e);
        }
    }

    private static void tests(ArrayNode array, List<TestResult> results) {
        for (TestResult result : results) {
            ObjectNode node = array.addObject();
            node.put("name", result.name());
            node.put("displayName", result.displayName());
            node.put("points", result.pointsEarned());
            node.put("maximum", result.maxPoints());
            node.put("passed", result.passed());
            node.put("message", result.message());
        }
    }

    static ChapterGrade fromJson(JsonNode root) {
        if (!ChapterGrader.FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("written by another version of the grader");
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(note -> notes.add(note.asText()));
        return new ChapterGrade(text(root, "student"), root.path("chapter").asInt(), text(root, "inputs"),
                ChapterGrade.Status.valueOf(text(root, "status")), text(root, "problem"), notes,
                tests(root.path("visible")), tests(root.path("hidden")));
    }

    private static List<TestResult> tests(JsonNode array) {
        List<TestResult> results = new ArrayList<>();
        for (JsonNode node : array) {
            results.add(new TestResult(text(node, "name"), text(node, "displayName"), node.path("points").asInt(),
                    node.path("maximum").asInt(), node.path("passed").asBoolean(), text(node, "message")));
        }
        return results;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return value.asText();
    }
}
