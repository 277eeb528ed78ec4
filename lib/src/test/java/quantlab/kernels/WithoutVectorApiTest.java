package quantlab.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Vector API stays isolated in the Simd* classes: a JVM without {@code --add-modules jdk.incubator.vector} (as
 * the notebooks' and the grader's are) runs the scalar kernels and gets a clear message from a SIMD one.
 */
class WithoutVectorApiTest {

    @Test
    void scalarKernelsNeedNoFlag() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutVectorApiProbe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish in 60 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("vector api available: false"), out);
        assertTrue(out.contains("simd kernel refused: java.lang.IllegalStateException"), out);
        assertEquals(0, p.exitValue(), out);
    }
}
