package quantlab.grading.batch;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress line of a class run: how many chapter grades are done of how many, how many were reused from an
 * earlier run, the rate of this run and the time left at that rate. Redrawn in place on a terminal, one line per
 * grade otherwise (a log, a CI job).
 */
final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int reused;
    private int gradedNow;

    Progress(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    synchronized void reused() {
        reused++;
        done++;
    }

    synchronized void graded(ChapterGrade grade) {
        done++;
        gradedNow++;
        String line = line() + "  last: " + grade.student() + " ch" + grade.chapter() + " " + grade.points() + "/"
                + grade.maximum() + (grade.status() == ChapterGrade.Status.GRADED ? "" : " (" + grade.status().label() + ")");
        if (terminal) {
            out.print("\r\033[K" + line);
            if (done == total) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** "[grade-class] 12/30 graded (4 reused), 0.52/s, about 35 s left". */
    synchronized String line() {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        double rate = gradedNow / seconds;
        int left = total - done;
        String eta = rate > 0 ? "about " + format(Duration.ofSeconds(Math.round(left / rate))) + " left" : "";
        return String.format(Locale.ROOT, "[grade-class] %d/%d graded%s, %.2f/s%s", done, total,
                reused > 0 ? " (" + reused + " reused)" : "", rate, eta.isEmpty() || left == 0 ? "" : ", " + eta);
    }

    synchronized Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    synchronized int gradedNow() {
        return gradedNow;
    }

    synchronized int reusedCount() {
        return reused;
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
