package dev.rnn4j.caption.train;

import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;

/**
 * How to train a captioning model; stored in every checkpoint.
 *
 * @param batch          captions per update (the last batch of an epoch may be smaller)
 * @param optimizer      update rule
 * @param learningRate   base rate and per-epoch decay
 * @param clipNorm       global-norm gradient clip; 0 = off
 * @param maxEpochs      stop after this many epochs in all (0 = no limit)
 * @param maxIterations  stop after this many updates in all (0 = no limit)
 * @param maxSeconds     stop after this much wall time in this run (0 = no limit)
 * @param seed           seeds initialisation, shuffling and dropout
 * @param normalizeFeatures standardise image features with the training images' mean and spread
 */
public record CaptionTrainingConfig(int batch, OptimizerKind optimizer, LearningRateSchedule learningRate,
                                    float clipNorm, int maxEpochs, long maxIterations, double maxSeconds,
                                    long seed, boolean normalizeFeatures) {
  public CaptionTrainingConfig {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (optimizer == null || learningRate == null) {
      throw new IllegalArgumentException("optimizer and learning rate are required");
    }
    if (!(clipNorm >= 0f)) {
      throw new IllegalArgumentException("clip norm must be >= 0 (0 = off), got " + clipNorm);
    }
    if (maxEpochs < 0 || maxIterations < 0 || !(maxSeconds >= 0)) {
      throw new IllegalArgumentException("epoch, iteration and time limits must be >= 0");
    }
  }

  /** Batch 50, Adam 1e-3, clip the global norm at 5, 10 epochs, standardised features. */
  public static CaptionTrainingConfig defaults() {
    return new CaptionTrainingConfig(50, OptimizerKind.ADAM, LearningRateSchedule.constant(1e-3f), 5f, 10, 0, 0, 42,
        true);
  }

  /** The same config with other stop limits (0 = no limit). */
  public CaptionTrainingConfig withLimits(int epochs, long iterations, double seconds) {
    return new CaptionTrainingConfig(batch, optimizer, learningRate, clipNorm, epochs, iterations, seconds, seed,
        normalizeFeatures);
  }
}
