package dev.rnn4j.train;

import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one training loop every model kind runs: until a {@link StopLimits limit} or a stop request, take
 * the task's next batch (forward and backward), then the {@link UpdateStep} (non-finite guard, clipping,
 * optimizer), then the listeners; validate when the task says so and once more when the run stops (unless
 * the last update was just validated), keep the best validation value and the history, and tell the
 * listeners (one of which is the {@link CheckpointWriter}).
 *
 * <p>The learning rate of each update comes from the schedule here, from the epoch of the batch, the
 * update's number and the fraction of the run's budget used (warm-up, anneal to the end of the budget); a
 * validation, its measures and what the checkpoint holds come from the {@link TrainingTask}. Throughput is
 * reported without the time spent validating.
 */
public final class TrainingLoop {
  private final TrainingTask task;
  private final UpdateStep update;
  private final LearningRateSchedule schedule;
  private final StopLimits limits;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private final List<double[]> history = new ArrayList<>();
  private long iteration;
  private long lastValidated;
  private double smoothLoss;
  private double best = Double.NaN;
  private long validationNanos;
  private volatile boolean stopRequested;

  public TrainingLoop(TrainingTask task, UpdateStep update, LearningRateSchedule schedule, StopLimits limits) {
    this.task = task;
    this.update = update;
    this.schedule = schedule;
    this.limits = limits;
    this.smoothLoss = task.initialLoss();
  }

  public void addListener(TrainingListener listener) {
    listeners.add(listener);
  }

  /** Asks the run to stop after the current update (e.g. from a signal handler). */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Trains until a limit is reached or a stop is requested; returns why it stopped. The task's
   * {@link TrainingTask#release()} runs when it returns or throws.
   */
  public StopReason run() {
    CoreSplit cores = CoreSplit.of(task.updateThreads());
    update.shareCores(cores);
    try {
      return runUntilStopped();
    } finally {
      update.shareCores(CoreSplit.single());
      cores.close();
      task.release();
    }
  }

  private StopReason runUntilStopped() {
    for (TrainingListener l : listeners) {
      l.onStart(this);
    }
    task.beforeRun();
    long startIteration = iteration;
    long start = System.nanoTime();
    lastValidated = iteration;
    Matrix values = task.parameters().values();
    Matrix grads = task.parameters().grads();
    long tokens = 0;
    validationNanos = 0;
    double smoothing = task.smoothing();
    StopReason reason;
    while ((reason = stopReason(start)) == null) {
      int epoch = task.epoch();
      double used = limits.fractionUsed(iteration, task.epochsDone(), (System.nanoTime() - start) / 1e9);
      float lr = schedule.rate(epoch, iteration, used);
      task.beforeBatch(lr);
      double loss = task.trainBatch();
      double norm = update.apply(values, grads, loss, lr, iteration + 1);
      iteration++;
      smoothLoss = Double.isNaN(smoothLoss) ? loss : smoothLoss * (1 - smoothing) + loss * smoothing;
      tokens += task.lastBatchTokens();
      double elapsed = (System.nanoTime() - start) / 1e9;
      double perIteration = elapsed / (iteration - startIteration);
      double trainingSeconds = elapsed - validationNanos / 1e9;
      IterationReport report = new IterationReport(iteration, epoch, task.epochsDone(), loss, smoothLoss, lr, norm,
          tokens / trainingSeconds, elapsed, limits.remainingSeconds(iteration, task.epochsDone(),
          task.batchesPerEpoch(), elapsed, perIteration));
      for (TrainingListener l : listeners) {
        l.onIteration(this, report);
      }
      if (task.validationDue(iteration)) {
        validate(loss);
      }
    }
    if (lastValidated != iteration) {
      validate(Double.NaN);
    }
    task.afterRun();
    for (TrainingListener l : listeners) {
      l.onEnd(this, reason);
    }
    return reason;
  }

  private StopReason stopReason(long startNanos) {
    if (stopRequested) {
      return StopReason.REQUESTED;
    }
    return limits.reached(iteration, task.completedEpochs(), (System.nanoTime() - startNanos) / 1e9);
  }

  /** @param trainLoss the loss of the update just done, NaN at the end of a run */
  private void validate(double trainLoss) {
    lastValidated = iteration;
    long t0 = System.nanoTime();
    Validation v = task.validate();
    validationNanos += System.nanoTime() - t0;
    // finite but huge weights can overflow on held-out data: do not checkpoint that model
    if (v.loss().isPresent() && !Double.isFinite(v.loss().getAsDouble())) {
      throw new NonFiniteException("validation loss (" + v.loss().getAsDouble() + ")", iteration, "before saving");
    }
    if (v.score().isPresent() && !Double.isFinite(v.score().getAsDouble())) {
      throw new NonFiniteException("validation score (" + v.score().getAsDouble() + ")", iteration, "before saving");
    }
    boolean improved;
    if (v.measured()) {
      double value = v.selectionValue();
      improved = v.beats(value, best);
      if (improved) {
        best = value;
      }
    } else {
      improved = task.unmeasuredIsBest();
    }
    history.add(task.historyRow(iteration, trainLoss, smoothLoss, v));
    ValidationReport report = new ValidationReport(iteration, task.epochsDone(), v.lossOrNaN(), v.scoreOrNaN(), best,
        improved);
    for (TrainingListener l : listeners) {
      l.onValidation(this, report);
    }
  }

  /** Writes the whole run (the task's part and {@link #state()}) to {@code file}, atomically. */
  public void writeCheckpoint(Path file) throws IOException {
    task.writeCheckpoint(file, state(), update.optimizer());
  }

  /** The loop's part of the run now, for a checkpoint. */
  public TrainingState state() {
    return new TrainingState(iteration, smoothLoss, best, update.optimizer().stepCount(), history);
  }

  /** Continues from a checkpoint's state (the optimizer's moments are put back through {@link #optimizer()}). */
  public void restore(TrainingState state) {
    iteration = state.iteration();
    smoothLoss = state.smoothLoss();
    best = state.best();
    update.optimizer().setStepCount(state.optimizerSteps());
    history.clear();
    history.addAll(state.history());
  }

  /** The optimizer, whose moments a checkpoint writes and reads back. */
  public Optimizer optimizer() {
    return update.optimizer();
  }

  public long iteration() {
    return iteration;
  }

  public double smoothLoss() {
    return smoothLoss;
  }

  /** The best validation value so far (the score when the task has one, else the loss); NaN when none. */
  public double best() {
    return best;
  }

  /** One row per validation, as the task made them. */
  public List<double[]> history() {
    return Collections.unmodifiableList(history);
  }
}
