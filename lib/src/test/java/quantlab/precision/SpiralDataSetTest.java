package quantlab.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quantlab.data.CourseData;

/** The committed data file, its generator, and the way the library finds it. */
class SpiralDataSetTest {

    @Test
    void committedFileEqualsAFreshRegenerationByteForByte() throws IOException {
        byte[] committed = Files.readAllBytes(CourseData.file(SpiralDataSet.FILE_NAME));
        byte[] regenerated = SpiralGenerator.csv(SpiralGenerator.SEED, SpiralGenerator.TRAIN_ROWS,
                SpiralGenerator.TEST_ROWS).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(regenerated, committed,
                "data/" + SpiralDataSet.FILE_NAME + " differs from SpiralGenerator's output: rerun its main");
        assertTrue(committed.length < 1_000_000, "the file should stay small, got " + committed.length + " bytes");
    }

    @Test
    void chapterDataHasTheAdvertisedShape() {
        SpiralDataSet data = SpiralDataSet.chapterThree();
        assertEquals(SpiralGenerator.TRAIN_ROWS, data.train().rows());
        assertEquals(SpiralGenerator.TEST_ROWS, data.test().rows());
        int[] perArm = new int[SpiralDataSet.CLASSES];
        for (int label : data.train().labels()) {
            perArm[label]++;
        }
        for (int count : perArm) {
            assertEquals(SpiralGenerator.TRAIN_ROWS / SpiralDataSet.CLASSES, count, "arms are balanced");
        }
        for (float v : data.train().features()) {
            assertTrue(Math.abs(v) <= 1.5f, "coordinates stay near the unit disc, got " + v);
        }
        assertEquals(data, SpiralGenerator.generate());
    }

    @Test
    void csvRoundTrip() {
        String csv = "split,x,y,label\ntrain,0.50000,-0.25000,3\ntrain,0.00000,1.00000,0\ntest,-1.00000,0.12500,2\n";
        SpiralDataSet data = SpiralDataSet.parse(csv);
        assertArrayEquals(new float[] {0.5f, -0.25f, 0f, 1f}, data.train().features());
        assertArrayEquals(new int[] {3, 0}, data.train().labels());
        assertArrayEquals(new int[] {2}, data.test().labels());
        assertEquals(csv, data.toCsv());
    }

    @Test
    void writeThenLoad(@TempDir Path folder) {
        SpiralDataSet data = SpiralDataSet.parse(SpiralGenerator.csv(11, 8, 4));
        Path file = folder.resolve("spirals.csv");
        data.write(file);
        assertEquals(data, SpiralDataSet.load(file));
    }

    @Test
    void splitsCannotBeChangedFromOutside() {
        float[] features = {0.1f, 0.2f};
        int[] labels = {1};
        SpiralDataSet.Split split = new SpiralDataSet.Split(features, labels);
        features[0] = 9f;
        labels[0] = 3;
        split.features()[1] = 9f;
        assertArrayEquals(new float[] {0.1f, 0.2f}, split.features());
        assertArrayEquals(new int[] {1}, split.labels());
    }
}
