package io.github.spencerpark.ijava;

import java.util.ArrayList;
import java.util.List;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * A stand-in with the shape of IJava's documented entry point ({@code IJava.getKernelInstance()} returning a
 * kernel with {@code display(DisplayData)}), so the display bridge's reflective calls are exercised in tests.
 */
public final class IJava {

    /** What a test sets as "the running kernel"; null means no kernel, as in IJava when none is running. */
    public static volatile Kernel running;

    public static Kernel getKernelInstance() {
        return running;
    }

    /** Records what was displayed. */
    public static final class Kernel {
        public final List<DisplayData> displayed = new ArrayList<>();

        public void display(DisplayData data) {
            displayed.add(data);
        }
    }
}
