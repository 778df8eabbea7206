package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/**
 * Fused softmax and cross-entropy over rows of logits: {@code loss = sum_r -log softmax(z_r)[y_r]} in nats,
 * and, in place, {@code dz_r = scale * (softmax(z_r) - onehot(y_r))}. Fusing avoids a second pass and is
 * stable (max subtracted before exp).
 */
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /**
   * Returns the summed loss in nats; when {@code gradScale != 0} overwrites {@code logits} with
   * {@code gradScale * dLoss/dlogits}.
   */
  public static double lossAndGradient(Matrix logits, int[] targets, float gradScale, boolean computeGradient) {
    int v = logits.cols();
    FloatBuffer z = logits.buffer();
    double total = 0;
    for (int r = 0, n = logits.rows(); r < n; r++) {
      int o = logits.offset() + r * v;
      int y = targets[r];
      if (y < 0 || y >= v) {
        throw new IllegalArgumentException("target " + y + " outside [0, " + v + ")");
      }
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < v; j++) {
        max = Math.max(max, z.get(o + j));
      }
      double zy = z.get(o + y);
      double sum = 0;
      for (int j = 0; j < v; j++) {
        double e = Math.exp(z.get(o + j) - max);
        sum += e;
        if (computeGradient) {
          z.put(o + j, (float) e);
        }
      }
      total += Math.log(sum) + max - zy;
      if (computeGradient) {
        float s = (float) (gradScale / sum);
        for (int j = 0; j < v; j++) {
          z.put(o + j, z.get(o + j) * s);
        }
        z.put(o + y, z.get(o + y) - gradScale);
      }
    }
    return total;
  }

  /** Softmax of one row of logits divided by {@code temperature}, into {@code probs}. */
  public static void softmax(Matrix logits, int row, float temperature, double[] probs) {
    int v = logits.cols();
    FloatBuffer z = logits.buffer();
    int o = logits.offset() + row * v;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < v; j++) {
      max = Math.max(max, z.get(o + j) / (double) temperature);
    }
    double sum = 0;
    for (int j = 0; j < v; j++) {
      double e = Math.exp(z.get(o + j) / (double) temperature - max);
      probs[j] = e;
      sum += e;
    }
    for (int j = 0; j < v; j++) {
      probs[j] /= sum;
    }
  }
}
