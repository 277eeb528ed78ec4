package quantlab.grading.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;

/** The failure messages students read. */
class GradingRunnerTest {

    @Test
    void exceptionsShowTheirTypeAssertionsOnlyTheirMessage() {
        assertEquals("UnsupportedOperationException: TODO add",
                GradingRunner.describe(new UnsupportedOperationException("TODO add")));
        assertEquals("NullPointerException", GradingRunner.describe(new NullPointerException()));
        assertEquals("expected: <5> but was: <-1>",
                GradingRunner.describe(new AssertionFailedError("expected: <5> but was: <-1>")));
        assertEquals("assertion failed", GradingRunner.describe(new AssertionError()));
    }

    @Test
    void assertAllShowsTheCountAndTheFirstFailure() {
        MultipleFailuresError all = new MultipleFailuresError("heading",
                List.of(new UnsupportedOperationException("TODO a"), new AssertionError("later")));
        assertEquals("2 checks failed; the first: UnsupportedOperationException: TODO a", GradingRunner.describe(all));
    }

    @Test
    void assertThrowsShowsTheUnexpectedException() {
        AssertionFailedError wrongType = new AssertionFailedError("Unexpected exception type thrown",
                new UnsupportedOperationException("TODO b"));
        assertEquals("Unexpected exception type thrown (caused by UnsupportedOperationException: TODO b)",
                GradingRunner.describe(wrongType));
    }
}
