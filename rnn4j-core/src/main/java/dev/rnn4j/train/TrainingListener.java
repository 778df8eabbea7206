package dev.rnn4j.train;

/**
 * Receives what a training run does. The library never prints: progress lines, samples and
 * checkpoints are listeners, and the command line renders them. A listener that needs more of its model
 * kind than the loop tells (a sample, the config) holds that model kind's trainer itself.
 */
public interface TrainingListener {
  default void onStart(TrainingLoop loop) {}

  default void onIteration(TrainingLoop loop, IterationReport report) {}

  default void onValidation(TrainingLoop loop, ValidationReport report) {}

  /** Called after a normal stop (not after a failure). */
  default void onEnd(TrainingLoop loop, StopReason reason) {}
}
