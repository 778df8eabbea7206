/**
 * Data for sequence models, read strictly (UTF-8, every fault a {@link dev.rnn4j.seq.data.DataFileException}
 * naming file and line): labelled texts for classification ({@link dev.rnn4j.seq.data.ClassificationData}:
 * TSV, fastText or one folder per class), tagged sentences for tagging ({@link dev.rnn4j.seq.data.ConllU},
 * which also writes predictions; {@link dev.rnn4j.seq.data.TokenizedText} for plain input), and stratified
 * cross-validation {@link dev.rnn4j.seq.data.Folds}. Knows nothing of models; imports only core's
 * {@code tensor.Rng}.
 */
package dev.rnn4j.seq.data;
