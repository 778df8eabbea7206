package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tests every recurrent cell passes (torch-rnn's habit: fused path against a plain loop, gradient
 * check of every input, initial state and parameter, on tiny odd sizes so shape bugs surface).
 *
 * <p>Tolerances: forward outputs within 2e-6 of the double reference (float rounding of a few products
 * of values near 1). Gradients: the float layer's analytic gradient against central differences of the
 * double reference (step 1e-6, error ~1e-10), with |a - n| <= 1e-4 * max(1, |a|, |n|): float32 gives ~7
 * digits, and a wrong term in a backward pass is off by far more than 1e-4 on these values.
 */
abstract class RecurrentLayerContract {
  static final int B = 2;
  static final int T = 4;
  static final int I = 3;
  static final int H = 5;

  /** A new layer of this cell in {@code params} (not yet allocated). */
  abstract RecurrentLayer newLayer(Parameters params, int inputSize, int hiddenSize);

  abstract CellReference reference();

  // ---- fixtures -------------------------------------------------------------------------------

  static final class Fixture {
    final Parameters params = new Parameters();
    final RecurrentLayer layer;

    Fixture(RecurrentLayerContract c, int inputSize, long seed) {
      layer = c.newLayer(params, inputSize, H);
      params.allocate();
      Rng rng = new Rng(seed);
      Matrix v = params.values();
      for (int i = 0; i < v.size(); i++) {
        v.set(i, (float) (rng.nextDouble() - 0.5));
      }
      layer.ensureCapacity(B, T * 2);
    }

