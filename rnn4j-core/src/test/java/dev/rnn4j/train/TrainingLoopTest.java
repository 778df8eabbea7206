package dev.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.optim.OptimizerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The loop on its own, with the smallest task a model kind could be: one weight w, loss (w - 3)^2, four
 * batches an epoch, validations scripted by the test. What a classifier or tagger will rely on: when it
 * validates, how it picks the best, what it refuses, and what it snapshots.
 */
class TrainingLoopTest {
  /** One weight; validation values come from {@code losses} and {@code scores} in turn (NaN: none). */
  static final class Quadratic implements TrainingTask {
    final Parameters params = new Parameters();
    final Param w = params.add("w", 1, 1);
    final double[] losses;
    final double[] scores;
    int batches;
    int validations;
    double lossOverride = Double.NaN;
    int releases;

    Quadratic(double[] losses, double[] scores) {
      params.allocate();
      this.losses = losses;
      this.scores = scores;
    }

    @Override
    public Parameters parameters() {
      return params;
    }

    @Override
    public int epoch() {
      return batches / 4;
    }

    @Override
    public long completedEpochs() {
      return batches / 4;
    }

    @Override
    public double epochsDone() {
      return batches / 4.0;
    }

    @Override
    public long batchesPerEpoch() {
      return 4;
    }

    @Override
    public double trainBatch() {
      batches++;
      float d = w.value().get(0) - 3f;
      w.grad().set(0, 2 * d);
      return Double.isNaN(lossOverride) ? d * d : lossOverride;
    }

    @Override
    public int lastBatchTokens() {
      return 1;
    }

    @Override
    public boolean validationDue(long iteration) {
      return iteration % 4 == 0;
    }

    @Override
    public Validation validate() {
      int i = validations++;
      double l = losses[i % losses.length];
      double s = scores[i % scores.length];
      return new Validation(Double.isNaN(l) ? OptionalDouble.empty() : OptionalDouble.of(l),
          Double.isNaN(s) ? OptionalDouble.empty() : OptionalDouble.of(s));
    }

    @Override
    public boolean unmeasuredIsBest() {
      return false;
    }

    @Override
    public double[] historyRow(long iteration, double trainLoss, double smoothLoss, Validation v) {
      return new double[] {iteration, v.lossOrNaN(), v.scoreOrNaN()};
    }

    @Override
    public double initialLoss() {
      return 9;
    }

    @Override
    public void writeCheckpoint(Path file, TrainingState state, Optimizer optimizer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release() {
      releases++;
    }
  }

  static TrainingLoop loop(Quadratic task, long iterations) {
    return new TrainingLoop(task, new UpdateStep(OptimizerKind.SGD, 1, 0f, 0f), LearningRateSchedule.constant(0.1f),
        new StopLimits(iterations, 0, 0));
  }

  static List<ValidationReport> reports(TrainingLoop loop) {
    List<ValidationReport> out = new ArrayList<>();
    loop.addListener(new TrainingListener() {
      @Override
      public void onValidation(TrainingLoop l, ValidationReport r) {
        out.add(r);
      }
    });
    return out;
  }

  @Test
  void validatesWhenTheTaskAsksAndOnceMoreAtTheEnd() {
    Quadratic task = new Quadratic(new double[] {2, 1, 3}, new double[] {Double.NaN});
    TrainingLoop loop = loop(task, 10);
    List<ValidationReport> r = reports(loop);
    assertEquals(StopReason.ITERATIONS, loop.run());
    assertEquals(List.of(4L, 8L, 10L), r.stream().map(ValidationReport::iteration).toList());
    assertEquals(List.of(true, true, false), r.stream().map(ValidationReport::improved).toList(), "lowest loss");
    assertEquals(1, loop.best(), 0);
    assertEquals(3, loop.history().size());
    // each SGD step at rate 0.1 keeps 0.8 of the distance to 3
    assertEquals(3 - 3 * Math.pow(0.8, 10), task.w.value().get(0), 1e-5, "gradient descent on (w - 3)^2");
  }

  @Test
  void aScorePicksTheBestByItsHighestValue() {
    Quadratic task = new Quadratic(new double[] {2, 1, 3}, new double[] {0.2, 0.1, 0.5});
    TrainingLoop loop = loop(task, 12);
    List<ValidationReport> r = reports(loop);
    loop.run();
    assertEquals(List.of(true, false, true), r.stream().map(ValidationReport::improved).toList());
    assertEquals(0.5, loop.best(), 0);
  }

  @Test
  void nothingMeasuredIsBestOnlyWhenTheTaskSaysSo() {
    Quadratic task = new Quadratic(new double[] {Double.NaN}, new double[] {Double.NaN});
    TrainingLoop loop = loop(task, 4);
    List<ValidationReport> r = reports(loop);
    loop.run();
    assertEquals(List.of(false), r.stream().map(ValidationReport::improved).toList());
    assertTrue(Double.isNaN(loop.best()));
  }

  @Test
  void aNonFiniteLossStopsBeforeTheUpdate() {
    Quadratic task = new Quadratic(new double[] {1}, new double[] {Double.NaN});
    task.lossOverride = Double.POSITIVE_INFINITY;
    TrainingLoop loop = loop(task, 4);
    NonFiniteException e = assertThrows(NonFiniteException.class, loop::run);
    assertEquals(1, e.iteration());
    assertEquals(0f, task.w.value().get(0), 0f, "not updated");
    assertEquals(0, loop.iteration());
  }

  @Test
  void aNonFiniteValidationIsRefusedBeforeTheListenersHearOfIt() {
    Quadratic task = new Quadratic(new double[] {1}, new double[] {Double.POSITIVE_INFINITY});
    TrainingLoop loop = loop(task, 8);
    List<ValidationReport> r = reports(loop);
    NonFiniteException e = assertThrows(NonFiniteException.class, loop::run);
    assertTrue(e.getMessage().contains("validation score") && e.getMessage().contains("before saving"),
        e.getMessage());
    assertEquals(List.of(), r);
  }

  @Test
  void itsStateRoundTripsThroughASnapshot() {
    Quadratic task = new Quadratic(new double[] {2, 1}, new double[] {Double.NaN});
    TrainingLoop first = loop(task, 8);
    first.run();
    TrainingState s = first.state();
    assertEquals(8, s.iteration());
    assertEquals(8, s.optimizerSteps());
    TrainingLoop second = loop(new Quadratic(new double[] {2, 1}, new double[] {Double.NaN}), 8);
    second.restore(s);
    assertEquals(s.iteration(), second.iteration());
    assertEquals(s.best(), second.best(), 0);
    assertEquals(s.smoothLoss(), second.smoothLoss(), 0);
    assertArrayEquals(s.history().get(1), second.history().get(1), 0);
    assertEquals(StopReason.ITERATIONS, second.run(), "already at its limit");
    assertEquals(8, second.iteration());
  }

  @Test
  void theTaskIsReleasedWhenARunEndsOrThrows() {
    Quadratic task = new Quadratic(new double[] {1}, new double[] {Double.NaN});
    loop(task, 8).run();
    assertEquals(1, task.releases, "after a normal end");
    Quadratic failing = new Quadratic(new double[] {1}, new double[] {Double.NaN});
    failing.lossOverride = Double.POSITIVE_INFINITY;
    assertThrows(NonFiniteException.class, loop(failing, 8)::run);
    assertEquals(1, failing.releases, "after a non-finite loss stopped it");
  }
}
