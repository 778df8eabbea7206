package dev.rnn4j.seq.train;

import dev.rnn4j.config.Require;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;

/**
 * How to train a classifier or tagger; stored in every checkpoint.
 *
 * @param batch          sequences per update (the last batch of an epoch may be smaller)
 * @param optimizer      update rule
 * @param learningRate   base rate, warm-up and annealing over the run's budget
 * @param clipNorm       global-norm gradient clip; 0 = off
 * @param maxEpochs      stop after this many epochs in all (0 = no limit)
 * @param maxIterations  stop after this many updates in all (0 = no limit)
 * @param maxSeconds     stop after this much wall time in this run (0 = no limit)
 * @param seed           seeds initialisation, shuffling and dropout
 * @param evalEvery      updates between validations; 0 = after every epoch
 * @param balanced       weight a classifier's classes by inverse frequency in the training data
 */
public record SeqTrainingConfig(int batch, OptimizerKind optimizer, LearningRateSchedule learningRate,
                                float clipNorm, int maxEpochs, long maxIterations, double maxSeconds, long seed,
                                int evalEvery, boolean balanced) {
  public SeqTrainingConfig {
    Require.atLeast("batch", batch, 1);
    Require.present("optimizer", optimizer);
    Require.present("learningRate", learningRate);
    Require.notNegative("clipNorm", clipNorm, " (0 = off)");
    Require.atLeast("maxEpochs", maxEpochs, 0, " (0 = no limit)");
    Require.atLeast("maxIterations", maxIterations, 0, " (0 = no limit)");
    Require.notNegative("maxSeconds", maxSeconds, " (0 = no limit)");
    Require.atLeast("evalEvery", evalEvery, 0, " (0 = every epoch)");
  }

  /** Default learning rate: Adam's usual 2e-3 for taggers (Dozat et al. 2017). */
  public static final float DEFAULT_LEARNING_RATE = 2e-3f;

  /**
   * Batch 32, Adam 2e-3 with 100 updates of warm-up and a cosine to a tenth over the budget, clip the global
   * norm at 5, 10 epochs, seed 42, validation after every epoch, classes unweighted.
   */
  public static SeqTrainingConfig defaults() {
    return new SeqTrainingConfig(32, OptimizerKind.ADAM, LearningRateSchedule.cosine(DEFAULT_LEARNING_RATE, 100, 0.1f),
        5f, 10, 0, 0, 42, 0, false);
  }

  /** The same config with other stop limits (0 = no limit). */
  public SeqTrainingConfig withLimits(int epochs, long iterations, double seconds) {
    return new SeqTrainingConfig(batch, optimizer, learningRate, clipNorm, epochs, iterations, seconds, seed,
        evalEvery, balanced);
  }
}
