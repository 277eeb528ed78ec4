package quantlab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quantlab.model.OnnxModel;

/**
 * Runs the real onnx.checker. bin/test installs it and passes {@value #REQUIRED}=true, so there a missing checker
 * fails; a plain {@code mvn verify} on a machine without python3-onnx skips these tests instead.
 */
class OnnxCheckerTest {

    static final String REQUIRED = "quantlab.onnx.checker.required";

    @BeforeAll
    static void checkerPresent() {
        if (Boolean.getBoolean(REQUIRED)) {
            assertTrue(OnnxChecker.available(), "onnx.checker is required (-D" + REQUIRED + "=true) but no Python "
                    + "with the onnx package was found; install python3-onnx");
        }
        Assumptions.assumeTrue(OnnxChecker.available(), "no Python with the onnx package");
    }

    @Test
    void aWellFormedQuantizedModelPasses(@TempDir Path dir) {
        OnnxModel q = QuantizedModelWriter.write(TinyModels.matMul(new float[] {1, -2, 3, 4, 5, -6}, 2, 3, 11),
                WeightRecipe.int8PerChannel());
        Path file = dir.resolve("ok.onnx");
        q.write(file);
        OnnxChecker.Result r = OnnxChecker.check(file);
        assertEquals(OnnxChecker.Status.PASSED, r.status(), r.toString());
        assertTrue(r.detail().startsWith("onnx "), r.detail());
    }

    @Test
    void aNodeReadingAnUndefinedTensorFails(@TempDir Path dir) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("broken")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x")
                        .addInput("nowhere").addOutput("y"))
                .addInput(TinyModels.value("x", 2)).addOutput(TinyModels.value("y", 2));
        Path file = dir.resolve("broken.onnx");
        OnnxModel.of(TinyModels.model(g, 13)).write(file);
        OnnxChecker.Result r = OnnxChecker.check(file);
        assertEquals(OnnxChecker.Status.FAILED, r.status(), r.toString());
        assertTrue(r.detail().contains("nowhere"), r.detail());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxChecker.check(dir.resolve("absent.onnx")));
        assertTrue(e.getMessage().contains("absent.onnx"), e.getMessage());
    }
}
