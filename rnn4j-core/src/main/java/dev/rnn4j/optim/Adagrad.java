package dev.rnn4j.optim;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.util.Map;

/**
 * Adagrad exactly as min-char-rnn writes it: {@code mem += g*g; x -= lr * g / sqrt(mem + eps)} (eps inside
 * the root, where PyTorch puts it outside).
 */
final class Adagrad implements Optimizer {
  private final Matrix mem;
  private final float eps;
  private long steps;
  private final Chunks chunks = new Chunks();

  @Override
  public void shareCores(CoreSplit split) {
    chunks.shareCores(split);
  }

  Adagrad(int size, float eps) {
    this.mem = Matrix.allocate(1, size);
    this.eps = eps;
  }

  @Override
  public void step(Matrix values, Matrix grads, float lr, float clipValue) {
    chunks.run(values, grads, mem, null, clipValue, (x, g, m, unused, len) -> {
      for (int i = 0; i < len; i++) {
        float gi = g[i];
        float mi = m[i] + gi * gi;
        m[i] = mi;
        x[i] = x[i] - lr * gi / (float) Math.sqrt(mi + eps);
      }
    });
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
