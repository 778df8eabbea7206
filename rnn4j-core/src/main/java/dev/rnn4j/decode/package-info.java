/**
 * Writing sequences with a trained model, one input at a time: greedy decoding, beam search (optionally
 * length-normalised) and temperature sampling by {@link dev.rnn4j.decode.SequenceDecoder} over any
 * {@link dev.rnn4j.decode.Stepper}. It lives in the core because every sequence-producing model kind (the
 * captioner, the translator) decodes the same way and should share one implementation. Imports only
 * {@code tensor} and {@code text} (the {@link dev.rnn4j.text.WordVocabulary} token ids).
 */
package dev.rnn4j.decode;
