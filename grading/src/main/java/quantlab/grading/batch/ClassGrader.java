package quantlab.grading.batch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import quantlab.grading.ChildRuntime;
import quantlab.grading.Course;
import quantlab.grading.GradingLimits;
import quantlab.grading.IsolatedTests;
import quantlab.grading.Sandbox;

/**
 * Grades a whole class: every student folder of a submissions folder, for one or more chapters, in parallel
 * workers, each chapter grade in isolated JVMs ({@link ChapterGrader}) and written to its result file the moment
 * it is known. Grades whose inputs have not changed since an earlier run are reused, so a run that was killed
 * resumes where it stopped. At the end it writes the gradebook, each student's feedback, optionally Gradescope
 * files, and the class summary.
 */
public final class ClassGrader {

    /** What to grade and where to write: see {@code bin/grade-class --help}. */
    public record Options(Path submissions, List<Integer> chapters, Path out, int workers, Set<String> students,
                          boolean gradescope, GradingLimits limits, Sandbox.Policy sandbox) {

        /** Options that use the sandbox where bubblewrap runs and fall back where it does not. */
        public Options(Path submissions, List<Integer> chapters, Path out, int workers, Set<String> students,
                       boolean gradescope, GradingLimits limits) {
            this(submissions, chapters, out, workers, students, gradescope, limits, Sandbox.Policy.PREFER);
        }

        public Options {
            Objects.requireNonNull(submissions, "submissions");
            chapters = List.copyOf(new java.util.TreeSet<>(chapters));
            Objects.requireNonNull(out, "out");
            students = Set.copyOf(students);
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(sandbox, "sandbox");
            if (chapters.isEmpty()) {
                throw new IllegalArgumentException("chapters must name at least one chapter");
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + workers);
            }
        }
    }

    /** What a run did: grades made and reused, wall time, warnings, and the files it wrote. */
    public record Report(int graded, int reused, int workers, Duration wallTime, List<String> warnings,
                         Path gradebook, ClassSummary summary) {
    }

    private final Course course;
    private final PrintStream log;
    private final boolean terminal;
    private volatile boolean stopping;

    /** A grader for {@code course}, logging progress to {@code log} (redrawn in place when {@code terminal}). */
    public ClassGrader(Course course, PrintStream log, boolean terminal) {
        this.course = Objects.requireNonNull(course, "course");
        this.log = Objects.requireNonNull(log, "log");
        this.terminal = terminal;
    }

    /**
     * Runs the class.
     *
     * @throws IllegalArgumentException for a missing submissions folder, an unknown chapter or student
     * @throws IllegalStateException if grading cannot run at all (the course's own tests do not compile, ...)
     */
    public Report run(Options options) {
        long start = System.nanoTime();
        List<Submission> submissions = Submission.scan(options.submissions());
        for (int chapter : options.chapters()) {
            course.requireChapter(chapter);
        }
        for (String student : options.students()) {
            if (submissions.stream().noneMatch(s -> s.student().equals(student))) {
                throw new IllegalArgumentException("student " + student + " has no folder in " + options.submissions());
            }
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("quantlab-class-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a scratch folder for grading: " + e, e);
        }
        ChildRuntime runtime;
        try {
            runtime = ChildRuntime.create(scratch, options.sandbox());
        } catch (RuntimeException e) {
            ChildRuntime.deleteQuietly(scratch);
            throw e;
        }
        log.println("[grade-class] " + runtime.sandbox().notice());
        Thread hook = new Thread(() -> {
            stopping = true;
            IsolatedTests.stopAll();
            try {
                Thread.sleep(500); // let the workers notice before the scratch folder goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runtime.delete();
        }, "grade-class-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return grade(options, submissions, new IsolatedTests(runtime, options.limits()), start);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook does the cleaning.
            }
            runtime.delete();
        }
    }

    private Report grade(Options options, List<Submission> submissions, IsolatedTests tests, long start) {
        ResultStore store = new ResultStore(options.out());
        removePartials(options.out());
        ChapterGrader grader = new ChapterGrader(tests);
        Map<Integer, TestCatalogue> catalogues = new TreeMap<>();
        for (int chapter : options.chapters()) {
            log.println("[grade-class] listing the tests of chapter " + chapter);
            catalogues.put(chapter, TestCatalogue.build(course, chapter, tests, options.out().resolve("catalogue")));
        }
        List<String> warnings = new ArrayList<>();
        Map<String, ChapterGrade> grades = new TreeMap<>();
        List<Runnable> work = new ArrayList<>();
        Progress progress = new Progress(log, terminal,
                submissions.size() * options.chapters().size());
        for (Submission submission : submissions) {
            for (int chapter : options.chapters()) {
                String key = key(submission.student(), chapter);
                ChapterSubmission handedIn = ChapterSubmission.collectSafely(submission, course, chapter);
                TestCatalogue catalogue = catalogues.get(chapter);
                boolean chosen = options.students().isEmpty() || options.students().contains(submission.student());
                ChapterGrade stored = store.reusable(submission.student(), chapter, grader.inputs(handedIn, catalogue));
                if (!chosen) {
                    if (stored != null) {
                        grades.put(key, stored);
                    } else {
                        warnings.add(submission.student() + " has no up-to-date grade for chapter " + chapter
                                + " (left out of the gradebook; grade the class without --student)");
                    }
                } else if (stored != null && options.students().isEmpty()) {
                    grades.put(key, stored);
                    progress.reused();
                } else {
                    work.add(() -> {
                        ChapterGrade grade = gradeSafely(grader, submission.student(), handedIn, catalogue);
                        if (stopping) {
                            return; // A child killed by the shutdown would look like the student's crash.
                        }
                        store.write(grade);
                        synchronized (grades) {
                            grades.put(key, grade);
                        }
                        progress.graded(grade);
                    });
                }
            }
        }
        int workers = Math.min(options.workers(), Math.max(1, work.size()));
        log.println("[grade-class] " + submissions.size() + " submissions, chapters " + options.chapters() + ": "
                + work.size() + " to grade with " + workers + " workers, " + progress.reusedCount()
                + " reused from " + options.out().resolve("results"));
        runAll(work, workers);
        if (stopping) {
            throw new IllegalStateException("stopped before every grade was known; the " + progress.gradedNow()
                    + " grades made in this run are saved in " + options.out().resolve("results")
                    + ", and running the same command again finishes the rest");
        }
        List<ChapterGrade> all;
        synchronized (grades) {
            all = List.copyOf(grades.values());
        }
        Path gradebook = options.out().resolve("gradebook.csv");
        String csv = Gradebook.csv(all, catalogues);
        AtomicFiles.write(gradebook, csv);
        Map<String, List<ChapterGrade>> byStudent = new LinkedHashMap<>();
        for (ChapterGrade grade : all) {
            byStudent.computeIfAbsent(grade.student(), s -> new ArrayList<>()).add(grade);
        }
        for (var entry : byStudent.entrySet()) {
            AtomicFiles.write(options.out().resolve("feedback").resolve(entry.getKey() + ".md"),
                    Feedback.markdown(entry.getKey(), entry.getValue()));
            if (options.gradescope()) {
                AtomicFiles.write(options.out().resolve("gradescope").resolve(entry.getKey()).resolve("results.json"),
                        GradescopeResults.json(entry.getValue()));
            }
        }
        ClassSummary summary = ClassSummary.fromCsv(csv);
        AtomicFiles.write(options.out().resolve("summary.html"), summary.toHtmlPage());
        return new Report(progress.gradedNow(), progress.reusedCount(), workers,
                Duration.ofNanos(System.nanoTime() - start), warnings, gradebook, summary);
    }

    private ChapterGrade gradeSafely(ChapterGrader grader, String student, ChapterSubmission handedIn,
                                     TestCatalogue catalogue) {
        try {
            return grader.grade(student, handedIn, catalogue);
        } catch (RuntimeException | StackOverflowError e) {
            String why = "grader error: " + e.getMessage();
            return new ChapterGrade(student, catalogue.chapter(), "error", ChapterGrade.Status.ERROR, why,
                    handedIn.notes(), ChapterGrader.zero(catalogue.visible(), why),
                    ChapterGrader.zero(catalogue.hidden(), why));
        }
    }

    private static void runAll(List<Runnable> work, int workers) {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "grade-class-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = work.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("class grading was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("class grading failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String key(String student, int chapter) {
        return student + "\u0000" + String.format("%02d", chapter);
    }

    /** Deletes the temporary files of writes that a kill interrupted before their atomic move. */
    private static void removePartials(Path out) {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path path : walk.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.PARTIAL)).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Leftovers are never read; they only take space.
        }
    }
}
