package quantlab.grading;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fake course under src/test/resources/fixture-course (see its README for what each chapter holds). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixture-course/pom.xml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture course; its chapters are numbered up to 99. */
    public static Course course() {
        return new Course(root(), 99);
    }

    static Grader grader(GradingLimits limits) {
        return new Grader(course(), limits);
    }

    static Grader grader() {
        return grader(GradingLimits.DEFAULT);
    }

    public static Path students(String name) {
        return root().resolve("students").resolve(name);
    }
}
