package dev.rnn4j.train;

/**
 * A validation pass.
 *
 * @param iteration  iterations done when it ran
 * @param epochsDone epochs done when it ran, as a fraction
 * @param loss       mean cross-entropy on the held-out data, nats per token; NaN without held-out data
 * @param score      the task's held-out score (higher is better), NaN when it has none
 * @param best       the best value so far, including this one (the score when there is one, else the loss)
 * @param improved   whether this pass set a new best
 */
public record ValidationReport(long iteration, double epochsDone, double loss, double score, double best,
                               boolean improved) {
  public double bitsPerChar() {
    return loss / Math.log(2);
  }

  /** {@code exp(loss)}: the perplexity per predicted token. */
  public double perplexity() {
    return Math.exp(loss);
  }
}
