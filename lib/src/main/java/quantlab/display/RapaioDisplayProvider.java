package quantlab.display;

import java.util.List;

import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Lets rapaio-jupyter-kernel draw our results, tablesaw tables and figures when they are a cell's last
 * expression, registered through {@code META-INF/services}. Only rapaio ever loads this class.
 */
public final class RapaioDisplayProvider implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(new HtmlRenderer(Displayable.class), new HtmlRenderer(Table.class),
                new HtmlRenderer(Figure.class));
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    private record HtmlRenderer(Class<?> rendererClass) implements DisplayRenderer {
        @Override
        public boolean canRender(String mime) {
            return mime == null || mime.isBlank() || mime.equals("html") || mime.equals("text/html");
        }

        @Override
        public DisplayData render(String mime, Object o) {
            return DisplayData.fromHtml(Html.of(o));
        }
    }
}
