/**
 * Training, one skeleton for every model kind: {@link dev.rnn4j.train.TrainingLoop} runs a
 * {@link dev.rnn4j.train.TrainingTask} (a model kind's batches, loss and gradients, validation and
 * checkpoint contents) through the one {@link dev.rnn4j.train.UpdateStep} (non-finite guard, clipping,
 * optimizer) until its {@link dev.rnn4j.train.StopLimits}, tells {@link dev.rnn4j.train.TrainingListener}s
 * (progress, samples, the one {@link dev.rnn4j.train.CheckpointWriter} keeping {@code last} and
 * {@code best}) and snapshots its own part of a run as a {@link dev.rnn4j.train.TrainingState}.
 *
 * <p>The character model: {@link dev.rnn4j.train.Trainer} (truncated BPTT over B streams,
 * data-parallel replicas), {@link dev.rnn4j.train.TrainingConfig}, {@link dev.rnn4j.train.Evaluator}
 * (nats and bits per character) and {@link dev.rnn4j.train.Checkpoint} (everything needed to resume
 * exactly, in one safetensors file of format 1.0, whose metadata keys {@link dev.rnn4j.train.CheckpointSchema}
 * lists and whose tensor names {@link dev.rnn4j.train.CheckpointTensors} decides). Other model kinds
 * (rnn4j-caption) implement the task in their own module.
 */
package dev.rnn4j.train;
