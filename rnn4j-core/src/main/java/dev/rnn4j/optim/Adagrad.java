package dev.rnn4j.optim;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Adagrad exactly as min-char-rnn writes it: {@code mem += g*g; x -= lr * g / sqrt(mem + eps)} (eps inside
 * the root, where PyTorch puts it outside).
 */
final class Adagrad implements Optimizer {
  private final Matrix mem;
  private final float eps;
  private long steps;

  Adagrad(int size, float eps) {
    this.mem = Matrix.allocate(1, size);
    this.eps = eps;
  }

  @Override
  public void step(Matrix values, Matrix grads, float lr) {
    FloatBuffer x = values.buffer();
    FloatBuffer g = grads.buffer();
    FloatBuffer m = mem.buffer();
    int xo = values.offset();
    int go = grads.offset();
    for (int i = 0, n = values.size(); i < n; i++) {
      float gi = g.get(go + i);
      float mi = m.get(i) + gi * gi;
      m.put(i, mi);
      x.put(xo + i, x.get(xo + i) - lr * gi / (float) Math.sqrt(mi + eps));
    }
    steps++;
  }

  @Override
  public Map<String, Matrix> state() {
    return Map.of("adagrad.mem", mem);
  }

  @Override
  public long stepCount() {
    return steps;
  }

  @Override
  public void setStepCount(long steps) {
    this.steps = steps;
  }

  @Override
  public String name() {
    return "adagrad";
  }
}
