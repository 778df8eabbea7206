package dev.rnn4j.optim;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.util.Map;

/** {@code x -= lr * g}. */
final class Sgd implements Optimizer {
  private long steps;
  private final Chunks chunks = new Chunks();

  @Override
  public void shareCores(CoreSplit split) {
    chunks.shareCores(split);
  }

  @Override
  public void step(Matrix values, Matrix grads, float lr, float clipValue) {
    chunks.run(values, grads, null, null, clipValue, (x, g, unused, unused2, len) -> {
      for (int i = 0; i < len; i++) {
        x[i] = x[i] - lr * g[i];
      }
    });
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
