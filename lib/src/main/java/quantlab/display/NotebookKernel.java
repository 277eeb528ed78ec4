package quantlab.display;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The Jupyter kernel this JVM is running under, found by its classes, so notebooks never name one: rapaio
 * publishes through {@code Global.display}, the IJava family through its kernel's {@code display(DisplayData)}. The
 * family has three entry points: JJava since 1.0-a6 ({@code BaseKernel.notebookKernel()}), JJava up to 1.0-a5
 * ({@code JJava.getKernelInstance()}) and IJava 1.3 ({@code IJava.getKernelInstance()}).
 */
abstract class NotebookKernel {

    abstract void publish(String html, String text);

    private static volatile NotebookKernel current;

    static NotebookKernel current() {
        NotebookKernel kernel = current;
        if (kernel == null) {
            kernel = detect();
            current = kernel;
        }
        return kernel;
    }

    /** JJava 1.0-a6 and later: the running kernel is the static {@code BaseKernel.notebookKernel()}. */
    static final String JJAVA_SINCE_A6 = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    /** JJava up to 1.0-a5: the running kernel is the static {@code JJava.getKernelInstance()}. */
    static final String JJAVA_UP_TO_A5 = "org.dflib.jjava.JJava";
    static final String JJAVA_DISPLAY_DATA = "org.dflib.jjava.jupyter.kernel.display.DisplayData";

    static NotebookKernel detect() {
        if (runningUnderRapaio(System.getProperty("sun.java.command", ""))
                && loadable("org.rapaio.jupyter.kernel.global.Global")) {
            return new Rapaio();
        }
        return IJavaFamily.find(JJAVA_SINCE_A6, "notebookKernel", JJAVA_DISPLAY_DATA)
                .or(() -> IJavaFamily.find(JJAVA_UP_TO_A5, "getKernelInstance", JJAVA_DISPLAY_DATA))
                .or(() -> IJavaFamily.find("io.github.spencerpark.ijava.IJava", "getKernelInstance",
                        "io.github.spencerpark.jupyter.kernel.display.DisplayData"))
                .map(NotebookKernel.class::cast)
                .orElseGet(PlainText::new);
    }

    /**
     * rapaio's classes may sit on a class path without a kernel running (our own tests compile against them), and
     * touching its MainApp would start one, so we ask what this JVM was launched as: the kernel's main class or jar.
     */
    static boolean runningUnderRapaio(String javaCommand) {
        return javaCommand.startsWith("org.rapaio.jupyter.kernel.MainApp")
                || javaCommand.matches("(?s)\\S*rapaio-jupyter-kernel[^/\\s]*\\.jar(\\s.*)?");
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, NotebookKernel.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** rapaio-jupyter-kernel: a String rendered with mime text/html is published as it is. */
    static final class Rapaio extends NotebookKernel {
        @Override
        void publish(String html, String text) {
            org.rapaio.jupyter.kernel.global.Global.display("text/html", html);
        }
    }

    /** IJava and JJava share one API under two package names; we reach it by reflection. */
    static final class IJavaFamily extends NotebookKernel {
        private final Object kernel;
        private final Class<?> displayData;
        private final Method display;

        private IJavaFamily(Object kernel, Class<?> displayData, Method display) {
            this.kernel = kernel;
            this.displayData = displayData;
            this.display = display;
        }

        /**
         * The kernel that {@code entryClass.accessor()} (a static method) returns, if that class exists here and a
         * kernel is running; an {@code Optional} result is unwrapped.
         */
        static Optional<IJavaFamily> find(String entryClass, String accessor, String displayDataClass) {
            try {
                ClassLoader loader = NotebookKernel.class.getClassLoader();
                Method getter = Class.forName(entryClass, true, loader).getMethod(accessor);
                if (!java.lang.reflect.Modifier.isStatic(getter.getModifiers())) {
                    return Optional.empty();
                }
                Object kernel = getter.invoke(null);
                if (kernel instanceof Optional<?> optional) {
                    kernel = optional.orElse(null);
                }
                if (kernel == null) {
                    return Optional.empty();
                }
                Class<?> data = Class.forName(displayDataClass, true, loader);
                Method display = kernel.getClass().getMethod("display", data);
                return Optional.of(new IJavaFamily(kernel, data, display));
            } catch (ReflectiveOperationException | LinkageError e) {
                return Optional.empty();
            }
        }

        @Override
        void publish(String html, String text) {
            try {
                Object data = displayData.getConstructor(String.class).newInstance(text);
                displayData.getMethod("putHTML", String.class).invoke(data, html);
                display.invoke(kernel, data);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the IJava-family kernel refused a display call: " + e, e);
            }
        }
    }

    /** No kernel: print the text form, so the same code runs in tests and plain programs. */
    static final class PlainText extends NotebookKernel {
        @Override
        void publish(String html, String text) {
            System.out.println(text);
        }
    }
}
