package quantlab.finetune;

/**
 * One labelled passage.
 *
 * @param text   the passage
 * @param label  its class, 0 .. classes - 1
 * @param group  the document it comes from (a speech): splits keep each group on one side
 */
public record Example(String text, int label, String group) {

    public Example {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank, got " + text);
        }
        if (label < 0) {
            throw new IllegalArgumentException("label must not be negative, got " + label);
        }
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group must not be blank, got " + group);
        }
    }
}
