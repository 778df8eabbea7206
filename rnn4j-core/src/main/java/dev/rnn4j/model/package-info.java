/**
 * Models built from the layers of {@code dev.rnn4j.nn}: {@link dev.rnn4j.model.RecurrentStack} (recurrent
 * layers with dropout, then the decoder: the part every model kind shares), {@link
 * dev.rnn4j.model.ModelConfig} (the shape, stored in every checkpoint) and {@link
 * dev.rnn4j.model.LanguageModel} (embedding or one-hot input, the stack, fused softmax cross-entropy) and
 * {@link dev.rnn4j.model.SequenceEncoder} (stacked, optionally bidirectional layers over right-padded
 * sequences of different lengths, for classification and tagging).
 */
package dev.rnn4j.model;
