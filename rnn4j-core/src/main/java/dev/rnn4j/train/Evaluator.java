package dev.rnn4j.train;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.text.TokenRange;
import java.util.function.DoubleConsumer;

/**
 * Cross-entropy of a model on a text, in nats per character (divide by ln 2 for bits), the measure of
 * Karpathy, Johnson and Fei-Fei (2015), Table 1.
 *
 * <p>The text is cut into up to {@code batch} contiguous streams, each read from a zero state in
 * windows of {@code steps} with the state carried, so every token after the first of each stream is
 * predicted once. More streams are faster; each costs one prediction and a short warm-up from zero state.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Mean nats per predicted character over {@code range}. Runs on a twin of {@code model}, leaving its
   * state alone. {@code progress} receives the fraction done (may be null).
   */
  public static double crossEntropy(LanguageModel model, TokenRange range, int batch, int steps,
                                    DoubleConsumer progress) {
    int n = range.length();
    if (n < 2) {
      throw new IllegalArgumentException("need at least 2 characters to evaluate, got " + n);
    }
    int streams = Math.max(1, Math.min(batch, n / (steps + 1)));
    int len = n / streams;
    LanguageModel twin = model.twin();
    twin.ensureCapacity(streams, steps);
    twin.resetState();
    int[] inputs = new int[streams * steps];
    int[] targets = new int[streams * steps];
    double total = 0;
    long count = 0;
    for (int p = 0; p < len - 1; p += steps) {
      int t = Math.min(steps, len - 1 - p);
      for (int s = 0; s < t; s++) {
        for (int b = 0; b < streams; b++) {
          int at = b * len + p + s;
          inputs[s * streams + b] = range.token(at);
          targets[s * streams + b] = range.token(at + 1);
        }
      }
      total += twin.loss(inputs, targets, t);
      count += (long) t * streams;
      if (progress != null) {
        progress.accept((p + t) / (double) (len - 1));
      }
    }
    return total / count;
  }
}
