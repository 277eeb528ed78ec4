package quantlab.recall;

import java.util.List;

/**
 * The cards as a text file Anki imports (File, Import): tab-separated Front, Back and Tags, preceded by Anki's
 * file headers ({@code #separator:tab}, {@code #html:false}, {@code #columns:...}, {@code #tags column:3},
 * {@code #notetype:Basic}, {@code #deck:...}), so no import option has to be set by hand. Tags are
 * {@code quantlab quantlab::chNN}. A field holding a tab, a line break or a double quote is quoted with doubled
 * quotes, as Anki's text-import rules ask.
 */
public final class AnkiExport {

    /** The deck the cards land in. */
    public static final String DECK = "quantlab";

    private AnkiExport() {
    }

    /** The whole file's text, UTF-8 when written. */
    public static String text(List<Card> cards) {
        StringBuilder out = new StringBuilder();
        out.append("#separator:tab\n#html:false\n#notetype:Basic\n#deck:").append(DECK)
                .append("\n#columns:Front\tBack\tTags\n#tags column:3\n");
        for (Card c : cards) {
            String tags = "quantlab quantlab::ch%02d".formatted(c.chapter());
            out.append(field("Chapter " + c.chapter() + ", recall " + c.number() + ": " + c.prompt())).append('\t')
                    .append(field(c.answer())).append('\t').append(tags).append('\n');
        }
        return out.toString();
    }

    /** A field as Anki reads it: quoted, with quotes doubled, when it holds a separator, a line break or a quote. */
    static String field(String s) {
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('"') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
