/**
 * Training: {@link dev.rnn4j.train.Trainer} (truncated BPTT over B streams, clipping, non-finite guard),
 * {@link dev.rnn4j.train.TrainingConfig}, listeners that carry progress, validation and checkpoints to
 * whoever renders them, {@link dev.rnn4j.train.Evaluator} (nats and bits per character) and
 * {@link dev.rnn4j.train.Checkpoint} (everything needed to resume exactly, in one safetensors file of
 * format 1.0, whose metadata keys {@link dev.rnn4j.train.CheckpointSchema} lists and whose tensor names
 * {@link dev.rnn4j.train.CheckpointTensors} decides).
 */
package dev.rnn4j.train;
