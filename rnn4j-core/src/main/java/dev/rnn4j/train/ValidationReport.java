package dev.rnn4j.train;

/**
 * A validation pass.
 *
 * @param iteration  iterations done when it ran
 * @param loss       mean cross-entropy on the validation text, nats per character
 * @param best       the best validation loss so far (including this one)
 * @param improved   whether this pass set a new best
 */
public record ValidationReport(long iteration, double loss, double best, boolean improved) {
  public double bitsPerChar() {
    return loss / Math.log(2);
  }
}
