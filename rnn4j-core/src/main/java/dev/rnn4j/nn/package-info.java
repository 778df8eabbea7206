/**
 * Layers with forward and backward over a whole window side by side: the recurrent cells
 * ({@link dev.rnn4j.nn.VanillaRnn}, LSTM, GRU, MUT1-3, all extending {@link dev.rnn4j.nn.RecurrentLayer},
 * whose input projection is an {@code InputProjection} and which all answer
 * {@link dev.rnn4j.nn.CellInspection} for inspection tools), {@link dev.rnn4j.nn.Embedding},
 * {@link dev.rnn4j.nn.Linear}, {@link dev.rnn4j.nn.Dropout}, {@link dev.rnn4j.nn.SoftmaxCrossEntropy} and
 * {@link dev.rnn4j.nn.SequencePooling} (last, mean, max over the real steps of padded sequences); the flat
 * parameter arena {@link dev.rnn4j.nn.Parameters} (with renamed views); and how fresh parameters are drawn
 * ({@link dev.rnn4j.nn.Initialization}: Glorot/orthogonal, PyTorch's, char-rnn's, min-char-rnn's). Depends
 * only on {@code dev.rnn4j.tensor} (and EJML's QR for orthogonal draws).
 */
package dev.rnn4j.nn;
