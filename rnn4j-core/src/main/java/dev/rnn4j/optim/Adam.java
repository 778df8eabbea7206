package dev.rnn4j.optim;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) as PyTorch computes it: {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
 * x -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
final class Adam implements Optimizer {
  private final Matrix m;
  private final Matrix v;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private long steps;
  private final Chunks chunks = new Chunks();

  @Override
  public void shareCores(CoreSplit split) {
    chunks.shareCores(split);
  }

  Adam(int size, float beta1, float beta2, float eps) {
    this.m = Matrix.allocate(1, size);
    this.v = Matrix.allocate(1, size);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  @Override
  public void step(Matrix values, Matrix grads, float lr, float clipValue) {
    steps++;
    double c1 = 1.0 - Math.pow(beta1, steps);
    double c2 = 1.0 - Math.pow(beta2, steps);
    float stepSize = (float) (lr / c1);
    float rootC2 = (float) Math.sqrt(c2);
    chunks.run(values, grads, m, v, clipValue, (x, g, mb, vb, len) -> {
      for (int i = 0; i < len; i++) {
        float gi = g[i];
        float mi = beta1 * mb[i] + (1f - beta1) * gi;
        float vi = beta2 * vb[i] + (1f - beta2) * gi * gi;
        mb[i] = mi;
        vb[i] = vi;
        x[i] = x[i] - stepSize * mi / ((float) Math.sqrt(vi) / rootC2 + eps);
      }
    });
  }

  @Override
  public Map<String, Matrix> state() {
    Map<String, Matrix> s = new LinkedHashMap<>();
    s.put("adam.m", m);
    s.put("adam.v", v);
    return s;
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
    return "adam";
  }
}
