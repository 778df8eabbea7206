package dev.rnn4j.train;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.sample.Sampler;
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
    return crossEntropyOn(model.twin(), range, batch, steps, progress);
  }

  /**
   * Mean nats per predicted character over {@code range} read as {@code sampler} reads when it generates:
   * one stream from a fresh state, one symbol at a time. What {@link Sampler#frozen} in 16 bits costs in
   * quality shows here, against the same reading in float.
   */
  public static double crossEntropyOneByOne(Sampler sampler, TokenRange range, DoubleConsumer progress) {
    int n = range.length();
    if (n < 2) {
      throw new IllegalArgumentException("need at least 2 characters to evaluate, got " + n);
    }
    sampler.reset();
    double nats = 0;
    for (int i = 0; i + 1 < n; i++) {
      double[] p = sampler.distribution(range.token(i));
      nats -= Math.log(p[range.token(i + 1)]);
      if (progress != null && (i & 1023) == 0) {
        progress.accept(i / (double) (n - 1));
      }
    }
    return nats / (n - 1);
  }

  /** As {@link #crossEntropy}, but runs on {@code model} itself, whose carried state it overwrites. */
  static double crossEntropyOn(LanguageModel model, TokenRange range, int batch, int steps,
                               DoubleConsumer progress) {
    int streams = streams(range, batch, steps);
    double[] r = sum(model, range, streams, steps, 0, streams, progress);
    return r[0] / r[1];
  }

  /** How many streams a text of this length is cut into: at most {@code batch}, each longer than a window. */
  static int streams(TokenRange range, int batch, int steps) {
    int n = range.length();
    if (n < 2) {
      throw new IllegalArgumentException("need at least 2 characters to evaluate, got " + n);
    }
    return Math.max(1, Math.min(batch, n / (steps + 1)));
  }

  /**
   * Summed loss and count of predictions {@code {nats, count}} of streams {@code [from, to)} of the text
   * cut into {@code streams} streams, run on {@code model} (whose state it resets and overwrites).
   * Data-parallel replicas each take a share of the streams.
   */
  static double[] sum(LanguageModel model, TokenRange range, int streams, int steps, int from, int to,
                      DoubleConsumer progress) {
    int len = range.length() / streams;
    int mine = to - from;
    model.ensureCapacity(mine, steps);
    model.resetState();
    int[] inputs = new int[mine * steps];
    int[] targets = new int[mine * steps];
    double total = 0;
    long count = 0;
    for (int p = 0; p < len - 1; p += steps) {
      int t = Math.min(steps, len - 1 - p);
      for (int s = 0; s < t; s++) {
        for (int b = 0; b < mine; b++) {
          int at = (from + b) * len + p + s;
          inputs[s * mine + b] = range.token(at);
          targets[s * mine + b] = range.token(at + 1);
        }
      }
      total += model.loss(inputs, targets, t);
      count += (long) t * mine;
      if (progress != null) {
        progress.accept((p + t) / (double) (len - 1));
      }
    }
    return new double[] {total, count};
  }
}
