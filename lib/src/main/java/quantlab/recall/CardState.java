package quantlab.recall;

import java.time.LocalDate;

/**
 * Where one card stands for one student: its Leitner box (0 = never reviewed), the day it is next due, and how
 * often it was reviewed and missed.
 */
public record CardState(String id, int box, LocalDate due, int reviews, int lapses) {

    public CardState {
        if (id == null || id.isBlank() || id.contains("\t")) {
            throw new IllegalArgumentException("id must be a card id such as ch05.3, got '" + id + "'");
        }
        if (box < 0 || box > Leitner.BOXES) {
            throw new IllegalArgumentException("box must be 0 to " + Leitner.BOXES + ", got " + box);
        }
        if (due == null) {
            throw new IllegalArgumentException("due must be a date, got null");
        }
        if (reviews < 0 || lapses < 0 || lapses > reviews) {
            throw new IllegalArgumentException("reviews and lapses must satisfy 0 <= lapses <= reviews, got reviews="
                    + reviews + ", lapses=" + lapses);
        }
    }

    /** A card never reviewed: box 0, due {@code today}. */
    public static CardState fresh(String id, LocalDate today) {
        return new CardState(id, 0, today, 0, 0);
    }

    /** Whether the card is due on {@code today} (new cards always are). */
    public boolean isDue(LocalDate today) {
        return !due.isAfter(today);
    }
}
