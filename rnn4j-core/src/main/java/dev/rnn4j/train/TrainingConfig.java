package dev.rnn4j.train;

import dev.rnn4j.config.Require;
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
  public TrainingConfig {
    Require.atLeast("batch", batch, 1);
    Require.atLeast("steps", steps, 1);
    Require.present("optimizer", optimizer);
    Require.present("learningRate", learningRate);
    Require.notNegative("clipValue", clipValue, " (0 = off)");
    Require.notNegative("clipNorm", clipNorm, " (0 = off)");
    Require.fraction("valFraction", valFraction);
    Require.atLeast("evalEvery", evalEvery, 1);
    Require.atLeast("maxIterations", maxIterations, 0, " (0 = no limit)");
    Require.atLeast("maxEpochs", maxEpochs, 0, " (0 = no limit)");
    Require.notNegative("maxSeconds", maxSeconds, " (0 = no limit)");
    Require.atLeast("sampleEvery", sampleEvery, 0, " (0 = never)");
    Require.atLeast("sampleLength", sampleLength, 0);
    Require.atLeast("evalChars", evalChars, 0, " (0 = the whole split)");
  }

  /** The defaults below ({@link #defaults()}), to change what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder().batch(batch).steps(steps).optimizer(optimizer).learningRate(learningRate)
        .clipValue(clipValue).clipNorm(clipNorm).sumOverTime(sumOverTime).valFraction(valFraction)
        .evalEvery(evalEvery).maxIterations(maxIterations).maxEpochs(maxEpochs).maxSeconds(maxSeconds).seed(seed)
        .sampleEvery(sampleEvery).sampleLength(sampleLength).evalChars(evalChars);
  }

  /**
   * rnn4j's defaults: batch 50, window 50, Adam at {@link #DEFAULT_LEARNING_RATE} warmed up over 100
   * iterations and annealed by a cosine to a tenth of it at the end of the run's budget, element-wise clip
   * 5, loss averaged over the window, 10% validation every 200 iterations on its first 40,000 characters
   * (the whole split at the end), no limits, seed 42, a 200-character sample every 500 iterations.
   */
  public static TrainingConfig defaults() {
    return builder().build();
  }

  /** Adam's default base rate, chosen by measurement on three texts (BENCHMARKS.md, "Model quality"). */
  public static final float DEFAULT_LEARNING_RATE = 1e-2f;

  /** char-rnn's training: as the defaults, but a constant Adam 2e-3 and the whole split validated each time. */
  public static TrainingConfig charRnn() {
    return builder().learningRate(LearningRateSchedule.constant(2e-3f)).evalChars(0).build();
  }

  /**
   * min-char-rnn: one stream, windows of 25, Adagrad 0.1, element-wise clip 5, loss summed over the
   * window, a 200-character sample every 100 iterations. No validation split (it trains on the whole
   * text); validation fraction can still be set.
   */
  public static TrainingConfig minCharRnn() {
    return builder().batch(1).steps(25).optimizer(OptimizerKind.ADAGRAD)
        .learningRate(LearningRateSchedule.constant(0.1f)).sumOverTime(true).valFraction(0.0).evalEvery(1000)
        .sampleEvery(100).evalChars(0).build();
  }

  /** The same config with other stop limits (0 = no limit). */
  public TrainingConfig withLimits(long iterations, int epochs, double seconds) {
    return toBuilder().maxIterations(iterations).maxEpochs(epochs).maxSeconds(seconds).build();
  }

  /** The same config with B streams and windows of T steps. */
  public TrainingConfig withWindow(int batch, int steps) {
    return toBuilder().batch(batch).steps(steps).build();
  }

  /** The same config with another optimizer and constant learning rate. */
  public TrainingConfig withOptimizer(OptimizerKind kind, float learningRate) {
    return toBuilder().optimizer(kind).learningRate(LearningRateSchedule.constant(learningRate)).build();
  }

  /** Named settings with the defaults of {@link #defaults()}; {@link #build()} checks the ranges. */
  public static final class Builder {
    private int batch = 50;
    private int steps = 50;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private LearningRateSchedule learningRate = LearningRateSchedule.cosine(DEFAULT_LEARNING_RATE, 100, 0.1f);
    private float clipValue = 5f;
    private float clipNorm;
    private boolean sumOverTime;
    private double valFraction = 0.1;
    private int evalEvery = 200;
    private long maxIterations;
    private int maxEpochs;
    private double maxSeconds;
    private long seed = 42;
    private int sampleEvery = 500;
    private int sampleLength = 200;
    private int evalChars = 40_000;

    private Builder() {}

    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
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

    public Builder clipValue(float clipValue) {
      this.clipValue = clipValue;
      return this;
    }

    public Builder clipNorm(float clipNorm) {
      this.clipNorm = clipNorm;
      return this;
    }

    public Builder sumOverTime(boolean sumOverTime) {
      this.sumOverTime = sumOverTime;
      return this;
    }

    public Builder valFraction(double valFraction) {
      this.valFraction = valFraction;
      return this;
    }

    public Builder evalEvery(int evalEvery) {
      this.evalEvery = evalEvery;
      return this;
    }

    public Builder maxIterations(long maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    public Builder maxEpochs(int maxEpochs) {
      this.maxEpochs = maxEpochs;
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

    public Builder sampleEvery(int sampleEvery) {
      this.sampleEvery = sampleEvery;
      return this;
    }

    public Builder sampleLength(int sampleLength) {
      this.sampleLength = sampleLength;
      return this;
    }

    public Builder evalChars(int evalChars) {
      this.evalChars = evalChars;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(batch, steps, optimizer, learningRate, clipValue, clipNorm, sumOverTime, valFraction,
          evalEvery, maxIterations, maxEpochs, maxSeconds, seed, sampleEvery, sampleLength, evalChars);
    }
  }
}
