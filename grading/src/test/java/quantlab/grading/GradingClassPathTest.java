package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradingClassPathTest {

    @TempDir
    Path target;

    private List<Path> twoJars() throws IOException {
        Path a = Files.createFile(target.resolve("lib.jar"));
        Path b = Files.createFile(target.resolve("junit.jar"));
        Files.writeString(target.resolve("runtime-classpath.txt"), a + File.pathSeparator + b + "\n");
        return List.of(a, b);
    }

    @Test
    void classesFolderPlusTheFileNextToIt() throws IOException {
        List<Path> jars = twoJars();
        Path classes = Files.createDirectory(target.resolve("classes"));
        assertEquals(List.of(classes, jars.get(0), jars.get(1)), GradingClassPath.entries(classes));
    }

    @Test
    void jarPlusTheFileNextToIt() throws IOException {
        List<Path> jars = twoJars();
        Path jar = Files.createFile(target.resolve("quantlab-grading.jar"));
        assertEquals(List.of(jar, jars.get(0), jars.get(1)), GradingClassPath.entries(jar));
    }

    @Test
    void missingOrStaleFileIsAClearError() throws IOException {
        Path classes = Files.createDirectory(target.resolve("classes"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> GradingClassPath.entries(classes));
        assertTrue(missing.getMessage().contains("no runtime-classpath.txt next to"), missing.getMessage());
        Files.writeString(target.resolve("runtime-classpath.txt"), target.resolve("gone.jar").toString());
        IllegalStateException stale = assertThrows(IllegalStateException.class, () -> GradingClassPath.entries(classes));
        assertTrue(stale.getMessage().contains("gone.jar, which does not exist"), stale.getMessage());
        assertThrows(IllegalStateException.class, () -> GradingClassPath.entries(null));
    }

    @Test
    void realClassPathStartsWithThisModuleAndHasTheLauncher() {
        List<Path> entries = GradingClassPath.entries();
        assertEquals(GradingClassPath.codeLocation(), entries.get(0));
        assertTrue(entries.stream().anyMatch(p -> p.getFileName().toString().startsWith("junit-platform-launcher")),
                entries.toString());
    }
}
