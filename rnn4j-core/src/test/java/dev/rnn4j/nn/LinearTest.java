package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Linear {@code y = x W^T + b} against a plain double loop, and its backward against central differences of
 * that double loop (tolerances as in {@link RecurrentLayerContract}). Odd sizes N=4, I=3, O=5.
 */
class LinearTest {
  static final int N = 4;
  static final int I = 3;
  static final int O = 5;

  private static final class Fixture {
    final Parameters params = new Parameters();
    final Linear linear;

    Fixture(long seed) {
      linear = new Linear(params, "dec", I, O);
      params.allocate();
      Rng rng = new Rng(seed);
      Matrix v = params.values();
      for (int i = 0; i < v.size(); i++) {
        v.set(i, (float) (rng.nextDouble() - 0.5));
      }
      linear.ensureCapacity(N + 2);
    }
  }

  /** y[n][o] = sum_i x[n][i] * w[o][i] + b[o], in double. */
  static double[] reference(double[] w, double[] b, double[] x, int rows) {
    double[] y = new double[rows * O];
    for (int n = 0; n < rows; n++) {
      for (int o = 0; o < O; o++) {
        double s = b[o];
        for (int i = 0; i < I; i++) {
          s += x[n * I + i] * w[o * I + i];
        }
        y[n * O + o] = s;
      }
    }
    return y;
  }

  @Test
  void namesParametersLikePyTorch() {
    Fixture f = new Fixture(1);
    assertEquals("dec.weight", f.linear.weight().name());
    assertEquals(O, f.linear.weight().rows());
    assertEquals(I, f.linear.weight().cols());
    assertEquals("dec.bias", f.linear.bias().name());
    assertEquals(O, f.linear.bias().size());
    assertEquals(O * I + O, f.params.size());
  }

  @Test
  void forwardMatchesDoubleReference() {
    Fixture f = new Fixture(2);
    float[] x = RecurrentLayerContract.randomFloats(new Rng(3), N * I, 1.0);
    Matrix y = f.linear.forward(Matrix.of(N, I, x));
    assertEquals(N, y.rows());
    assertEquals(O, y.cols());
    double[] want = reference(toDouble(f.linear.weight()), toDouble(f.linear.bias().value().toArray()),
        RecurrentLayerContract.toDouble(x), N);
    for (int k = 0; k < want.length; k++) {
      assertEquals(want[k], y.get(k), 1e-6, "y[" + k / O + "][" + k % O + "]");
    }
  }

  @Test
  void gradientsMatchNumericalGradientsOfDoubleReference() {
    Fixture f = new Fixture(4);
    Rng rng = new Rng(5);
    float[] x = RecurrentLayerContract.randomFloats(rng, N * I, 1.0);
    float[] g = RecurrentLayerContract.randomFloats(rng, N * O, 1.0);
    f.params.zeroGrads();
    f.linear.forward(Matrix.of(N, I, x));
    float[] dx = f.linear.backward(Matrix.of(N, O, g)).toArray();

    double[] w = toDouble(f.linear.weight());
    double[] b = toDouble(f.linear.bias().value().toArray());
    double[] xd = RecurrentLayerContract.toDouble(x);
    DoubleSupplier loss = () -> dot(reference(w, b, xd, N), g);

    float[] dw = f.linear.weight().grad().toArray();
    for (int i = 0; i < w.length; i++) {
      RecurrentLayerContract.assertClose(dw[i], numeric(loss, w, i), "dW[" + i + "]");
    }
    float[] db = f.linear.bias().grad().toArray();
    for (int i = 0; i < b.length; i++) {
      RecurrentLayerContract.assertClose(db[i], numeric(loss, b, i), "db[" + i + "]");
    }
    assertEquals(N * I, dx.length);
    for (int i = 0; i < xd.length; i++) {
      RecurrentLayerContract.assertClose(dx[i], numeric(loss, xd, i), "dx[" + i / I + "][" + i % I + "]");
    }
  }

  @Test
  void backwardAccumulatesParameterGradients() {
    Fixture f = new Fixture(6);
    float[] x = RecurrentLayerContract.randomFloats(new Rng(7), N * I, 1.0);
    float[] g = RecurrentLayerContract.randomFloats(new Rng(8), N * O, 1.0);
    f.params.zeroGrads();
    f.linear.forward(Matrix.of(N, I, x));
    float[] dx1 = f.linear.backward(Matrix.of(N, O, g)).toArray();
    float[] once = f.params.grads().toArray();
    float[] dx2 = f.linear.backward(Matrix.of(N, O, g)).toArray();
    float[] twice = f.params.grads().toArray();
    double norm = 0;
    for (int i = 0; i < once.length; i++) {
      assertEquals(2 * once[i], twice[i], 1e-5f * Math.max(1f, Math.abs(twice[i])), "grad " + i);
      norm += once[i] * once[i];
    }
    assertTrue(norm > 0, "gradients must not all be zero");
    // dx is a fresh result, not accumulated.
    for (int i = 0; i < dx1.length; i++) {
      assertEquals(dx1[i], dx2[i], 0f, "dx " + i);
    }
  }

  @Test
  void fewerRowsThanCapacityUseOnlyThoseRows() {
    Fixture f = new Fixture(9);
    float[] x = RecurrentLayerContract.randomFloats(new Rng(10), 2 * I, 1.0);
    Matrix y = f.linear.forward(Matrix.of(2, I, x));
    assertEquals(2, y.rows());
    double[] want = reference(toDouble(f.linear.weight()), toDouble(f.linear.bias().value().toArray()),
        RecurrentLayerContract.toDouble(x), 2);
    for (int k = 0; k < want.length; k++) {
      assertEquals(want[k], y.get(k), 1e-6);
    }
    f.params.zeroGrads();
    Matrix dx = f.linear.backward(Matrix.of(2, O, new float[2 * O]));
    assertEquals(2, dx.rows());
    assertEquals(0.0, f.params.grads().sumOfSquares(), 0.0);
  }

  static double[] toDouble(Param p) {
    return RecurrentLayerContract.toDouble(p.value().toArray());
  }

  static double[] toDouble(float[] a) {
    return RecurrentLayerContract.toDouble(a);
  }

  static double dot(double[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Central difference with step 1e-6 in double (error ~1e-10 on these smooth functions). */
  static double numeric(DoubleSupplier f, double[] v, int i) {
    double h = 1e-6;
    double old = v[i];
    v[i] = old + h;
    double up = f.getAsDouble();
    v[i] = old - h;
    double down = f.getAsDouble();
    v[i] = old;
    return (up - down) / (2 * h);
  }
}
