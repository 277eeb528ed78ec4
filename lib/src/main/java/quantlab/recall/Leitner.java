package quantlab.recall;

import java.time.LocalDate;

/**
 * The schedule: five Leitner boxes. A new card starts outside the boxes and is due at once. Knowing a card moves it
 * one box up (at most box 5), missing it sends it back to box 1; the next review is due after the box's interval,
 * 1, 2, 4, 8 or 16 days. A card in box 5 that is known again stays there, reviewed every 16 days.
 */
public final class Leitner {

    /** The highest box. */
    public static final int BOXES = 5;

    private static final int[] INTERVAL_DAYS = {1, 2, 4, 8, 16};

    private Leitner() {
    }

    /** Days until the next review of a card just placed in {@code box}. */
    public static int intervalDays(int box) {
        if (box < 1 || box > BOXES) {
            throw new IllegalArgumentException("box must be 1 to " + BOXES + ", got " + box);
        }
        return INTERVAL_DAYS[box - 1];
    }

    /** The state of a card after a review on {@code today}; {@code knew} is the student's own grade. */
    public static CardState review(CardState before, boolean knew, LocalDate today) {
        int box = knew ? Math.min(BOXES, before.box() + 1) : 1;
        return new CardState(before.id(), box, today.plusDays(intervalDays(box)), before.reviews() + 1,
                before.lapses() + (knew ? 0 : 1));
    }
}
