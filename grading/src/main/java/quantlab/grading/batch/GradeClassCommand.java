package quantlab.grading.batch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import quantlab.grading.Course;
import quantlab.grading.GradingLimits;
import quantlab.grading.Sandbox;

/**
 * The command line behind {@code bin/grade-class}: grades a folder of submissions for one or more chapters, or
 * with {@code --summary} prints the summary of the last run. Exits 0 when grading ran (whatever the students
 * scored), 1 when it could not run, 2 on bad usage or input (missing folder, unknown chapter or student).
 */
public final class GradeClassCommand {

    static final String USAGE = """
            usage: bin/grade-class --submissions DIR --chapters LIST [options]
                   bin/grade-class --summary [--out DIR]
              --submissions DIR   one folder per student id, each holding that student's exercises/ (whole or in part)
              --chapters LIST     chapters to grade, e.g. 1 or 1,4 or 1-5
              --out DIR           where results, gradebook.csv, feedback/ and summary.html go (default build/grading)
              --workers N         submissions graded in parallel (default: the number of cores)
              --student ID        re-grade only this student (repeatable, or ID,ID); the gradebook keeps the others
              --gradescope        also write gradescope/STUDENT/results.json
              --test-timeout S    wall-clock limit per test in seconds (default 10)
              --submission-timeout S  wall-clock limit per student and chapter in seconds (default 60)
              --heap MB           heap limit of each test JVM (default 1024)
              --require-sandbox   refuse to grade where the bubblewrap sandbox cannot run (default: say so, fall back)
              --summary           print the class summary of --out's gradebook and rewrite its summary.html""";

    private GradeClassCommand() {
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.console() != null, Course::locate));
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean terminal, Supplier<Course> courses) {
        Path submissions = null;
        Path outDir = null;
        List<Integer> chapters = new ArrayList<>();
        Set<String> students = new LinkedHashSet<>();
        int workers = Runtime.getRuntime().availableProcessors();
        boolean gradescope = false;
        boolean summaryOnly = false;
        Sandbox.Policy sandbox = Sandbox.Policy.PREFER;
        GradingLimits limits = GradingLimits.DEFAULT;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "--submissions" -> submissions = Path.of(value(args, ++i, arg));
                    case "--out" -> outDir = Path.of(value(args, ++i, arg));
                    case "--chapters" -> chapters.addAll(chapters(value(args, ++i, arg)));
                    case "--workers" -> workers = number(value(args, ++i, arg), arg);
                    case "--student" -> students.addAll(List.of(value(args, ++i, arg).split(",")));
                    case "--gradescope" -> gradescope = true;
                    case "--summary" -> summaryOnly = true;
                    case "--require-sandbox" -> sandbox = Sandbox.Policy.REQUIRE;
                    case "--test-timeout" -> limits = limits.withTestTimeout(Duration.ofSeconds(number(value(args, ++i, arg), arg)));
                    case "--submission-timeout" -> limits = limits.withChapterTimeout(
                            Duration.ofSeconds(number(value(args, ++i, arg), arg)));
                    case "--heap" -> limits = limits.withMaxHeapMb(number(value(args, ++i, arg), arg));
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            Course course = courses.get();
            Path output = outDir != null ? outDir : course.root().resolve("build/grading");
            if (summaryOnly) {
                ClassSummary summary = ClassSummary.of(output.resolve("gradebook.csv"));
                AtomicFiles.write(output.resolve("summary.html"), summary.toHtmlPage());
                out.println(summary);
                out.println("summary page: " + output.resolve("summary.html"));
                return 0;
            }
            if (submissions == null) {
                throw new IllegalArgumentException("--submissions DIR is required");
            }
            if (chapters.isEmpty()) {
                throw new IllegalArgumentException("--chapters LIST is required, e.g. --chapters 1,4");
            }
            ClassGrader.Report report = new ClassGrader(course, err, terminal).run(new ClassGrader.Options(
                    submissions, chapters, output, workers, students, gradescope, limits, sandbox));
            out.println(report.summary());
            for (String warning : report.warnings()) {
                err.println("[grade-class] warning: " + warning);
            }
            out.println("graded " + report.graded() + ", reused " + report.reused() + ", in "
                    + Progress.format(report.wallTime()) + " with " + report.workers() + " workers");
            out.println("gradebook: " + report.gradebook());
            out.println("feedback:  " + output.resolve("feedback") + "/STUDENT.md"
                    + (gradescope ? "; Gradescope: " + output.resolve("gradescope") + "/STUDENT/results.json" : ""));
            out.println("summary:   " + output.resolve("summary.html"));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("grade-class: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IllegalStateException e) {
            err.println("grade-class: grading could not run: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String text, String option) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive whole number, was " + text);
        }
    }

    /** "1", "1,4", "1-3" or "1-3,5". */
    static List<Integer> chapters(String text) {
        List<Integer> chapters = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] range = part.strip().split("-", -1);
            try {
                int from = Integer.parseInt(range[0].strip());
                int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
                if (range.length > 2 || to < from) {
                    throw new NumberFormatException();
                }
                for (int c = from; c <= to; c++) {
                    chapters.add(c);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--chapters must list chapter numbers like 1,4 or 1-5, was " + text);
            }
        }
        return chapters;
    }
}
