package dev.rnn4j.caption.train;

/** Receives what a captioning run does; the command line renders it. */
public interface CaptionTrainingListener {
  default void onStart(CaptionTrainer trainer) {}

  /**
   * One update.
   *
   * @param iteration updates done in all
   * @param epochsDone epochs done, as a fraction
   * @param loss      this batch's mean cross-entropy per predicted token, nats
   * @param gradNorm  global gradient norm before clipping
   * @param elapsedSeconds wall time of this run so far
   */
  default void onIteration(CaptionTrainer trainer, long iteration, double epochsDone, double loss,
                           double gradNorm, double elapsedSeconds) {}

  default void onValidation(CaptionTrainer trainer, CaptionValidationReport report) {}

  /** After a normal stop (not after a failure). */
  default void onEnd(CaptionTrainer trainer) {}
}
