/**
 * Self-study that remembers: the chapters' recall prompts as cards with model answers ({@link quantlab.recall.Deck}),
 * a Leitner schedule ({@link quantlab.recall.Leitner}), the student's progress in a small state file
 * ({@link quantlab.recall.StateFile}), an Anki export ({@link quantlab.recall.AnkiExport}) and the terminal review
 * behind {@code bin/recall} ({@link quantlab.recall.RecallCommand}).
 */
package quantlab.recall;
