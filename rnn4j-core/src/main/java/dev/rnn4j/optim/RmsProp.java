package dev.rnn4j.optim;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.util.Map;

/** RMSProp as char-rnn uses it: {@code m = a*m + (1-a)*g^2; x -= lr * g / (sqrt(m) + eps)}. */
final class RmsProp implements Optimizer {
  private final Matrix ms;
  private final float decay;
  private final float eps;
  private long steps;
  private final Chunks chunks = new Chunks();

  @Override
  public void shareCores(CoreSplit split) {
    chunks.shareCores(split);
  }

  RmsProp(int size, float decay, float eps) {
    this.ms = Matrix.allocate(1, size);
    this.decay = decay;
    this.eps = eps;
  }

  @Override
  public void step(Matrix values, Matrix grads, float lr, float clipValue) {
    chunks.run(values, grads, ms, null, clipValue, (x, g, m, unused, len) -> {
      for (int i = 0; i < len; i++) {
        float gi = g[i];
        float mi = decay * m[i] + (1f - decay) * gi * gi;
        m[i] = mi;
        x[i] = x[i] - lr * gi / ((float) Math.sqrt(mi) + eps);
      }
    });
    steps++;
  }

  @Override
  public Map<String, Matrix> state() {
    return Map.of("rmsprop.ms", ms);
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
    return "rmsprop";
  }
}
