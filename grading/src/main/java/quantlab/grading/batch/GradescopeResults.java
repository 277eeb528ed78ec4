package quantlab.grading.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

import quantlab.grading.TestResult;

/**
 * A student's grades in Gradescope's autograder {@code results.json} format: the total score, the compiler's
 * output when there was any, one entry per visible test, and one entry per chapter for all its hidden tests
 * together (count and score only, like the feedback file).
 */
public final class GradescopeResults {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GradescopeResults() {
    }

    /** The results.json text for one student's grades. */
    public static String json(List<ChapterGrade> grades) {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", grades.stream().mapToInt(ChapterGrade::points).sum());
        StringBuilder output = new StringBuilder();
        ArrayNode tests = JSON.createArrayNode();
        for (ChapterGrade grade : grades) {
            output.append("Chapter ").append(grade.chapter()).append(": ").append(grade.points()).append(" / ")
                    .append(grade.maximum()).append(" points (").append(grade.status().label()).append(")\n");
            if (!grade.problem().isEmpty()) {
                output.append(grade.problem().strip()).append("\n");
            }
            for (TestResult test : grade.visible()) {
                ObjectNode node = tests.addObject();
                node.put("name", "Chapter " + grade.chapter() + ": " + test.displayName());
                node.put("name_format", "text");
                node.put("number", test.name());
                node.put("score", test.pointsEarned());
                node.put("max_score", test.maxPoints());
                node.put("status", test.passed() ? "passed" : "failed");
                node.put("output", test.message());
                node.put("visibility", "visible");
            }
            if (!grade.hidden().isEmpty()) {
                ObjectNode node = tests.addObject();
                node.put("name", "Chapter " + grade.chapter() + ": hidden tests (" + grade.hidden().size() + ")");
                node.put("name_format", "text");
                node.put("score", grade.hiddenPoints());
                node.put("max_score", grade.hiddenMaximum());
                node.put("status", grade.hiddenPoints() == grade.hiddenMaximum() ? "passed" : "failed");
                node.put("output", grade.hidden().size() + " hidden tests; they are not listed one by one.");
                node.put("visibility", "visible");
            }
        }
        root.put("output", output.toString());
        root.put("stdout_visibility", "hidden");
        root.set("tests", tests);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write results.json", e);
        }
    }
}
