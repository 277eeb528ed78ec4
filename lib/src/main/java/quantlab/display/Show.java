package quantlab.display;

/**
 * The one call a notebook makes to draw a result: {@code show(x)} for a tablesaw table or figure, or any of the
 * library's {@link Displayable} results. It works the same under rapaio-jupyter-kernel, IJava and JJava, and
 * prints plain text when no kernel is running (tests, a plain {@code main}).
 */
public final class Show {

    private Show() {
    }

    /** Publishes {@code value} as HTML (with a plain-text twin) to the running notebook kernel's output. */
    public static void show(Object value) {
        NotebookKernel.current().publish(Html.of(value), Html.text(value));
    }
}
