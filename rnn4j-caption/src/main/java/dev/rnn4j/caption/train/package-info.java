/**
 * Training a {@link dev.rnn4j.caption.model.CaptionModel}: shuffled batches of whole captions, the core's
 * optimizers and clipping, validation perplexity and a pluggable validation score (BLEU) each epoch,
 * best and last checkpoints in safetensors, and exact resumption. The library never prints: progress
 * reaches listeners. Depends on {@code dev.rnn4j.caption.model}, {@code optim}, {@code io} and below.
 */
package dev.rnn4j.caption.train;
