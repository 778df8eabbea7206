package dev.rnn4j.caption.train;

import dev.rnn4j.config.Require;
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
    Require.atLeast("batch", batch, 1);
    Require.present("optimizer", optimizer);
    Require.present("learningRate", learningRate);
    Require.notNegative("clipNorm", clipNorm, " (0 = off)");
    Require.atLeast("maxEpochs", maxEpochs, 0, " (0 = no limit)");
    Require.atLeast("maxIterations", maxIterations, 0, " (0 = no limit)");
    Require.notNegative("maxSeconds", maxSeconds, " (0 = no limit)");
  }

  /** The defaults of {@link #defaults()}, to change what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder().batch(batch).optimizer(optimizer).learningRate(learningRate).clipNorm(clipNorm)
        .maxEpochs(maxEpochs).maxIterations(maxIterations).maxSeconds(maxSeconds).seed(seed)
        .normalizeFeatures(normalizeFeatures);
  }

  /** Batch 50, Adam 1e-3, clip the global norm at 5, 10 epochs, seed 42, standardised features. */
  public static CaptionTrainingConfig defaults() {
    return builder().build();
  }

  /** The same config with other stop limits (0 = no limit). */
  public CaptionTrainingConfig withLimits(int epochs, long iterations, double seconds) {
    return toBuilder().maxEpochs(epochs).maxIterations(iterations).maxSeconds(seconds).build();
  }

  /** Named settings with the defaults of {@link #defaults()}; {@link #build()} checks the ranges. */
  public static final class Builder {
    private int batch = 50;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private LearningRateSchedule learningRate = LearningRateSchedule.constant(1e-3f);
    private float clipNorm = 5f;
    private int maxEpochs = 10;
    private long maxIterations;
    private double maxSeconds;
    private long seed = 42;
    private boolean normalizeFeatures = true;

    private Builder() {}

    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    public Builder optimizer(OptimizerKind optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder learningRate(LearningRateSchedule learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder clipNorm(float clipNorm) {
      this.clipNorm = clipNorm;
      return this;
    }

    public Builder maxEpochs(int maxEpochs) {
      this.maxEpochs = maxEpochs;
      return this;
    }

    public Builder maxIterations(long maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    public Builder maxSeconds(double maxSeconds) {
      this.maxSeconds = maxSeconds;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder normalizeFeatures(boolean normalizeFeatures) {
      this.normalizeFeatures = normalizeFeatures;
      return this;
    }

    public CaptionTrainingConfig build() {
      return new CaptionTrainingConfig(batch, optimizer, learningRate, clipNorm, maxEpochs, maxIterations, maxSeconds,
          seed, normalizeFeatures);
    }
  }
}
