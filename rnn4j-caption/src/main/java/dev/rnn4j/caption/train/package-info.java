/**
 * Training a {@link dev.rnn4j.caption.model.CaptionModel}: a {@code CaptionTask} (shuffled batches of
 * whole captions, validation perplexity and a pluggable validation score such as BLEU after each epoch)
 * run by the core's one training loop ({@link dev.rnn4j.train.TrainingLoop}: guard, clipping, optimizer,
 * listeners, best and last checkpoints), its checkpoint format ({@link
 * dev.rnn4j.caption.train.CaptionCheckpoint}) and exact resumption. Depends on
 * {@code dev.rnn4j.caption.model}, the core's {@code train}, {@code optim}, {@code io} and below.
 */
package dev.rnn4j.caption.train;
