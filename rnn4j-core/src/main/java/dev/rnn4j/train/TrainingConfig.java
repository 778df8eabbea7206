package dev.rnn4j.train;

import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;

/**
 * How to train: streams, window, optimizer, clipping, validation, stopping and sampling. Immutable,
 * stored in every checkpoint and printed at the start of a run.
 *
 * @param batch          parallel streams B
 * @param steps          window length T (truncated BPTT; state carried from window to window)
 * @param optimizer      update rule
 * @param learningRate   base rate and decay schedule
 * @param clipValue      element-wise gradient clip to [-v, v]; 0 = off (min-char-rnn uses 5)
 * @param clipNorm       global-norm gradient clip; 0 = off
 * @param sumOverTime    loss summed over the window's steps (min-char-rnn) rather than averaged over
 *                       steps; always averaged over streams
 * @param valFraction    last part of the text held out for validation
 * @param evalEvery      iterations between validations (and checkpoints)
 * @param maxIterations  stop after this many iterations in all (0 = no limit)
 * @param maxEpochs      stop after this many epochs (0 = no limit)
 * @param maxSeconds     stop after this much wall time in this run (0 = no limit)
 * @param seed           seeds initialisation, dropout and samples
 * @param sampleEvery    iterations between progress samples (0 = never)
 * @param sampleLength   characters per progress sample
 * @param evalChars      characters of the validation split scored at each periodic validation (a fixed
 *                       sample: the split's first {@code evalChars}); 0 = the whole split. The last
 *                       validation of a run always scores the whole split.
 */
public record TrainingConfig(int batch, int steps, OptimizerKind optimizer, LearningRateSchedule learningRate,
                             float clipValue, float clipNorm, boolean sumOverTime, double valFraction,
                             int evalEvery, long maxIterations, int maxEpochs, double maxSeconds, long seed,
                             int sampleEvery, int sampleLength, int evalChars) {
  /** A config that validates on the whole split every time. */
  public TrainingConfig(int batch, int steps, OptimizerKind optimizer, LearningRateSchedule learningRate,
                        float clipValue, float clipNorm, boolean sumOverTime, double valFraction, int evalEvery,
                        long maxIterations, int maxEpochs, double maxSeconds, long seed, int sampleEvery,
                        int sampleLength) {
    this(batch, steps, optimizer, learningRate, clipValue, clipNorm, sumOverTime, valFraction, evalEvery,
        maxIterations, maxEpochs, maxSeconds, seed, sampleEvery, sampleLength, 0);
  }

  public TrainingConfig {
    if (evalChars < 0) {
      throw new IllegalArgumentException("eval-chars must be >= 0 (0 = the whole split), got " + evalChars);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("window (seq length) must be >= 1, got " + steps);
    }
    if (optimizer == null || learningRate == null) {
      throw new IllegalArgumentException("optimizer and learning rate are required");
    }
    if (clipValue < 0 || clipNorm < 0 || Float.isNaN(clipValue) || Float.isNaN(clipNorm)) {
      throw new IllegalArgumentException("clip values must be >= 0 (0 = off)");
    }
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + valFraction);
    }
    if (evalEvery < 1) {
      throw new IllegalArgumentException("eval-every must be >= 1, got " + evalEvery);
    }
    if (maxIterations < 0 || maxEpochs < 0 || !(maxSeconds >= 0)) {
      throw new IllegalArgumentException("iteration, epoch and time limits must be >= 0");
    }
    if (sampleEvery < 0 || sampleLength < 0) {
      throw new IllegalArgumentException("sample-every and sample-length must be >= 0");
    }
  }

  /**
   * rnn4j's defaults: batch 50, window 50, Adam 2e-3 warmed up over 100 iterations and annealed by a cosine
   * to a tenth of it at the end of the run's budget, element-wise clip 5, 10% validation every 200
   * iterations on its first 40,000 characters (the whole split at the end).
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig(50, 50, OptimizerKind.ADAM, LearningRateSchedule.cosine(2e-3f, 100, 0.1f), 5f, 0f,
        false, 0.1, 200, 0, 0, 0, 42, 500, 200, 40_000);
  }

  /** char-rnn's training: batch 50, window 50, constant Adam 2e-3, clip 5, 10% validated whole every 200. */
  public static TrainingConfig charRnn() {
    return new TrainingConfig(50, 50, OptimizerKind.ADAM, LearningRateSchedule.constant(2e-3f), 5f, 0f, false,
        0.1, 200, 0, 0, 0, 42, 500, 200);
  }

  /**
   * min-char-rnn: one stream, windows of 25, Adagrad 0.1, element-wise clip 5, loss summed over the
   * window, a 200-character sample every 100 iterations. No validation split (it trains on the whole
   * text); validation fraction can still be set.
   */
  public static TrainingConfig minCharRnn() {
    return new TrainingConfig(1, 25, OptimizerKind.ADAGRAD, LearningRateSchedule.constant(0.1f), 5f, 0f, true,
        0.0, 1000, 0, 0, 0, 42, 100, 200);
  }

  /** The same config with other stop limits (0 = no limit). */
  public TrainingConfig withLimits(long iterations, int epochs, double seconds) {
    return new TrainingConfig(batch, steps, optimizer, learningRate, clipValue, clipNorm, sumOverTime, valFraction,
        evalEvery, iterations, epochs, seconds, seed, sampleEvery, sampleLength, evalChars);
  }

  /** The same config with B streams and windows of T steps. */
  public TrainingConfig withWindow(int batch, int steps) {
    return new TrainingConfig(batch, steps, optimizer, learningRate, clipValue, clipNorm, sumOverTime, valFraction,
        evalEvery, maxIterations, maxEpochs, maxSeconds, seed, sampleEvery, sampleLength, evalChars);
  }

  /** The same config with another optimizer and constant learning rate. */
  public TrainingConfig withOptimizer(OptimizerKind kind, float learningRate) {
    return new TrainingConfig(batch, steps, kind, LearningRateSchedule.constant(learningRate), clipValue, clipNorm,
        sumOverTime, valFraction, evalEvery, maxIterations, maxEpochs, maxSeconds, seed, sampleEvery, sampleLength,
        evalChars);
  }

  /** The same config with another learning-rate schedule. */
  public TrainingConfig withSchedule(LearningRateSchedule schedule) {
    return new TrainingConfig(batch, steps, optimizer, schedule, clipValue, clipNorm, sumOverTime, valFraction,
        evalEvery, maxIterations, maxEpochs, maxSeconds, seed, sampleEvery, sampleLength, evalChars);
  }
}
