package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.nio.FloatBuffer;

/**
 * Inverted dropout: in training each element is kept with probability {@code 1 - p} and scaled by
 * {@code 1 / (1 - p)}, so evaluation needs no rescaling. Backward multiplies by the same mask.
 *
 * <p>Row r draws from {@code rngs[r % rngs.length]}: with one generator per stream (rows are
 * {@code t*B + b}) each stream's masks come from its own generator, so splitting the streams across
 * threads does not change the masks.
 */
public final class Dropout {
  private final float p;
  private Matrix out;
  private Matrix mask;
  private int lastRows;

  public Dropout(float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
    }
    this.p = p;
  }

  public void ensureCapacity(int rows, int cols) {
    if (p == 0f) {
      return; // identity: no buffers
    }
    if (out == null || out.rows() < rows || out.cols() != cols) {
      out = Matrix.allocate(rows, cols);
      mask = Matrix.allocate(rows, cols);
    }
  }

  /** Returns the dropped-out copy of {@code x} (or {@code x} itself when not training or p = 0). */
  public Matrix forward(Matrix x, boolean training, Rng[] rngs) {
    lastRows = x.rows();
    if (!training || p == 0f) {
      return x;
    }
    float keep = 1f - p;
    float scale = 1f / keep;
    FloatBuffer xb = x.buffer();
    FloatBuffer ob = out.buffer();
    FloatBuffer mb = mask.buffer();
    int cols = x.cols();
    for (int r = 0, rows = x.rows(); r < rows; r++) {
      Rng rng = rngs[r % rngs.length];
      for (int c = 0; c < cols; c++) {
        int i = r * cols + c;
        float m = rng.nextDouble() < keep ? scale : 0f;
        mb.put(mask.offset() + i, m);
        ob.put(out.offset() + i, xb.get(x.offset() + i) * m);
      }
    }
    return out.rows(0, lastRows);
  }

  /** Multiplies {@code dy} by the last mask, in place. */
  public void backwardInPlace(Matrix dy, boolean training) {
    if (!training || p == 0f) {
      return;
    }
    FloatBuffer gb = dy.buffer();
    FloatBuffer mb = mask.buffer();
    for (int i = 0, n = dy.size(); i < n; i++) {
      gb.put(dy.offset() + i, gb.get(dy.offset() + i) * mb.get(mask.offset() + i));
    }
  }

  public float probability() {
    return p;
  }
}
