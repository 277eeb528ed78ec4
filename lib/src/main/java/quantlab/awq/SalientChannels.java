package quantlab.awq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which input channels the paper's motivating experiment keeps in full precision: the top ones by a score
 * (activation magnitude, or weight magnitude), or a random draw, as many as a fraction of the width.
 */
public final class SalientChannels {

    /** How the protected channels are chosen. */
    public enum Choice {
        /** Largest mean |activation| on the calibration text: AWQ's choice. */
        ACTIVATION,
        /** Largest mean |weight| in the column: the obvious guess, which the paper shows is wrong. */
        WEIGHT,
        /** A seeded random draw, the control. */
        RANDOM
    }

    private SalientChannels() {
    }

    /** Channels to keep for a fraction of the width: {@code round(fraction * width)}, at least 1. */
    public static int count(int width, double fraction) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        return (int) Math.max(1, Math.round(fraction * width));
    }

    /** The {@code count} channels with the largest scores, largest first (ties: lower index first). */
    public static int[] top(float[] scores, int count) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("scores must hold one value per channel, got "
                    + (scores == null ? "null" : "none"));
        }
        if (count < 1 || count > scores.length) {
            throw new IllegalArgumentException("count must be in [1, " + scores.length + "], got " + count);
        }
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores must not hold NaN, got NaN at channel " + i);
            }
        }
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    /** {@code count} distinct channels of {@code width}, drawn with a fixed seed, in increasing order. */
    public static int[] random(int width, int count, long seed) {
        if (count < 1 || count > width) {
            throw new IllegalArgumentException("count must be in [1, " + width + "], got " + count);
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        int[] out = all.subList(0, count).stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
