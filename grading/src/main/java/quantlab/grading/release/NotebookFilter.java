package quantlab.grading.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/**
 * Takes answer keys out of a notebook for the student edition: cells tagged {@code answer-key} or
 * {@code instructor-only} are dropped, and in markdown cells the text between {@code <!-- answer-key -->} and
 * {@code <!-- /answer-key -->} is removed. A notebook with neither is returned unchanged, byte for byte.
 */
public final class NotebookFilter {

    /** Cell tags that keep a cell out of the student edition. */
    public static final java.util.List<String> TAGS = java.util.List.of("answer-key", "instructor-only");

    private static final Pattern ANSWER = Pattern.compile("<!--\\s*answer-key\\s*-->.*?<!--\\s*/answer-key\\s*-->",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotebookFilter() {
    }

    /**
     * The notebook JSON without its answer keys.
     *
     * @throws IllegalArgumentException if {@code json} is not a notebook (names the problem)
     */
    public static String filter(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a notebook (invalid JSON): " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode notebook) || !(root.get("cells") instanceof ArrayNode cells)) {
            throw new IllegalArgumentException("not a notebook: no \"cells\" array");
        }
        boolean changed = false;
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode cell : cells) {
            if (tagged(cell)) {
                changed = true;
                continue;
            }
            if ("markdown".equals(cell.path("cell_type").asText()) && cell instanceof ObjectNode markdown) {
                String source = source(cell);
                String stripped = ANSWER.matcher(source).replaceAll("");
                if (!stripped.equals(source)) {
                    markdown.set("source", lines(stripped));
                    changed = true;
                }
            }
            kept.add(cell);
        }
        if (!changed) {
            return json;
        }
        notebook.set("cells", kept);
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter(" ", "\n"))
                    .withArrayIndenter(new DefaultIndenter(" ", "\n"));
            return JSON.writer(printer).writeValueAsString(notebook) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notebook back", e);
        }
    }

    /** A cell's source as one string (notebooks store it as a string or as a list of lines). */
    public static String source(JsonNode cell) {
        JsonNode source = cell.path("source");
        if (source.isArray()) {
            StringBuilder text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText();
    }

    private static boolean tagged(JsonNode cell) {
        for (JsonNode tag : cell.path("metadata").path("tags")) {
            if (TAGS.contains(tag.asText())) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode lines(String text) {
        ArrayNode lines = JSON.createArrayNode();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(TextNode.valueOf(text.substring(start, i + 1)));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(TextNode.valueOf(text.substring(start)));
        }
        return lines;
    }
}
