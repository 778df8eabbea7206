/**
 * Scoring sequence models: a {@link dev.rnn4j.seq.eval.ConfusionMatrix} (accuracy, per-class precision,
 * recall, F1, macro-F1, printable tables) and the {@link dev.rnn4j.seq.eval.BagOfWordsBaseline} a classifier
 * must beat. Depends on {@code seq.data} and core's {@code text}; never on models.
 */
package dev.rnn4j.seq.eval;
