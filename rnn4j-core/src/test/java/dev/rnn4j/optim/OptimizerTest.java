package dev.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each optimizer against its formula written out in double, on arenas that are views at a non-zero offset
 * (as the parameter arena's are), minimising a quadratic, and resuming from its saved state.
 */
class OptimizerTest {
  static final int N = 5;
  static final double[] X0 = {0.5, -1.0, 2.0, 0.0, -0.25};
  /** Three steps of gradients; element 3 is zero then tiny, where the placement of eps shows. */
  static final double[][] GRADS = {
      {0.3, -2.0, 0.01, 0.0, 5.0},
      {-0.1, -1.5, 0.02, 1e-5, 4.0},
      {0.4, 0.5, -0.03, 1e-5, -3.0},
  };
  static final float LR = 0.1f;

  /** A {@code 1 x n} view at offset {@code off} of a larger matrix filled with garbage around it. */
  static Matrix view(int off, double[] v) {
    Matrix big = Matrix.allocate(1, off + v.length + 3);
    big.fill(123f);
    Matrix m = big.slice(off, v.length);
    for (int i = 0; i < v.length; i++) {
      m.set(i, (float) v[i]);
    }
    return m;
  }

  /** Runs the optimizer over {@link #GRADS}, returning the values after each step. */
  static float[][] run(Optimizer opt) {
    Matrix x = view(2, X0);
    float[][] after = new float[GRADS.length][];
    for (int s = 0; s < GRADS.length; s++) {
      Matrix g = view(4, GRADS[s]);
      opt.step(x, g, LR);
      after[s] = x.toArray();
      assertTrue(Arrays.equals(toFloat(GRADS[s]), g.toArray()), "gradients are not modified");
      assertEquals(123f, x.buffer().get(1), 0f, "nothing before the view is written");
      assertEquals(123f, x.buffer().get(2 + N), 0f, "nothing after the view is written");
    }
    assertEquals(GRADS.length, opt.stepCount());
    return after;
  }

  static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  static void assertSteps(double[][] want, float[][] got, String name) {
    for (int s = 0; s < want.length; s++) {
      for (int i = 0; i < N; i++) {
        assertEquals(want[s][i], got[s][i], 2e-6 * Math.max(1, Math.abs(want[s][i])),
            name + " step " + (s + 1) + " element " + i);
      }
    }
  }

  @Test
  void sgdFollowsItsFormula() {
    double[] x = X0.clone();
    double[][] want = new double[GRADS.length][];
    for (int s = 0; s < GRADS.length; s++) {
      for (int i = 0; i < N; i++) {
        x[i] -= LR * GRADS[s][i];
      }
      want[s] = x.clone();
    }
    Optimizer opt = OptimizerKind.SGD.create(N);
    assertSteps(want, run(opt), "sgd");
    assertTrue(opt.state().isEmpty());
    assertEquals("sgd", opt.name());
  }

  /** min-char-rnn: mem += g*g; x -= lr * g / sqrt(mem + 1e-8), eps inside the root. */
  @Test
  void adagradIsMinCharRnns() {
    double[] x = X0.clone();
    double[] mem = new double[N];
    double[][] want = new double[GRADS.length][];
    for (int s = 0; s < GRADS.length; s++) {
      for (int i = 0; i < N; i++) {
        double g = GRADS[s][i];
        mem[i] += g * g;
        x[i] -= LR * g / Math.sqrt(mem[i] + 1e-8);
      }
      want[s] = x.clone();
    }
    Optimizer opt = OptimizerKind.ADAGRAD.create(N);
    float[][] got = run(opt);
    assertSteps(want, got, "adagrad");
    // Element 3 after step 2: g = 1e-5, mem = 1e-10. eps inside the root gives a step of about lr/10;
    // eps outside (PyTorch) would give nearly lr.
    double step = X0[3] - got[1][3];
    assertEquals(LR * 1e-5 / Math.sqrt(1e-10 + 1e-8), step, 1e-4 * LR);
    assertTrue(step < 0.2 * LR, "eps must sit inside the square root: step " + step);
    Matrix mem0 = opt.state().get("adagrad.mem");
    for (int i = 0; i < N; i++) {
      assertEquals(mem[i], mem0.get(i), 1e-6 * Math.max(1, mem[i]), "mem " + i);
    }
    assertEquals("adagrad", opt.name());
  }

  /** char-rnn: m = 0.95 m + 0.05 g^2; x -= lr * g / (sqrt(m) + 1e-8). */
  @Test
  void rmspropFollowsCharRnn() {
    double[] x = X0.clone();
    double[] ms = new double[N];
    double[][] want = new double[GRADS.length][];
    for (int s = 0; s < GRADS.length; s++) {
      for (int i = 0; i < N; i++) {
        double g = GRADS[s][i];
        ms[i] = 0.95 * ms[i] + 0.05 * g * g;
        x[i] -= LR * g / (Math.sqrt(ms[i]) + 1e-8);
      }
      want[s] = x.clone();
    }
    Optimizer opt = OptimizerKind.RMSPROP.create(N);
    assertSteps(want, run(opt), "rmsprop");
    Matrix m = opt.state().get("rmsprop.ms");
    for (int i = 0; i < N; i++) {
      assertEquals(ms[i], m.get(i), 1e-6 * Math.max(1, ms[i]), "ms " + i);
    }
    assertEquals("rmsprop", opt.name());
  }

  /** PyTorch's Adam: bias-corrected, eps added to sqrt(v_hat). */
  @Test
  void adamFollowsPyTorch() {
    double b1 = 0.9;
    double b2 = 0.999;
    double[] x = X0.clone();
    double[] m = new double[N];
    double[] v = new double[N];
    double[][] want = new double[GRADS.length][];
    for (int s = 0; s < GRADS.length; s++) {
      int t = s + 1;
      for (int i = 0; i < N; i++) {
        double g = GRADS[s][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        x[i] -= LR * mHat / (Math.sqrt(vHat) + 1e-8);
      }
      want[s] = x.clone();
    }
    Optimizer opt = OptimizerKind.ADAM.create(N);
    float[][] got = run(opt);
    assertSteps(want, got, "adam");
    // Bias correction makes the first step lr * sign(g) for every non-zero gradient.
    for (int i : new int[] {0, 1, 2, 4}) {
      assertEquals(-LR * Math.signum(GRADS[0][i]), got[0][i] - X0[i], 1e-6, "first step " + i);
    }
    assertEquals(X0[3], got[0][3], 0.0, "a zero gradient does not move");
    Map<String, Matrix> st = opt.state();
    assertEquals(Set.of("adam.m", "adam.v"), st.keySet());
    for (int i = 0; i < N; i++) {
      assertEquals(m[i], st.get("adam.m").get(i), 1e-6, "m " + i);
      assertEquals(v[i], st.get("adam.v").get(i), 1e-6, "v " + i);
    }
    assertEquals("adam", opt.name());
  }

  /**
   * f(x) = 0.5 * sum a_i (x_i - c_i)^2 with curvatures from 0.5 to 4: a few hundred steps reach the
   * minimum. Learning rates are the usual ones for each method on such a problem.
   */
  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void minimisesAQuadratic(OptimizerKind kind) {
    double[] a = {0.5, 1.0, 2.0, 4.0, 1.5};
    double[] c = {1.0, -2.0, 0.5, 3.0, -0.7};
    float lr = switch (kind) {
      case SGD -> 0.2f;
      case ADAGRAD -> 0.5f;
      case RMSPROP -> 0.01f;
      case ADAM -> 0.05f;
    };
    Optimizer opt = kind.create(N);
    Matrix x = Matrix.allocate(1, N);
    Matrix g = Matrix.allocate(1, N);
    double f0 = quadratic(a, c, x);
    for (int step = 0; step < 400; step++) {
      for (int i = 0; i < N; i++) {
        g.set(i, (float) (a[i] * (x.get(i) - c[i])));
      }
      opt.step(x, g, lr);
    }
    double f = quadratic(a, c, x);
    assertTrue(f < 1e-3 * f0, kind + ": f went from " + f0 + " to " + f);
    for (int i = 0; i < N; i++) {
      assertEquals(c[i], x.get(i), 0.05, kind + " x[" + i + "]");
    }
    assertEquals(400, opt.stepCount());
  }

  static double quadratic(double[] a, double[] c, Matrix x) {
    double f = 0;
    for (int i = 0; i < a.length; i++) {
      double d = x.get(i) - c[i];
      f += 0.5 * a[i] * d * d;
    }
    return f;
  }

  /** Restoring the state buffers and step count into a fresh optimizer continues exactly. */
  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void savedStateResumesExactly(OptimizerKind kind) {
    Optimizer a = kind.create(N);
    Matrix xa = view(1, X0);
    for (int s = 0; s < GRADS.length - 1; s++) {
      a.step(xa, view(0, GRADS[s]), LR);
    }
    Optimizer b = kind.create(N);
    for (Map.Entry<String, Matrix> e : a.state().entrySet()) {
      Matrix buf = e.getValue();
      assertEquals(N, buf.size(), e.getKey() + " is as long as the arena");
      assertTrue(buf.sumOfSquares() > 0, e.getKey() + " holds the state");
      b.state().get(e.getKey()).copyFrom(buf.toArray());
    }
    assertEquals(a.state().keySet(), b.state().keySet());
    b.setStepCount(a.stepCount());
    Matrix xb = view(3, toDouble(xa.toArray()));
    Matrix g = view(0, GRADS[GRADS.length - 1]);
    a.step(xa, g, LR);
    b.step(xb, g, LR);
    assertTrue(Arrays.equals(xa.toArray(), xb.toArray()), kind + ": resumed step differs");
    assertEquals(a.stepCount(), b.stepCount());

    if (kind != OptimizerKind.SGD) {
      // Without the restored state the next step would differ: the state matters.
      Optimizer fresh = kind.create(N);
      Matrix xc = view(3, toDouble(xb.toArray()));
      Matrix xd = view(3, toDouble(xb.toArray()));
      fresh.step(xc, g, LR);
      a.step(xd, g, LR);
      assertFalse(Arrays.equals(xc.toArray(), xd.toArray()), kind + ": state had no effect");
    }
  }

  @Test
  void adamNeedsItsStepCount() {
    Optimizer a = OptimizerKind.ADAM.create(N);
    Matrix xa = view(0, X0);
    a.step(xa, view(0, GRADS[0]), LR);
    a.step(xa, view(0, GRADS[1]), LR);
    Optimizer b = OptimizerKind.ADAM.create(N);
    for (Map.Entry<String, Matrix> e : a.state().entrySet()) {
      b.state().get(e.getKey()).copyFrom(e.getValue());
    }
    Matrix xb = view(0, toDouble(xa.toArray()));
    a.step(xa, view(0, GRADS[2]), LR);
    b.step(xb, view(0, GRADS[2]), LR);
    assertFalse(Arrays.equals(xa.toArray(), xb.toArray()), "bias correction depends on the step count");
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  @Test
  void kindsParseAndCarryDefaults() {
    assertEquals(OptimizerKind.ADAM, OptimizerKind.parse(" Adam "));
    assertEquals(OptimizerKind.RMSPROP, OptimizerKind.parse("rmsprop"));
    assertEquals(1e-1f, OptimizerKind.ADAGRAD.defaultLearningRate());
    assertEquals(2e-3f, OptimizerKind.ADAM.defaultLearningRate());
    for (OptimizerKind k : OptimizerKind.values()) {
      assertEquals(k.label(), k.create(3).name());
      assertEquals(0, k.create(3).stepCount());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("adamw"));
    assertTrue(e.getMessage().contains("adamw"), e.getMessage());
  }

  /**
   * A step with a clip value has the bits of clipping the arena first and stepping after, for every
   * optimizer over several steps (state included), spanning more than one chunk; and leaves the gradients
   * as they were.
   */
  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void clippingWhileReadingEqualsClippingFirst(OptimizerKind kind) {
    int n = Chunks.SIZE * 2 + 37;
    java.util.Random random = new java.util.Random(11);
    double[] x0 = new double[n];
    for (int i = 0; i < n; i++) {
      x0[i] = random.nextGaussian();
    }
    Matrix fused = view(3, x0);
    Matrix separate = view(1, x0);
    Optimizer a = kind.create(n);
    Optimizer b = kind.create(n);
    for (int step = 0; step < 3; step++) {
      double[] g = new double[n];
      for (int i = 0; i < n; i++) {
        g[i] = random.nextGaussian() * 4;
      }
      g[5] = 7.5;
      Matrix gradsA = view(2, g);
      a.step(fused, gradsA, LR, 1.5f);
      assertTrue(Arrays.equals(toFloat(g), gradsA.toArray()), "gradients are not modified");
      Matrix gradsB = view(2, g);
      GradientClipping.clipElementwise(gradsB, 1.5f);
      b.step(separate, gradsB, LR);
      assertTrue(Arrays.equals(separate.toArray(), fused.toArray()), kind + " step " + step);
    }
    for (String name : a.state().keySet()) {
      assertTrue(Arrays.equals(b.state().get(name).toArray(), a.state().get(name).toArray()), name);
    }
  }

  /** The update shared across threads (training's two cores) is the same bits as on one thread. */
  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void sharedAcrossThreadsGivesTheSameBits(OptimizerKind kind) {
    int n = Chunks.SIZE * 50 + 37;
    java.util.Random random = new java.util.Random(12);
    double[] x0 = new double[n];
    for (int i = 0; i < n; i++) {
      x0[i] = random.nextGaussian();
    }
    Matrix alone = view(3, x0);
    Matrix shared = view(1, x0);
    Optimizer a = kind.create(n);
    Optimizer b = kind.create(n);
    try (dev.rnn4j.tensor.CoreSplit cores = dev.rnn4j.tensor.CoreSplit.of(3)) {
      b.shareCores(cores);
      for (int step = 0; step < 3; step++) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
          g[i] = random.nextGaussian() * 4;
        }
        a.step(alone, view(2, g), LR, step == 1 ? 1.5f : 0f);
        b.step(shared, view(2, g), LR, step == 1 ? 1.5f : 0f);
        assertTrue(Arrays.equals(alone.toArray(), shared.toArray()), kind + " step " + step);
      }
    }
    for (String name : a.state().keySet()) {
      assertTrue(Arrays.equals(a.state().get(name).toArray(), b.state().get(name).toArray()), name);
    }
  }
}
