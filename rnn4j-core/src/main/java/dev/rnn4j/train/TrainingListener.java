package dev.rnn4j.train;

/**
 * Receives what a training run does. The library never prints: progress lines, samples and
 * checkpoints are listeners, and the command line renders them.
 */
public interface TrainingListener {
  default void onStart(Trainer trainer) {}

  default void onIteration(Trainer trainer, IterationReport report) {}

  default void onValidation(Trainer trainer, ValidationReport report) {}

  /** Called after a normal stop (not after a failure). */
  default void onEnd(Trainer trainer, StopReason reason) {}
}
