/**
 * The captioning model: image features and word ids in, next-word logits out. {@link
 * dev.rnn4j.caption.model.CaptionModel} (embedding, the core's recurrent cells, an image projection
 * injected at every step or as the first input, a decoder), its batches of padded captions, a
 * step-by-step {@link dev.rnn4j.caption.model.CaptionStepper} (the core's {@code decode.Stepper}, which
 * {@code decode.SequenceDecoder} writes captions through), and perplexity. Works on primitive arrays (word
 * ids, feature vectors); turning text and images into them is the data package's job. Depends on
 * {@code dev.rnn4j.model}, {@code nn}, {@code tensor} and {@code decode}.
 */
package dev.rnn4j.caption.model;
