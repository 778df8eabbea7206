/**
 * Models built from the layers of {@code dev.rnn4j.nn}: {@link dev.rnn4j.model.ModelConfig} (the shape, stored
 * in every checkpoint) and {@link dev.rnn4j.model.LanguageModel} (embedding, stacked recurrent layers,
 * decoder, fused softmax cross-entropy).
 */
package dev.rnn4j.model;
