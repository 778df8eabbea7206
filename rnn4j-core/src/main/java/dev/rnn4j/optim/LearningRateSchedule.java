package dev.rnn4j.optim;

/**
 * char-rnn's schedule: the base rate until epoch {@code decayAfter}, then multiplied by {@code decay} once
 * per epoch: {@code lr(e) = base * decay^max(0, floor(e) - decayAfter + 1)}. {@code decay = 1} keeps it
 * constant.
 */
public record LearningRateSchedule(float base, float decay, int decayAfter) {
  public LearningRateSchedule {
    if (!(base > 0f) || Float.isInfinite(base)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + base);
    }
    if (!(decay > 0f && decay <= 1f)) {
      throw new IllegalArgumentException("learning rate decay must be in (0, 1], got " + decay);
    }
    if (decayAfter < 0) {
      throw new IllegalArgumentException("decay-after must be >= 0 epochs, got " + decayAfter);
    }
  }

  public static LearningRateSchedule constant(float base) {
    return new LearningRateSchedule(base, 1f, 0);
  }

  public float rate(int epoch) {
    int decays = Math.max(0, epoch - decayAfter + 1);
    return decay == 1f || decays == 0 ? base : (float) (base * Math.pow(decay, decays));
  }
}
