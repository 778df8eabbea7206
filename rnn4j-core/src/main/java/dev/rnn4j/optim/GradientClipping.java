package dev.rnn4j.optim;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/** The two ways to tame exploding gradients, acting on the whole gradient arena. */
public final class GradientClipping {
  private GradientClipping() {}

  /** min-char-rnn's {@code np.clip(g, -limit, limit)} on every element. */
  public static void clipElementwise(Matrix grads, float limit) {
    if (!(limit > 0f)) {
      throw new IllegalArgumentException("clip limit must be > 0, got " + limit);
    }
    FloatBuffer g = grads.buffer();
    int o = grads.offset();
    for (int i = 0, n = grads.size(); i < n; i++) {
      float v = g.get(o + i);
      if (v > limit) {
        g.put(o + i, limit);
      } else if (v < -limit) {
        g.put(o + i, -limit);
      }
    }
  }

  /** L2 norm of the whole arena, in double. NaN or infinite when any gradient is. */
  public static double globalNorm(Matrix grads) {
    return Math.sqrt(grads.sumOfSquares());
  }

  /**
   * Rescales the arena so its L2 norm is at most {@code maxNorm} (PyTorch's clip_grad_norm_); returns the
   * norm before clipping.
   */
  public static double clipGlobalNorm(Matrix grads, float maxNorm) {
    if (!(maxNorm > 0f)) {
      throw new IllegalArgumentException("max norm must be > 0, got " + maxNorm);
    }
    double norm = globalNorm(grads);
    if (norm > maxNorm) {
      float s = (float) (maxNorm / (norm + 1e-6));
      FloatBuffer g = grads.buffer();
      int o = grads.offset();
      for (int i = 0, n = grads.size(); i < n; i++) {
        g.put(o + i, g.get(o + i) * s);
      }
    }
    return norm;
  }
}
