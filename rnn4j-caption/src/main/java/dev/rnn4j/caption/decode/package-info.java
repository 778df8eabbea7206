/**
 * Writing captions with a trained {@link dev.rnn4j.caption.model.CaptionModel}: greedy decoding, beam
 * search and temperature sampling, one image at a time, through
 * {@link dev.rnn4j.caption.model.CaptionStepper}. Depends on {@code dev.rnn4j.caption.model} and the core.
 */
package dev.rnn4j.caption.decode;
