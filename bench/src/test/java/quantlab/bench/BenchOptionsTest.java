package quantlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;

/** The command line and the JMH options it becomes; no benchmark runs here. */
class BenchOptionsTest {

    @Test
    void defaultsAreTheIssuesShapeAndAboutThreeMinutes() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(8192, o.rows());
        assertEquals(8192, o.cols());
        assertEquals(128, o.groupSize());
        assertEquals(List.of(GemvKernel.values()), o.kernels());
        // 8 benchmarks x 2 forks x (3 + 5) s of iterations = 128 s, plus JVM starts and set-ups.
        assertEquals(2, o.forks());
        assertEquals(3, o.warmups());
        assertEquals(5, o.iterations());
        assertEquals(1000, o.iterationMs());
    }

    @Test
    void quickIsShorterAndOtherArgumentsStillApply() {
        BenchOptions o = BenchOptions.parse("--rows", "1024", "--quick", "--kernels", "fp32_simd,int4_simd",
                "--group", "64", "--log", "/tmp/x.log");
        assertEquals(1024, o.rows());
        assertEquals(64, o.groupSize());
        assertEquals(List.of(GemvKernel.FP32_SIMD, GemvKernel.INT4_SIMD), o.kernels());
        assertEquals(1, o.forks());
        assertEquals(500, o.iterationMs());
        assertEquals("/tmp/x.log", o.log());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(() -> BenchOptions.parse("--rows"), "--rows needs a value");
        assertMessage(() -> BenchOptions.parse("--rows", "many"), "--rows must be an integer, got many");
        assertMessage(() -> BenchOptions.parse("--fast"), "unknown argument --fast");
        assertMessage(() -> BenchOptions.parse("--group", "48"), "got 48");
        assertMessage(() -> BenchOptions.parse("--kernels", "fp16"), "unknown kernel fp16");
        assertMessage(() -> BenchOptions.parse("--forks", "0"), "forks");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void jmhGetsOneThreadTheForksAndTheVectorModule() {
        Options jmh = BenchMain.jmhOptions(BenchOptions.parse("--quick", "--kernels", "int8"));
        assertEquals(1, jmh.getThreads().get());
        assertEquals(1, jmh.getForkCount().get());
        assertEquals(3, jmh.getMeasurementIterations().get());
        assertTrue(jmh.getJvmArgs().get().contains("jdk.incubator.vector"));
        assertEquals(List.of("INT8"), List.copyOf(jmh.getParameter("kernel").get()));
        assertEquals(List.of("8192"), List.copyOf(jmh.getParameter("rows").get()));
    }
}
