package dev.rnn4j.train;

/**
 * When a run stops, and how much of its budget it has used.
 *
 * @param maxIterations stop after this many updates in all (0 = no limit)
 * @param maxEpochs     stop after this many epochs in all (0 = no limit)
 * @param maxSeconds    stop after this much wall time in this run (0 = no limit)
 */
public record StopLimits(long maxIterations, int maxEpochs, double maxSeconds) {
  public StopLimits {
    if (maxIterations < 0 || maxEpochs < 0 || !(maxSeconds >= 0)) {
      throw new IllegalArgumentException("iteration, epoch and time limits must be >= 0");
    }
  }

  /** Which limit is reached, or null to go on. */
  StopReason reached(long iteration, long completedEpochs, double elapsedSeconds) {
    if (maxIterations > 0 && iteration >= maxIterations) {
      return StopReason.ITERATIONS;
    }
    if (maxEpochs > 0 && completedEpochs >= maxEpochs) {
      return StopReason.EPOCHS;
    }
    if (maxSeconds > 0 && elapsedSeconds >= maxSeconds) {
      return StopReason.TIME;
    }
    return null;
  }

  /**
   * The fraction of the budget used: the largest of iterations, epochs and wall time against their limits
   * (whichever will stop the run first); 0 without a limit. Wall time counts this run only, so a resumed
   * {@code --time} run anneals again over its own time; iterations and epochs count in all, so a resumed
   * run with those limits continues the schedule exactly.
   */
  double fractionUsed(long iteration, double epochsDone, double elapsedSeconds) {
    double used = 0;
    if (maxIterations > 0) {
      used = Math.max(used, iteration / (double) maxIterations);
    }
    if (maxEpochs > 0) {
      used = Math.max(used, epochsDone / maxEpochs);
    }
    if (maxSeconds > 0) {
      used = Math.max(used, elapsedSeconds / maxSeconds);
    }
    return used;
  }

  /**
   * Seconds to the nearest limit at the pace so far ({@code secondsPerIteration}), NaN without a limit.
   */
  double remainingSeconds(long iteration, double epochsDone, long batchesPerEpoch, double elapsedSeconds,
                          double secondsPerIteration) {
    double left = Double.NaN;
    if (maxIterations > 0) {
      left = (maxIterations - iteration) * secondsPerIteration;
    }
    if (maxEpochs > 0) {
      double e = (maxEpochs - epochsDone) * batchesPerEpoch * secondsPerIteration;
      left = Double.isNaN(left) ? e : Math.min(left, e);
    }
    if (maxSeconds > 0) {
      double s = maxSeconds - elapsedSeconds;
      left = Double.isNaN(left) ? s : Math.min(left, s);
    }
    return Double.isNaN(left) ? left : Math.max(0, left);
  }
}
