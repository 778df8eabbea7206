package dev.rnn4j.optim;

import dev.rnn4j.config.Require;

/**
 * char-rnn's schedule: the base rate until epoch {@code decayAfter}, then multiplied by {@code decay} once
 * per epoch: {@code lr(e) = base * decay^max(0, floor(e) - decayAfter + 1)}. {@code decay = 1} keeps it
 * constant.
 */
public record LearningRateSchedule(float base, float decay, int decayAfter) {
  public LearningRateSchedule {
    Require.positive("learningRate", base);
    Require.factor("learningRateDecay", decay);
    Require.atLeast("decayAfter", decayAfter, 0);
  }

  public static LearningRateSchedule constant(float base) {
    return new LearningRateSchedule(base, 1f, 0);
  }

  public float rate(int epoch) {
    int decays = Math.max(0, epoch - decayAfter + 1);
    return decay == 1f || decays == 0 ? base : (float) (base * Math.pow(decay, decays));
  }
}
