package dev.rnn4j.optim;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.Map;

/** {@code x -= lr * g}. */
final class Sgd implements Optimizer {
  private long steps;

  @Override
  public void step(Matrix values, Matrix grads, float lr) {
    FloatBuffer x = values.buffer();
    FloatBuffer g = grads.buffer();
    int xo = values.offset();
    int go = grads.offset();
    for (int i = 0, n = values.size(); i < n; i++) {
      x.put(xo + i, x.get(xo + i) - lr * g.get(go + i));
    }
    steps++;
  }

  @Override
  public Map<String, Matrix> state() {
    return Map.of();
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
    return "sgd";
  }
}
