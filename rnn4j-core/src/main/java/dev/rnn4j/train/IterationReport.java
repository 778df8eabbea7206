package dev.rnn4j.train;

/**
 * One training iteration.
 *
 * @param iteration        iterations done in all (1 after the first)
 * @param epoch            epoch of this window (0-based)
 * @param epochsDone       epochs done after this window, as a fraction (1.5 = one and a half)
 * @param loss             this window's mean cross-entropy, nats per character
 * @param smoothLoss       exponential average of {@code loss}: 0.95 / 0.05 started at the first loss, or
 *                         min-char-rnn's 0.999 / 0.001 started at ln V for its summed-loss preset
 * @param learningRate     rate used for this update
 * @param gradNorm         global L2 norm of the gradient before clipping
 * @param tokensPerSecond  training tokens (characters, words) per second over this run so far, validation
 *                         time left out
 * @param elapsedSeconds   wall time of this run so far
 * @param remainingSeconds estimated time to the stop condition, NaN when there is none
 */
public record IterationReport(long iteration, int epoch, double epochsDone, double loss, double smoothLoss,
                              float learningRate, double gradNorm, double tokensPerSecond, double elapsedSeconds,
                              double remainingSeconds) {
  public double bitsPerChar() {
    return loss / Math.log(2);
  }
}
