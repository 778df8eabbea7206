package dev.rnn4j.seq.eval;

import java.util.List;

/**
 * Fits the weights of a multinomial logistic regression ({@code [class][feature]}, the last feature the
 * bias) by Nesterov's accelerated gradient descent on mean cross-entropy plus {@code l2/2 |W|^2}, the bias
 * unpenalised. Inputs must have length at most {@code sqrt(2)} (unit features plus the bias 1), for which
 * {@code 1/(1 + l2)} is a safe step: see {@link BagOfWordsBaseline}.
 */
final class SoftmaxRegression {
  private final double[][] w;
  private final double l2;

  SoftmaxRegression(double[][] weights, double l2) {
    this.w = weights;
    this.l2 = l2;
  }

  /** Runs {@code iterations} steps from the weights given (zeros: every class equally likely). */
  void minimise(List<SparseVector> x, int[] y, int iterations) {
    int classes = w.length;
    int width = w[0].length;
    double step = 1.0 / (1.0 + l2);
    double[][] previous = copy(w);
    double[][] lookahead = copy(w);
    double[][] grad = new double[classes][width];
    double t = 1;
    for (int it = 0; it < iterations; it++) {
      gradient(lookahead, x, y, grad);
      double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      double momentum = (t - 1) / tNext;
      for (int c = 0; c < classes; c++) {
        for (int f = 0; f < width; f++) {
          double next = lookahead[c][f] - step * grad[c][f];
          lookahead[c][f] = next + momentum * (next - previous[c][f]);
          previous[c][f] = next;
        }
      }
      t = tNext;
    }
    for (int c = 0; c < classes; c++) {
      System.arraycopy(previous[c], 0, w[c], 0, width);
    }
  }

  /** The class scores (logits) of one input. */
  static double[] scores(double[][] w, SparseVector x) {
    double[] s = new double[w.length];
    for (int c = 0; c < w.length; c++) {
      s[c] = x.dot(w[c]);
    }
    return s;
  }

  private void gradient(double[][] at, List<SparseVector> x, int[] y, double[][] grad) {
    int bias = at[0].length - 1;
    for (int c = 0; c < grad.length; c++) {
      for (int f = 0; f < grad[c].length; f++) {
        grad[c][f] = f == bias ? 0 : l2 * at[c][f];
      }
    }
    double perExample = 1.0 / x.size();
    for (int i = 0; i < x.size(); i++) {
      double[] p = softmax(scores(at, x.get(i)));
      p[y[i]] -= 1;
      for (int c = 0; c < p.length; c++) {
        x.get(i).addTo(grad[c], p[c] * perExample);
      }
    }
  }

  private static double[] softmax(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int c = 0; c < s.length; c++) {
      s[c] = Math.exp(s[c] - max);
      sum += s[c];
    }
    for (int c = 0; c < s.length; c++) {
      s[c] /= sum;
    }
    return s;
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
