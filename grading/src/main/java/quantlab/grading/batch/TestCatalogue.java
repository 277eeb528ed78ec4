package quantlab.grading.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import quantlab.grading.Course;
import quantlab.grading.IsolatedTests;
import quantlab.grading.SourceBundle;
import quantlab.grading.SourceBundle.SourceFile;
import quantlab.grading.TestResult;

/**
 * The graded tests of one chapter, listed once per batch: the visible tests (the course's, in
 * {@code exercises/src/test/java}) and the instructor's hidden tests ({@code instructor/hidden-tests}), each with
 * its sources and its tests (name, display name, points) sorted by class and method. Every gradebook row of the
 * chapter has exactly these columns, whatever happened to the student's code.
 */
public record TestCatalogue(int chapter, List<SourceFile> visibleSources, List<TestResult> visible,
                            List<SourceFile> hiddenSources, List<TestResult> hidden) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TestCatalogue {
        visibleSources = List.copyOf(visibleSources);
        visible = sorted(visible);
        hiddenSources = List.copyOf(hiddenSources);
        hidden = sorted(hidden);
    }

    /** The test classes to run for the visible tests. */
    public List<String> visibleClasses() {
        return visibleSources.stream().map(SourceFile::className).toList();
    }

    /** The test classes to run for the hidden tests. */
    public List<String> hiddenClasses() {
        return hiddenSources.stream().map(SourceFile::className).toList();
    }

    /**
     * Lists the chapter's tests by compiling them against the course's starter code (or, should that fail, its
     * reference solutions) in one isolated JVM; none of that code is a student's. The list is kept in
     * {@code cacheFolder} and reused while the tests, starter and solutions stay the same.
     *
     * @throws IllegalStateException if the tests compile against neither, which is the course's fault, not a student's
     */
    public static TestCatalogue build(Course course, int chapter, IsolatedTests tests, Path cacheFolder) {
        course.requireChapter(chapter);
        List<SourceFile> visibleSources = SourceBundle.readTree(course.testSources(),
                Course.chapterFolder(course.testSources(), chapter));
        List<SourceFile> hiddenSources = SourceBundle.readTree(course.hiddenTestSources(),
                Course.chapterFolder(course.hiddenTestSources(), chapter));
        List<List<SourceFile>> references = new ArrayList<>();
        for (Path root : List.of(course.exerciseSources(), course.solutionSources())) {
            references.add(SourceBundle.readTree(root, Course.chapterFolder(root, chapter)));
        }
        String key = key(chapter, visibleSources, hiddenSources, references);
        Path cache = cacheFolder.resolve(String.format("ch%02d.json", chapter));
        TestCatalogue cached = load(cache, key, chapter, visibleSources, hiddenSources);
        if (cached != null) {
            return cached;
        }
        List<SourceFile> allTests = new ArrayList<>(visibleSources);
        allTests.addAll(hiddenSources);
        StringBuilder problems = new StringBuilder();
        for (List<SourceFile> code : references) {
            if (code.isEmpty()) {
                continue;
            }
            IsolatedTests.Outcome outcome = tests.list(new IsolatedTests.Request(code, allTests,
                    allTests.stream().map(SourceFile::className).toList(),
                    IsolatedTests.Deadline.after(tests.limits().chapterTimeout())));
            if (outcome.status() == IsolatedTests.Status.TESTED && !outcome.results().isEmpty()) {
                Set<String> hiddenClasses = hiddenSources.stream()
                        .map(f -> f.className().substring(f.className().lastIndexOf('.') + 1))
                        .collect(Collectors.toSet());
                List<TestResult> visible = new ArrayList<>();
                List<TestResult> hidden = new ArrayList<>();
                for (TestResult test : outcome.results()) {
                    (hiddenClasses.contains(test.name().substring(0, test.name().indexOf('.'))) ? hidden : visible)
                            .add(test);
                }
                TestCatalogue catalogue = new TestCatalogue(chapter, visibleSources, visible, hiddenSources, hidden);
                store(cache, key, catalogue);
                return catalogue;
            }
            problems.append("\n  ").append(outcome.problem().isEmpty() ? "no graded tests found" : outcome.problem());
        }
        throw new IllegalStateException("chapter " + chapter + ": the tests (with the hidden tests) could not be"
                + " listed against the course's starter code or its solutions:" + problems);
    }

    private static String key(int chapter, List<SourceFile> visible, List<SourceFile> hidden,
                              List<List<SourceFile>> references) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((ChapterGrader.FORMAT + "|catalogue|" + chapter).getBytes(StandardCharsets.UTF_8));
            List<List<SourceFile>> all = new ArrayList<>(List.of(visible, hidden));
            all.addAll(references);
            for (List<SourceFile> files : all) {
                digest.update(("|files:" + files.size()).getBytes(StandardCharsets.UTF_8));
                for (SourceFile file : files) {
                    digest.update(("|" + file.path() + ":" + file.content().length + "|").getBytes(StandardCharsets.UTF_8));
                    digest.update(file.content());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCatalogue load(Path cache, String key, int chapter, List<SourceFile> visibleSources,
                                      List<SourceFile> hiddenSources) {
        try {
            JsonNode root = JSON.readTree(Files.readString(cache));
            if (!key.equals(root.path("key").asText())) {
                return null;
            }
            return new TestCatalogue(chapter, visibleSources, tests(root.path("visible")), hiddenSources,
                    tests(root.path("hidden")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void store(Path cache, String key, TestCatalogue catalogue) {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        array(root.putArray("visible"), catalogue.visible());
        array(root.putArray("hidden"), catalogue.hidden());
        AtomicFiles.write(cache, root.toPrettyString() + "\n");
    }

    private static void array(ArrayNode array, List<TestResult> tests) {
        for (TestResult test : tests) {
            array.addObject().put("name", test.name()).put("displayName", test.displayName())
                    .put("points", test.maxPoints());
        }
    }

    private static List<TestResult> tests(JsonNode array) {
        List<TestResult> tests = new ArrayList<>();
        for (JsonNode node : array) {
            tests.add(TestResult.failed(node.get("name").asText(), node.get("displayName").asText(),
                    node.get("points").asInt(), "not run"));
        }
        return tests;
    }

    private static List<TestResult> sorted(List<TestResult> tests) {
        return tests.stream().sorted(Comparator.comparing(TestResult::name)).toList();
    }
}
