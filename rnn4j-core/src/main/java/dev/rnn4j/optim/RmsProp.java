package dev.rnn4j.optim;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.Map;

/** RMSProp as char-rnn uses it: {@code m = a*m + (1-a)*g^2; x -= lr * g / (sqrt(m) + eps)}. */
final class RmsProp implements Optimizer {
  private final Matrix ms;
  private final float decay;
  private final float eps;
  private long steps;

  RmsProp(int size, float decay, float eps) {
    this.ms = Matrix.allocate(1, size);
    this.decay = decay;
    this.eps = eps;
  }

  @Override
  public void step(Matrix values, Matrix grads, float lr) {
    FloatBuffer x = values.buffer();
    FloatBuffer g = grads.buffer();
    FloatBuffer m = ms.buffer();
    int xo = values.offset();
    int go = grads.offset();
    for (int i = 0, n = values.size(); i < n; i++) {
      float gi = g.get(go + i);
      float mi = decay * m.get(i) + (1f - decay) * gi * gi;
      m.put(i, mi);
      x.put(xo + i, x.get(xo + i) - lr * gi / ((float) Math.sqrt(mi) + eps));
    }
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