    Map<String, double[]> paramMap() {
      Map<String, double[]> m = new LinkedHashMap<>();
      for (Param p : params.list()) {
        m.put(p.name(), toDouble(p.value().toArray()));
      }
      return m;
    }
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  static float[] randomFloats(Rng rng, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  /** x[t][b][i] from rows t*B+b of a flat float array. */
  static double[][][] toSteps(float[] flat, int steps, int batch, int width) {
    double[][][] x = new double[steps][batch][width];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < width; i++) {
          x[t][b][i] = flat[(t * batch + b) * width + i];
        }
      }
    }
    return x;
  }

  private double[][][] stateOf(RecurrentLayer layer) {
    Matrix[] s = layer.state();
    double[][][] out = new double[s.length][B][H];
    for (int k = 0; k < s.length; k++) {
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < H; j++) {
          out[k][b][j] = s[k].get(b, j);
        }
      }
    }
    return out;
  }

  private static void setState(RecurrentLayer layer, float[][] s) {
    Matrix[] st = layer.state();
    for (int k = 0; k < st.length; k++) {
      st[k].copyFrom(s[k]);
    }
  }

  /** The test loss: sum over steps, streams and units of h * g. */
  static double loss(double[][][] h, float[] g) {
    double s = 0;
    int k = 0;
    for (double[][] step : h) {
      for (double[] row : step) {
        for (double v : row) {
          s += v * g[k++];
        }
      }
    }
    return s;
  }

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  void forwardMatchesDoubleReference() {
    Fixture f = new Fixture(this, I, 1);
    Rng rng = new Rng(2);
    float[] x = randomFloats(rng, T * B * I, 1.0);
    float[][] s0 = new float[reference().stateCount()][];
    for (int k = 0; k < s0.length; k++) {
      s0[k] = randomFloats(rng, B * H, 0.8);
    }
    setState(f.layer, s0);
    double[][][] refState = new double[s0.length][][];
    for (int k = 0; k < s0.length; k++) {
      refState[k] = toSteps(s0[k], 1, B, H)[0];
    }
    double[][][] want = reference().forward(f.paramMap(), toSteps(x, T, B, I), refState);
    f.layer.forward(Matrix.of(T * B, I, x), T);
    double[][][] got = toSteps(f.layer.output().toArray(), T, B, H);
    for (int t = 0; t < T; t++) {
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < H; j++) {
          assertEquals(want[t][b][j], got[t][b][j], 2e-6, "h at t=" + t + " b=" + b + " j=" + j);
        }
      }
    }
    double[][][] gotState = stateOf(f.layer);
    for (int k = 0; k < refState.length; k++) {
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < H; j++) {
          assertEquals(refState[k][b][j], gotState[k][b][j], 2e-6, "final state " + k);
        }
      }
    }
  }

  @Test
  void gradientsMatchNumericalGradientsOfDoubleReference() {
    Fixture f = new Fixture(this, I, 3);
    Rng rng = new Rng(4);
    float[] x = randomFloats(rng, T * B * I, 1.0);
    int sc = reference().stateCount();
    float[][] s0 = new float[sc][];
    for (int k = 0; k < sc; k++) {
      s0[k] = randomFloats(rng, B * H, 0.8);
    }
    float[] g = randomFloats(rng, T * B * H, 1.0);

    setState(f.layer, s0);
    f.params.zeroGrads();
    f.layer.forward(Matrix.of(T * B, I, x), T);
    f.layer.gradOutput().copyFrom(g);
    f.layer.backward();

    Map<String, double[]> p = f.paramMap();
    double[][][] xs = toSteps(x, T, B, I);
    double[][][] st = new double[sc][][];
    for (int k = 0; k < sc; k++) {
      st[k] = toSteps(s0[k], 1, B, H)[0];
    }
    CellReference ref = reference();
    java.util.function.DoubleSupplier lossFn = () -> {
      double[][][] stc = new double[sc][B][];
      for (int k = 0; k < sc; k++) {
        for (int b = 0; b < B; b++) {
          stc[k][b] = st[k][b].clone();
        }
      }
      return loss(ref.forward(p, xs, stc), g);
    };

    for (Param par : f.params.list()) {
      double[] v = p.get(par.name());
      float[] analytic = par.grad().toArray();
      for (int i = 0; i < v.length; i++) {
        double numeric = numeric(lossFn, v, i);
        assertClose(analytic[i], numeric, par.name() + "[" + i + "]");
      }
    }
    float[] dx = f.layer.gradInput().toArray();
    for (int t = 0; t < T; t++) {
      for (int b = 0; b < B; b++) {
        for (int i = 0; i < I; i++) {
          double numeric = numeric(lossFn, xs[t][b], i);
          assertClose(dx[(t * B + b) * I + i], numeric, "dx[" + t + "][" + b + "][" + i + "]");
        }
      }
    }
    Matrix[] gs = f.layer.gradState();
    assertEquals(sc, gs.length, "one state gradient per state tensor");
    for (int k = 0; k < sc; k++) {
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < H; j++) {
          double numeric = numeric(lossFn, st[k][b], j);
          assertClose(gs[k].get(b, j), numeric, "dstate" + k + "[" + b + "][" + j + "]");
        }
      }
    }
  }

  /**
   * A layer wide enough for the vectorized paths: recurrent products in row blocks of 8 and a padded 4
   * (9 streams), gate blocks longer than the 16 lanes of a vector with a tail (37 units), and windows
   * long enough to pack the weights. Forward against the double reference; every parameter's gradient, on
   * a sample of entries, against the numerical gradient.
   */
  @Test
  void wideLayerMatchesDoubleReference() {
    int b = 9;
    int h = 37;
    int t = 5;
    int in = 6;
    Parameters params = new Parameters();
    RecurrentLayer layer = newLayer(params, in, h);
    params.allocate();
    Rng rng = new Rng(21);
    Matrix v = params.values();
    for (int i = 0; i < v.size(); i++) {
      v.set(i, (float) ((rng.nextDouble() - 0.5) * 0.6));
    }
    layer.ensureCapacity(b, t);
    float[] x = randomFloats(rng, t * b * in, 1.0);
    float[] g = randomFloats(rng, t * b * h, 1.0);
    params.zeroGrads();
    layer.forward(Matrix.of(t * b, in, x), t);
    Map<String, double[]> p = new LinkedHashMap<>();
    for (Param par : params.list()) {
      p.put(par.name(), toDouble(par.value().toArray()));
    }
    double[][][] xs = toSteps(x, t, b, in);
    int sc = reference().stateCount();
    CellReference ref = reference();
    java.util.function.DoubleSupplier lossFn = () -> loss(ref.forward(p, xs, new double[sc][b][h]), g);
    double[][][] want = ref.forward(p, xs, new double[sc][b][h]);
    double[][][] got = toSteps(layer.output().toArray(), t, b, h);
    for (int s = 0; s < t; s++) {
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < h; j++) {
          assertEquals(want[s][r][j], got[s][r][j], 1e-5, "h at t=" + s + " b=" + r + " j=" + j);
        }
      }
    }
    layer.gradOutput().copyFrom(g);
    layer.backward();
    for (Param par : params.list()) {
      double[] values = p.get(par.name());
      float[] analytic = par.grad().toArray();
      for (int n = 0; n < 30; n++) {
        int i = rng.nextInt(values.length);
        assertClose(analytic[i], numeric(lossFn, values, i), par.name() + "[" + i + "]");
      }
    }
  }

  private static double numeric(java.util.function.DoubleSupplier f, double[] v, int i) {
    double h = 1e-6;
    double old = v[i];
    v[i] = old + h;
    double up = f.getAsDouble();
    v[i] = old - h;
    double down = f.getAsDouble();
    v[i] = old;
    return (up - down) / (2 * h);
  }

  static void assertClose(double analytic, double numeric, String what) {
    double tol = 1e-4 * Math.max(1.0, Math.max(Math.abs(analytic), Math.abs(numeric)));
    assertTrue(Math.abs(analytic - numeric) <= tol,
        what + ": analytic " + analytic + " vs numerical " + numeric);
  }

  @Test
  void stateCarriedAcrossWindowsEqualsOneLongWindow() {
    Fixture a = new Fixture(this, I, 5);
    Fixture b = new Fixture(this, I, 5);
    float[] x = randomFloats(new Rng(6), 2 * T * B * I, 1.0);
    a.layer.forward(Matrix.of(2 * T * B, I, x), 2 * T);
    float[] whole = a.layer.output().toArray();

    Matrix xm = Matrix.of(2 * T * B, I, x);
    b.layer.forward(xm.rows(0, T * B), T);
    float[] first = b.layer.output().toArray();
    b.layer.forward(xm.rows(T * B, T * B), T);
    float[] second = b.layer.output().toArray();
    for (int i = 0; i < first.length; i++) {
      assertEquals(whole[i], first[i], 1e-6f);
      assertEquals(whole[first.length + i], second[i], 1e-6f);
    }
  }

  @Test
  void resetStateStartsFromZero() {
    Fixture a = new Fixture(this, I, 7);
    float[] x = randomFloats(new Rng(8), T * B * I, 1.0);
    a.layer.forward(Matrix.of(T * B, I, x), T);
    float[] fresh = a.layer.output().toArray();
    a.layer.forward(Matrix.of(T * B, I, x), T);
    float[] carried = a.layer.output().toArray();
    a.layer.resetState();
    for (Matrix s : a.layer.state()) {
      assertEquals(0.0, s.sumOfSquares(), 0.0);
    }
    a.layer.forward(Matrix.of(T * B, I, x), T);
    float[] reset = a.layer.output().toArray();
    boolean differs = false;
    for (int i = 0; i < fresh.length; i++) {
      assertEquals(fresh[i], reset[i], 0f);
      differs |= fresh[i] != carried[i];
    }
    assertTrue(differs, "a carried state must change the outputs");
  }

  @Test
  void oneHotInputEqualsDenseOneHotMatrices() {
    int v = 7;
    Fixture a = new Fixture(this, v, 9);
    Fixture b = new Fixture(this, v, 9);
    Rng rng = new Rng(10);
    int[] ids = new int[T * B];
    float[] dense = new float[T * B * v];
    for (int r = 0; r < ids.length; r++) {
      ids[r] = rng.nextInt(v);
      dense[r * v + ids[r]] = 1f;
    }
    float[] g = randomFloats(rng, T * B * H, 1.0);
    a.params.zeroGrads();
    b.params.zeroGrads();
    a.layer.forwardOneHot(ids, T);
    b.layer.forward(Matrix.of(T * B, v, dense), T);
    float[] oa = a.layer.output().toArray();
    float[] ob = b.layer.output().toArray();
    for (int i = 0; i < oa.length; i++) {
      assertEquals(ob[i], oa[i], 1e-6f);
    }
    a.layer.gradOutput().copyFrom(g);
    b.layer.gradOutput().copyFrom(g);
    a.layer.backward();
    b.layer.backward();
    float[] ga = a.params.grads().toArray();
    float[] gb = b.params.grads().toArray();
    for (int i = 0; i < ga.length; i++) {
      assertEquals(gb[i], ga[i], 1e-5f, "grad " + i);
    }
  }

  /**
   * A per-sequence term is a bias of that sequence alone: stream b of a window run with {@code perSequence}
   * equals stream b of the same window run with {@code perSequence[b]} added to the bias, and its gradient
   * equals the bias gradient of that run when only stream b's outputs carry a loss. The bias gradient is
   * itself checked numerically above, so this checks {@link RecurrentLayer#gradPerSequence} too.
   */
  @Test
  void perSequenceTermActsAsABiasOfEachSequence() {
    Fixture f = new Fixture(this, I, 14);
    Rng rng = new Rng(15);
    int gh = f.layer.projectionWidth();
    float[] x = randomFloats(rng, T * B * I, 1.0);
    float[] extra = randomFloats(rng, B * gh, 0.7);
    float[] g = randomFloats(rng, T * B * H, 1.0);
    f.params.zeroGrads();
    f.layer.forward(Matrix.of(T * B, I, x), Matrix.of(B, gh, extra), T);
    float[] out = f.layer.output().toArray();
    f.layer.gradOutput().copyFrom(g);
    f.layer.backward();
    Matrix dExtra = Matrix.allocate(B, gh);
    f.layer.gradPerSequence(dExtra);
    float[] paramGrads = f.params.grads().toArray();

    float[] biasGradSum = new float[gh];
    for (int b = 0; b < B; b++) {
      Fixture one = new Fixture(this, I, 14);
      Matrix bias = one.params.get(paramName("bias_ih")).value();
      for (int j = 0; j < gh; j++) {
        bias.set(j, bias.get(j) + extra[b * gh + j]);
      }
      one.params.zeroGrads();
      one.layer.forward(Matrix.of(T * B, I, x), T);
      float[] onlyB = new float[g.length];
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < H; j++) {
          int r = (t * B + b) * H + j;
          assertEquals(one.layer.output().get(r), out[r], 1e-6f, "h of stream " + b + " at t=" + t);
          onlyB[r] = g[r];
        }
      }
      one.layer.gradOutput().copyFrom(onlyB);
      one.layer.backward();
      Matrix dBias = one.params.get(paramName("bias_ih")).grad();
      for (int j = 0; j < gh; j++) {
        assertEquals(dBias.get(j), dExtra.get(b, j), 1e-5f * Math.max(1f, Math.abs(dBias.get(j))),
            "d perSequence[" + b + "][" + j + "]");
        biasGradSum[j] += dBias.get(j);
      }
    }
    // the layer's own bias gradient is still the sum over streams
    Param bias = f.params.get(paramName("bias_ih"));
    for (int j = 0; j < gh; j++) {
      assertEquals(biasGradSum[j], paramGrads[bias.start() + j], 1e-5f * Math.max(1f, Math.abs(biasGradSum[j])));
    }
    assertTrue(dExtra.sumOfSquares() > 1e-4, "the per-sequence gradient must not vanish");
  }

  private static String paramName(String base) {
    return "rnn." + base + "_l0";
  }

  @Test
  void backwardAccumulatesIntoGradients() {
    Fixture a = new Fixture(this, I, 11);
    float[] x = randomFloats(new Rng(12), T * B * I, 1.0);
    float[] g = randomFloats(new Rng(13), T * B * H, 1.0);
    a.params.zeroGrads();
    a.layer.forward(Matrix.of(T * B, I, x), T);
    a.layer.gradOutput().copyFrom(g);
    a.layer.backward();
    float[] once = a.params.grads().toArray();
    a.layer.backward();
    float[] twice = a.params.grads().toArray();
    double norm = 0;
    for (int i = 0; i < once.length; i++) {
      assertEquals(2 * once[i], twice[i], 1e-5f * Math.max(1f, Math.abs(twice[i])));
      norm += once[i] * once[i];
    }
    assertTrue(norm > 0, "gradients must not all be zero");
  }
}
