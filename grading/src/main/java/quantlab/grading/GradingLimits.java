package quantlab.grading;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one chapter's tests run under: a wall-clock limit for the whole child JVM, a limit per test
 * method ({@link Duration#ZERO} for none) so that one endless loop does not cost the other tests, and a heap size.
 */
public record GradingLimits(Duration chapterTimeout, Duration testTimeout, int maxHeapMb) {

    /** 60 s per chapter, 10 s per test, 1 GiB of heap. */
    public static final GradingLimits DEFAULT = new GradingLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), 1024);

    public GradingLimits {
        Objects.requireNonNull(chapterTimeout, "chapterTimeout");
        Objects.requireNonNull(testTimeout, "testTimeout");
        if (chapterTimeout.isNegative() || chapterTimeout.isZero()) {
            throw new IllegalArgumentException("chapterTimeout must be positive, was " + chapterTimeout);
        }
        if (testTimeout.isNegative()) {
            throw new IllegalArgumentException("testTimeout must not be negative, was " + testTimeout);
        }
        if (maxHeapMb < 16) {
            throw new IllegalArgumentException("maxHeapMb must be at least 16, was " + maxHeapMb);
        }
    }

    /** These limits with another chapter timeout. */
    public GradingLimits withChapterTimeout(Duration timeout) {
        return new GradingLimits(timeout, testTimeout, maxHeapMb);
    }

    /** These limits with another per-test timeout; {@link Duration#ZERO} turns it off. */
    public GradingLimits withTestTimeout(Duration timeout) {
        return new GradingLimits(chapterTimeout, timeout, maxHeapMb);
    }

    /** These limits with another heap size for the child JVM. */
    public GradingLimits withMaxHeapMb(int megabytes) {
        return new GradingLimits(chapterTimeout, testTimeout, megabytes);
    }
}
