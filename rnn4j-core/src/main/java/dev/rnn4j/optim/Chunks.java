package dev.rnn4j.optim;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/**
 * Runs an optimizer's element-wise update over on-heap copies of the arena, a chunk at a time: reading and
 * writing an off-heap buffer one index at a time costs several times the arithmetic (min-char-rnn's
 * Adagrad step was two thirds of its training time), while bulk copies are memcpy and a loop over arrays
 * is what the JIT vectorises. The arithmetic per element is unchanged, so the results are bit for bit the
 * same. One instance per optimizer; each thread's buffers are reused on every step.
 */
final class Chunks {
  static final int SIZE = 4096;

  /** The update of {@code len} elements: values {@code x}, gradients {@code g}, the optimizer's state {@code a}, {@code b}. */
  interface Body {
    void run(float[] x, float[] g, float[] a, float[] b, int len);
  }

  /** Each thread's heap copies of a chunk: values, gradients, two state buffers. */
  private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][SIZE]);

  /** Who updates the chunks: the calling thread alone unless {@link #shareCores} says otherwise. */
  private CoreSplit split = CoreSplit.single();

  /**
   * Shares the chunks out across {@code split}'s threads. Every element's update reads and writes that
   * element only, so the result is the same bits on any number of threads.
   */
  void shareCores(CoreSplit split) {
    this.split = split;
  }

  /**
   * Applies {@code body} to every element; {@code stateA} and {@code stateB} may be null (read and written
   * back when not). The gradients the body sees are clipped to {@code [-clipValue, clipValue]} when
   * {@code clipValue > 0}; the arena's are not written.
   */
  void run(Matrix values, Matrix grads, Matrix stateA, Matrix stateB, float clipValue, Body body) {
    int n = values.size();
    if (grads.size() != n || stateA != null && stateA.size() != n || stateB != null && stateB.size() != n) {
      throw new IllegalArgumentException("values, gradients and state must have the same size");
    }
    split.run((n + SIZE - 1) / SIZE, (from, to) -> {
      float[][] buffers = BUFFERS.get();
      for (int c = from; c < to; c++) {
        update(buffers, c * SIZE, Math.min(SIZE, n - c * SIZE), values, grads, stateA, stateB, clipValue, body);
      }
    });
  }

  /** The chunk of {@code len} elements from {@code s}, on the calling thread's heap {@code buffers}. */
  private static void update(float[][] buffers, int s, int len, Matrix values, Matrix grads, Matrix stateA,
                             Matrix stateB, float clipValue, Body body) {
    float[] x = buffers[0];
    float[] g = buffers[1];
    float[] a = buffers[2];
    float[] b = buffers[3];
    FloatBuffer xb = values.buffer();
    xb.get(values.offset() + s, x, 0, len);
    grads.buffer().get(grads.offset() + s, g, 0, len);
    if (clipValue > 0f) {
      GradientClipping.clamp(g, len, clipValue);
    }
    if (stateA != null) {
      stateA.buffer().get(stateA.offset() + s, a, 0, len);
    }
    if (stateB != null) {
      stateB.buffer().get(stateB.offset() + s, b, 0, len);
    }
    body.run(x, g, a, b, len);
    xb.put(values.offset() + s, x, 0, len);
    if (stateA != null) {
      stateA.buffer().put(stateA.offset() + s, a, 0, len);
    }
    if (stateB != null) {
      stateB.buffer().put(stateB.offset() + s, b, 0, len);
    }
  }

}
