package dev.rnn4j.train;

import java.util.List;

/**
 * The loop's part of a run, as a checkpoint stores it and a resumed run takes it back. What a model kind
 * adds (its data position, generators, carried state) is its own; the optimizer's moments travel with
 * {@link TrainingLoop#optimizer()}.
 *
 * @param iteration      updates done in all
 * @param smoothLoss     exponential average of the training loss
 * @param best           the best validation value so far (by {@link Validation}'s rule), NaN when none
 * @param optimizerSteps updates the optimizer has made (bias correction of Adam)
 * @param history        one row per validation, as the task's {@link TrainingTask#historyRow} made it
 */
public record TrainingState(long iteration, double smoothLoss, double best, long optimizerSteps,
                            List<double[]> history) {
  public TrainingState {
    if (iteration < 0 || optimizerSteps < 0) {
      throw new IllegalArgumentException("iteration and optimizer steps must be >= 0");
    }
    history = List.copyOf(history);
  }
}
