package dev.rnn4j.train;

import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a model kind supplies to the {@link TrainingLoop}: its batches with their loss and gradients, its
 * validation, and what its checkpoint holds besides the loop's own {@link TrainingState}. The loop owns
 * the rest (limits, non-finite guard, clipping, optimizer step, listeners, when to validate at the end,
 * best/last checkpoints), so a new model kind (classifier, tagger, translator) is one implementation of
 * this interface.
 */
public interface TrainingTask {
  /** The parameters the loop updates: their values, and the gradients {@link #trainBatch()} leaves. */
  Parameters parameters();

  /** Epoch (0-based) the next batch belongs to: the clock of per-epoch learning-rate schedules. */
  int epoch();

  /** Epochs fully done: the clock of the epoch limit. */
  long completedEpochs();

  /** Epochs done as a fraction (1.5 = one and a half). */
  double epochsDone();

  /** Batches in one epoch, for estimates of the time left. */
  long batchesPerEpoch();

  /**
   * Takes the next batch and runs forward and backward over it, leaving in {@link #parameters()}'s
   * gradients (overwritten, not accumulated) those of the batch's mean loss. Returns that mean loss, in
   * nats per predicted token.
   */
  double trainBatch();

  /**
   * The learning rate of the update that follows the next {@link #trainBatch()}: for a task whose workers
   * take local optimizer steps of their own (parameter averaging on a cluster).
   */
  default void beforeBatch(float learningRate) {}

  /** Tokens predicted in the last batch (for throughput). */
  int lastBatchTokens();

  /** Whether to validate after {@code iteration} updates; the loop also validates once when it stops. */
  boolean validationDue(long iteration);

  /** Measures the current model on held-out data. */
  Validation validate();

  /**
   * What happens to a validation that measured nothing (no held-out data and no score): whether the
   * latest model then counts as the best (and is written as {@code best}).
   */
  boolean unmeasuredIsBest();

  /**
   * The row the run's history keeps for one validation (stored in checkpoints as it is).
   *
   * @param trainLoss the loss of the update just done, NaN for the validation at the end of a run
   */
  double[] historyRow(long iteration, double trainLoss, double smoothLoss, Validation validation);

  /** The loss the smoothed loss starts from (e.g. ln V, the loss of a uniform guess); NaN: the first loss. */
  double initialLoss();

  /** Weight of the newest loss in the smoothed loss shown while training (0.05: about the last 20 batches). */
  default double smoothing() {
    return 0.05;
  }

  /**
   * Writes the model, the task's position, the loop's {@code state} and the optimizer's moments to
   * {@code file}, atomically.
   */
  void writeCheckpoint(Path file, TrainingState state, Optimizer optimizer) throws IOException;

  /** Threads the optimizer's update may share (the element-wise update is the same bits on any number). */
  default int updateThreads() {
    return 1;
  }

  /** Called when a run starts (e.g. to set BLAS threads for training). */
  default void beforeRun() {}

  /** Called when a run stops normally. */
  default void afterRun() {}

  /**
   * Called when a run ends, normally or by an exception: stops threads and frees what the run held (a
   * later run may take them again).
   */
  default void release() {}
}
