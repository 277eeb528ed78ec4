package quantlab.grading;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The command line: {@code GradeCommand <chapter> [--sources DIR]} grades a chapter of the course's exercises (or
 * of the code under DIR) and prints the report. Exits 0 when grading ran, 1 when it could not, 2 on bad usage.
 */
public final class GradeCommand {

    static final String USAGE = "usage: GradeCommand <chapter> [--sources DIR] [--require-sandbox]";

    private GradeCommand() {
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err,
                policy -> new Grader(Course.locate(), GradingLimits.DEFAULT, policy)));
    }

    static int run(String[] args, PrintStream out, PrintStream err,
                   java.util.function.Function<Sandbox.Policy, Grader> graders) {
        Integer chapter = null;
        Path sources = null;
        Sandbox.Policy policy = Sandbox.Policy.PREFER;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--require-sandbox")) {
                policy = Sandbox.Policy.REQUIRE;
            } else if (arg.equals("--sources")) {
                if (i + 1 == args.length) {
                    return usage(err, "--sources needs a folder");
                }
                sources = Path.of(args[++i]);
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (chapter == null) {
                try {
                    chapter = Integer.parseInt(arg);
                } catch (NumberFormatException e) {
                    return usage(err, "chapter must be a number, was " + arg);
                }
            } else {
                return usage(err, "unexpected argument " + arg);
            }
        }
        if (chapter == null) {
            return usage(err, "which chapter?");
        }
        try {
            Grader grader = graders.apply(policy);
            GradeReport report = sources == null ? grader.grade(chapter) : grader.grade(chapter, sources);
            if (grader.sandboxNotice() != null && grader.sandboxNotice().startsWith("sandbox: NOT")) {
                out.println(grader.sandboxNotice());
            }
            out.println(report);
            return 0;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (IllegalStateException e) {
            err.println("grading failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return 2;
    }
}
