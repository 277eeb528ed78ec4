package quantlab.display;

/** Escapes text for HTML, so a label such as {@code "a < b"} in a table never breaks the page around it. */
public final class HtmlText {

    private HtmlText() {
    }

    /** The text with {@code & < > " '} replaced by entities; {@code null} becomes the empty string. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
