package quantlab.display;

/**
 * A library result that can draw itself as an HTML fragment, so a notebook shows it as a table or a figure
 * instead of its {@code toString()}. Implementations keep {@code toString()} as readable plain text.
 */
public interface Displayable {

    /** A self-contained HTML fragment (no {@code <html>} or {@code <body>}), safe to place in a notebook output. */
    String toHtml();
}
