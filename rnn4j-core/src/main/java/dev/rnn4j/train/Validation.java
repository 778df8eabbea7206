package dev.rnn4j.train;

import java.util.OptionalDouble;

/**
 * What one validation pass measured. The best model is the one with the highest {@code score} when the
 * task has a score, else the lowest {@code loss}.
 *
 * @param loss  mean cross-entropy per predicted token on held-out data, nats; empty without held-out data
 * @param score a held-out score, higher is better (e.g. BLEU-4); empty when the task has none
 */
public record Validation(OptionalDouble loss, OptionalDouble score) {
  private static final Validation NONE = new Validation(OptionalDouble.empty(), OptionalDouble.empty());

  public Validation {
    if (loss == null || score == null) {
      throw new IllegalArgumentException("loss and score may be empty, not null");
    }
  }

  /** Nothing measured (no held-out data). */
  public static Validation none() {
    return NONE;
  }

  public static Validation ofLoss(double loss) {
    return new Validation(OptionalDouble.of(loss), OptionalDouble.empty());
  }

  /** The loss, NaN when not measured. */
  public double lossOrNaN() {
    return loss.orElse(Double.NaN);
  }

  /** The score, NaN when there is none. */
  public double scoreOrNaN() {
    return score.orElse(Double.NaN);
  }

  /** Whether it measured anything the best model can be picked by. */
  public boolean measured() {
    return loss.isPresent() || score.isPresent();
  }

  /** The value the best model is picked by: the score when there is one, else the loss. */
  double selectionValue() {
    return score.isPresent() ? score.getAsDouble() : loss.getAsDouble();
  }

  /** Whether {@code value} (a {@link #selectionValue()}) beats {@code best} (NaN = nothing yet). */
  boolean beats(double value, double best) {
    return Double.isNaN(best) || (score.isPresent() ? value > best : value < best);
  }
}
