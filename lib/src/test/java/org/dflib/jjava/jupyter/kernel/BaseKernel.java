package org.dflib.jjava.jupyter.kernel;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * A stand-in with the shape of JJava's API since 1.0-a6: the running kernel is {@code BaseKernel.notebookKernel()},
 * a static method, and the kernel displays a {@code DisplayData} with {@code display(DisplayData)}.
 */
public class BaseKernel {

    /** What a test sets as "the running kernel"; null means none is running. */
    public static volatile BaseKernel running;

    public final List<DisplayData> displayed = new ArrayList<>();

    public static BaseKernel notebookKernel() {
        return running;
    }

    public void display(DisplayData data) {
        displayed.add(data);
    }
}
