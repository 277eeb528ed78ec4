package quantlab.recall;

/**
 * One recall prompt of a chapter with the answer we wrote for it; the prompt is the notebook's own wording.
 *
 * @param chapter the chapter, 1 to 14
 * @param number the prompt's number in the notebook's Recall list, from 1
 */
public record Card(int chapter, int number, String prompt, String answer) {

    public Card {
        if (chapter < 1 || chapter > 99) {
            throw new IllegalArgumentException("chapter must be 1 to 99, got " + chapter);
        }
        if (number < 1) {
            throw new IllegalArgumentException("number must be at least 1, got " + number);
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be blank, got " + (prompt == null ? "null" : "\"\""));
        }
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("answer must not be blank, got " + (answer == null ? "null" : "\"\""));
        }
    }

    /** A stable name for the card, {@code ch05.3}: the key of its line in the state file. */
    public String id() {
        return "ch%02d.%d".formatted(chapter, number);
    }
}
