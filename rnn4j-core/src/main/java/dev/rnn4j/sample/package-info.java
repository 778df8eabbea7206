/**
 * Generating text from a trained model: {@link dev.rnn4j.sample.Sampler} with temperature, top-k, argmax,
 * priming and a seeded generator, streaming each symbol as it is drawn.
 */
package dev.rnn4j.sample;
