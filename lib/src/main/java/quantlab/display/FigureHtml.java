package quantlab.display;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tech.tablesaw.plotly.components.Figure;

/**
 * Turns a tablesaw plotly {@link Figure} into an HTML fragment that draws itself offline.
 * <p>
 * tablesaw writes a {@code <script>} that uses page-global variables and assumes {@code Plotly} is already
 * loaded. We wrap its body in a function that receives Plotly, so several figures on one page cannot
 * overwrite each other's data, and we load plotly.js only when the page has not: the course site loads it in
 * each page's head, a live notebook gets it from the copy that {@code bin/course} installs as a notebook
 * extension. No figure ever reaches for the network.
 */
public final class FigureHtml {

    /** Where a live Jupyter server serves the bundled plotly.js (installed by the course's set-up). */
    public static final String NBEXTENSION_PATH = "nbextensions/quantlab/plotly.min.js";

    private static final Pattern SCRIPT = Pattern.compile("(?s)<script[^>]*>(.*)</script>");
    private static final AtomicLong COUNTER = new AtomicLong();

    private FigureHtml() {
    }

    public static String of(Figure figure) {
        // tablesaw turns the id into a JavaScript variable name (target_<id>), so it may hold only [A-Za-z0-9_].
        String divId = "quantlab_fig_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet()
                + "_" + Long.toHexString(System.nanoTime());
        String script = figure.asJavascript(divId);
        Matcher body = SCRIPT.matcher(script);
        if (!body.find()) {
            throw new IllegalStateException("tablesaw returned no <script> for the figure: " + script);
        }
        return "<div id=\"" + divId + "\" class=\"quantlab-figure\"></div>\n"
                + "<script>\n(function () {\n"
                + "  var target = '" + divId + "';\n"
                + "  var draw = function (Plotly) {\n" + body.group(1) + "\n  };\n"
                + "  if (window.Plotly) { draw(window.Plotly); return; }\n"
                + "  var fail = function () { document.getElementById(target).textContent ="
                + " 'plotly.js is not loaded here: run bin/course once, then reload the page.'; };\n"
                + "  var base = (document.body && document.body.getAttribute('data-base-url')) || '/';\n"
                + "  var url = base + '" + NBEXTENSION_PATH + "';\n"
                + "  if (window.require && window.define && window.define.amd) {\n"
                // A module id ending in .js is a plain URL to require.js, which then adds no second extension.
                + "    window.require([url], function (P) { window.Plotly = P; draw(P); }, fail);\n"
                + "  } else {\n"
                + "    var s = document.createElement('script'); s.src = url;\n"
                + "    s.onload = function () { draw(window.Plotly); }; s.onerror = fail;\n"
                + "    document.head.appendChild(s);\n"
                + "  }\n"
                + "})();\n</script>";
    }
}
