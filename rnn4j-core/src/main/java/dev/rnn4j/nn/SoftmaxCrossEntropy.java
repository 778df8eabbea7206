package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
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
   * Target of a row that is padding ({@link #lossAndGradientIgnoring}): no loss, zero gradient (PyTorch's
   * {@code ignore_index} default).
   */
  public static final int IGNORE = -100;

  /**
   * Returns the summed loss in nats; when {@code gradScale != 0} overwrites {@code logits} with
   * {@code gradScale * dLoss/dlogits}.
   */
  public static double lossAndGradient(Matrix logits, int[] targets, float gradScale, boolean computeGradient) {
    int v = logits.cols();
    float[] e = rowBuffer(v);
    double total = 0;
    for (int r = 0, n = logits.rows(); r < n; r++) {
      int y = targets[r];
      if (y < 0 || y >= v) {
        throw new IllegalArgumentException("target " + y + " outside [0, " + v + ")");
      }
      total += row(logits, r, y, gradScale, computeGradient, e);
    }
    return total;
  }

  /**
   * Like {@link #lossAndGradient}, but rows whose target is {@link #IGNORE} (padding after the end of a
   * shorter sequence in a batch) add no loss and, when a gradient is computed, get a zero gradient row.
   * A separate method so that the character model's loop keeps its single range check.
   */
  public static double lossAndGradientIgnoring(Matrix logits, int[] targets, float gradScale,
                                               boolean computeGradient) {
    int v = logits.cols();
    float[] e = rowBuffer(v);
    double total = 0;
    for (int r = 0, n = logits.rows(); r < n; r++) {
      int y = targets[r];
      if (y == IGNORE) {
        if (computeGradient) {
          FloatBuffer z = logits.buffer();
          for (int j = 0, o = logits.offset() + r * v; j < v; j++) {
            z.put(o + j, 0f);
          }
        }
        continue;
      }
      if (y < 0 || y >= v) {
        throw new IllegalArgumentException("target " + y + " outside [0, " + v + ") and not IGNORE");
      }
      total += row(logits, r, y, gradScale, computeGradient, e);
    }
    return total;
  }

  /**
   * Loss of row {@code r} with target {@code y}; its gradient written over the row when asked. The row is
   * read into a heap array and exponentiated in float, sixteen at a time ({@link Activations#expShifted}),
   * then summed in double in order: a {@code Math.exp} in double per element was most of the softmax's time.
   * {@code e} holds at least a row (the caller's thread's buffer, fetched once per call, not per row).
   */
  private static double row(Matrix logits, int r, int y, float gradScale, boolean computeGradient, float[] e) {
    int v = logits.cols();
    FloatBuffer z = logits.buffer();
    int o = logits.offset() + r * v;
    z.get(o, e, 0, v);
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < v; j++) {
      max = Math.max(max, e[j]);
    }
    double zy = e[y];
    Activations.expShifted(e, 0, v, max);
    double sum = 0;
    for (int j = 0; j < v; j++) {
      sum += e[j];
    }
    if (computeGradient) {
      float s = (float) (gradScale / sum);
      for (int j = 0; j < v; j++) {
        e[j] *= s;
      }
      e[y] -= gradScale;
      z.put(o, e, 0, v);
    }
    return Math.log(sum) + max - zy;
  }

  private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[1][0]);

  private static float[] rowBuffer(int v) {
    float[][] holder = ROW.get();
    if (holder[0].length < v) {
      holder[0] = new float[v];
    }
    return holder[0];
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
