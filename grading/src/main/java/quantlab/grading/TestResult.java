package quantlab.grading;

import java.util.Objects;

/**
 * How one graded test method did: its name ({@code ArithTest.add}), display name, the points it earned out of
 * its maximum, whether it passed, and why not (empty when it passed).
 */
public record TestResult(String name, String displayName, int pointsEarned, int maxPoints, boolean passed,
                         String message) {

    public TestResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(message, "message");
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints of " + name + " must be positive (@Points), was " + maxPoints);
        }
        if (pointsEarned != (passed ? maxPoints : 0)) {
            throw new IllegalArgumentException("pointsEarned of " + name + " must be " + (passed ? maxPoints : 0)
                    + " when passed is " + passed + ", was " + pointsEarned);
        }
    }

    /** A passed test: full points, no message. */
    public static TestResult passed(String name, String displayName, int maxPoints) {
        return new TestResult(name, displayName, maxPoints, maxPoints, true, "");
    }

    /** A test that did not pass: no points, and the reason. */
    public static TestResult failed(String name, String displayName, int maxPoints, String message) {
        return new TestResult(name, displayName, 0, maxPoints, false, message);
    }
}
