/**
 * Layers with forward and backward over a whole window side by side: the recurrent cells
 * ({@link dev.rnn4j.nn.VanillaRnn}, LSTM, GRU, MUT1-3, all extending {@link dev.rnn4j.nn.RecurrentLayer},
 * whose input projection is an {@code InputProjection} and which all answer
 * {@link dev.rnn4j.nn.CellInspection} for inspection tools), {@link dev.rnn4j.nn.Embedding},
 * {@link dev.rnn4j.nn.Linear}, {@link dev.rnn4j.nn.Dropout} and {@link dev.rnn4j.nn.SoftmaxCrossEntropy};
 * and the flat parameter arena {@link dev.rnn4j.nn.Parameters}. Depends only on {@code dev.rnn4j.tensor}.
 */
package dev.rnn4j.nn;
