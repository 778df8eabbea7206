package dev.rnn4j.sample;

import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Arrays;

/**
 * Picks the next symbol from one row of logits (temperature, top-k, argmax) with reusable buffers, and
 * keeps the distribution it drew from so a caller can report the chosen symbol's probability and the
 * likeliest alternatives. The single implementation of the draw: {@link Sampler} and {@link BatchSampler}
 * both use it, so a seed gives the same text whichever of them runs it.
 */
final class SymbolDraw {
  private final int vocab;
  /** softmax(logits / temperature) of the last row seen, before top-k. */
  private final double[] probs;
  private final double[] work;
  private final Integer[] order;

  SymbolDraw(int vocab) {
    this.vocab = vocab;
    this.probs = new double[vocab];
    this.work = new double[vocab];
    this.order = new Integer[vocab];
  }

  /** Draws a symbol from row {@code row} of {@code logits}; {@link #probabilities()} then describe that row. */
  int pick(Matrix logits, int row, SamplingOptions o, Rng rng) {
    if (o.argmax()) {
      SoftmaxCrossEntropy.softmax(logits, row, o.temperature(), probs);
      int v = logits.cols();
      int best = 0;
      for (int j = 1; j < vocab; j++) {
        if (logits.get(row * v + j) > logits.get(row * v + best)) {
          best = j;
        }
      }
      return best;
    }
    SoftmaxCrossEntropy.softmax(logits, row, o.temperature(), probs);
    System.arraycopy(probs, 0, work, 0, vocab);
    if (o.topK() > 0 && o.topK() < vocab) {
      for (int j = 0; j < vocab; j++) {
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> Double.compare(work[b], work[a]));
      double kept = 0;
      for (int r = 0; r < vocab; r++) {
        if (r < o.topK()) {
          kept += work[order[r]];
        } else {
          work[order[r]] = 0;
        }
      }
      for (int j = 0; j < vocab; j++) {
        work[j] /= kept;
      }
    }
    double u = rng.nextDouble();
    double acc = 0;
    for (int j = 0; j < vocab; j++) {
      acc += work[j];
      if (u < acc) {
        return j;
      }
    }
    for (int j = vocab - 1; j >= 0; j--) {
      if (work[j] > 0) {
        return j;
      }
    }
    return vocab - 1;
  }

  /** Describes row {@code row} at temperature 1 without drawing (the model's belief about a given symbol). */
  void describe(Matrix logits, int row) {
    SoftmaxCrossEntropy.softmax(logits, row, 1f, probs);
  }

  /** The distribution of the last {@link #pick} or {@link #describe} (temperature applied, top-k not). */
  double[] probabilities() {
    return probs;
  }

  /** The {@code k} likeliest symbols of the last distribution, most likely first, into {@code ids}. */
  void top(int k, int[] ids, float[] p) {
    k = Math.min(k, vocab);
    int filled = 0;
    for (int j = 0; j < vocab; j++) {
      double v = probs[j];
      if (filled < k) {
        filled++;
      } else if (v <= p[k - 1]) {
        continue;
      }
      int i = filled - 1;
      while (i > 0 && p[i - 1] < v) {
        ids[i] = ids[i - 1];
        p[i] = p[i - 1];
        i--;
      }
      ids[i] = j;
      p[i] = (float) v;
    }
  }
}
