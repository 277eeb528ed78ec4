package quantlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseDataTest {

    @Test
    void dataFolderFromQuantlabHome(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("data"));
        assertEquals(root.resolve("data"), CourseData.directory(root.toString(), Path.of("/")));
    }

    @Test
    void quantlabHomeWithoutDataFolderIsAClearError(@TempDir Path root) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CourseData.directory(root.toString(), root));
        assertTrue(e.getMessage().contains("QUANTLAB_HOME") && e.getMessage().contains(root.toString()),
                e.getMessage());
    }

    @Test
    void dataFolderByWalkingUp(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path deep = Files.createDirectories(root.resolve("lib/src/test"));
        Files.writeString(root.resolve("lib/pom.xml"), "<project/>");   // a module: pom.xml but no data/
        assertEquals(root.resolve("data"), CourseData.directory(null, deep));
        assertEquals(root.resolve("data"), CourseData.directory("  ", deep));
    }

    @Test
    void noDataFolderAnywhereIsAClearError(@TempDir Path root) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CourseData.directory(null, root));
        assertTrue(e.getMessage().contains("data/") && e.getMessage().contains("QUANTLAB_HOME"), e.getMessage());
    }}
