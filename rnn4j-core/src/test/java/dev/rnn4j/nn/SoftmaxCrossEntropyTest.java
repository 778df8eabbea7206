package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Fused softmax + cross-entropy against a plain double computation, and softmax with temperature. */
class SoftmaxCrossEntropyTest {
  static final int N = 4;
  static final int V = 7;

  /** sum_r log(sum_j exp(z_rj)) - z_r,y_r, by log-sum-exp in double. */
  static double referenceLoss(double[] z, int[] y, int rows, int v) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < v; j++) {
        max = Math.max(max, z[r * v + j]);
      }
      double s = 0;
      for (int j = 0; j < v; j++) {
        s += Math.exp(z[r * v + j] - max);
      }
      total += max + Math.log(s) - z[r * v + y[r]];
    }
    return total;
  }

  @Test
  void lossMatchesDoubleComputation() {
    float[] z = RecurrentLayerContract.randomFloats(new Rng(1), N * V, 3.0);
    int[] y = {0, 6, 3, 3};
    Matrix logits = Matrix.of(N, V, z);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, y, 1f, false);
    double want = referenceLoss(RecurrentLayerContract.toDouble(z), y, N, V);
    assertEquals(want, loss, 1e-6 * want);
    assertTrue(Arrays.equals(z, logits.toArray()), "no gradient asked: logits untouched");
  }

  @Test
  void uniformLogitsGiveLogV() {
    Matrix logits = Matrix.allocate(3, V);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0, 1, 2}, 1f, false);
    assertEquals(3 * Math.log(V), loss, 1e-12);
  }

  @Test
  void largeLogitsStayFinite() {
    float[] z = {1000f, 999f, 998f, -1000f, 0f, 0f, 0f, 1000f, 0f, 0f, 0f, 0f, 0f, 0f};
    int[] y = {1, 0};
    Matrix logits = Matrix.of(2, V, z);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, y, 1f, true);
    double want = referenceLoss(RecurrentLayerContract.toDouble(z), y, 2, V);
    // Row 0: log(1 + e^-1 + e^-2) + 1; row 1: log(1 + 6 e^-1000) ~ 0.
    assertEquals(Math.log(1 + Math.exp(-1) + Math.exp(-2)) + 1, want, 1e-12);
    assertTrue(Double.isFinite(loss), "loss " + loss);
    // the exponentials are floats (relative error under 2e-7 each), summed in double
    assertEquals(want, loss, 1e-7);
    for (float g : logits.toArray()) {
      assertTrue(Float.isFinite(g), "gradient " + g);
    }
    // Row 1 is a certain prediction of the right target: zero gradient.
    for (int j = 0; j < V; j++) {
      assertEquals(0f, logits.get(1, j), 1e-30f);
    }
    // A confident wrong prediction: the loss is the logit gap.
    Matrix wrong = Matrix.of(1, 3, 1000f, -1000f, 0f);
    assertEquals(2000.0, SoftmaxCrossEntropy.lossAndGradient(wrong, new int[] {1}, 1f, false), 1e-9);
  }

  @Test
  void scaledGradientMatchesNumericalGradientOfDoubleLoss() {
    float[] z = RecurrentLayerContract.randomFloats(new Rng(2), N * V, 2.0);
    int[] y = {5, 0, 2, 5};
    float scale = 0.25f;
    Matrix logits = Matrix.of(N, V, z);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, y, scale, true);
    float[] grad = logits.toArray();
    double[] zd = RecurrentLayerContract.toDouble(z);
    assertEquals(referenceLoss(zd, y, N, V), loss, 1e-6 * loss, "loss is not scaled");
    DoubleSupplier f = () -> referenceLoss(zd, y, N, V);
    for (int i = 0; i < zd.length; i++) {
      RecurrentLayerContract.assertClose(grad[i], scale * LinearTest.numeric(f, zd, i), "dz[" + i / V + "][" + i % V + "]");
    }
    // Each row of softmax - onehot sums to zero.
    for (int r = 0; r < N; r++) {
      double s = 0;
      for (int j = 0; j < V; j++) {
        s += grad[r * V + j];
      }
      assertEquals(0.0, s, 1e-6, "row " + r);
    }
  }

  @Test
  void rejectsTargetsOutsideTheVocabulary() {
    Matrix logits = Matrix.allocate(2, V);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0, V}, 1f, true));
    assertTrue(e.getMessage().contains(String.valueOf(V)), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {-1, 0}, 1f, true));
  }

  @Test
  void ignoredRowsAddNoLossAndNoGradientAndOthersMatchTheUnmaskedLoss() {
    float[] z = RecurrentLayerContract.randomFloats(new Rng(5), N * V, 2.0);
    int[] y = {4, SoftmaxCrossEntropy.IGNORE, 1, SoftmaxCrossEntropy.IGNORE};
    Matrix masked = Matrix.of(N, V, z);
    double loss = SoftmaxCrossEntropy.lossAndGradientIgnoring(masked, y, 0.5f, true);
    // the same two valid rows alone, through the unmasked path
    float[] kept = new float[2 * V];
    System.arraycopy(z, 0, kept, 0, V);
    System.arraycopy(z, 2 * V, kept, V, V);
    Matrix plain = Matrix.of(2, V, kept);
    double want = SoftmaxCrossEntropy.lossAndGradient(plain, new int[] {4, 1}, 0.5f, true);
    assertEquals(want, loss, 0.0);
    for (int j = 0; j < V; j++) {
      assertEquals(plain.get(0, j), masked.get(0, j), 0f, "row 0 gradient");
      assertEquals(plain.get(1, j), masked.get(2, j), 0f, "row 2 gradient");
      assertEquals(0f, masked.get(1, j), 0f, "ignored row 1 gets no gradient");
      assertEquals(0f, masked.get(3, j), 0f, "ignored row 3 gets no gradient");
    }
    // without a gradient the logits are left alone, ignored rows included
    Matrix untouched = Matrix.of(N, V, z);
    assertEquals(want, SoftmaxCrossEntropy.lossAndGradientIgnoring(untouched, y, 1f, false), 0.0);
    assertTrue(Arrays.equals(z, untouched.toArray()));
    // all rows ignored: zero loss
    assertEquals(0.0, SoftmaxCrossEntropy.lossAndGradientIgnoring(Matrix.of(N, V, z),
        new int[] {-100, -100, -100, -100}, 1f, true), 0.0);
  }

  @Test
  void ignoringVariantStillRejectsOtherOutOfRangeTargets() {
    Matrix logits = Matrix.allocate(2, V);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradientIgnoring(logits, new int[] {0, V}, 1f, true));
    assertTrue(e.getMessage().contains(String.valueOf(V)), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradientIgnoring(logits, new int[] {-1, 0}, 1f, true));
    // and the plain variant treats IGNORE as the out-of-range id it is
    assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {SoftmaxCrossEntropy.IGNORE, 0}, 1f, true));
  }

  @Test
  void softmaxAtTemperatureOneIsExpOverSum() {
    float[] z = RecurrentLayerContract.randomFloats(new Rng(3), 2 * V, 2.0);
    Matrix logits = Matrix.of(2, V, z);
    double[] p = new double[V];
    SoftmaxCrossEntropy.softmax(logits, 1, 1f, p);
    double s = 0;
    for (int j = 0; j < V; j++) {
      s += Math.exp(z[V + j]);
    }
    for (int j = 0; j < V; j++) {
      assertEquals(Math.exp(z[V + j]) / s, p[j], 1e-12, "p[" + j + "]");
    }
  }

  @Test
  void softmaxWithTemperatureSumsToOneAndSharpensAsTemperatureFalls() {
    float[] z = {0.3f, -1.2f, 2.0f, 0.9f, 1.95f, -0.4f, 0f};
    Matrix logits = Matrix.of(1, V, z);
    float[] temperatures = {5f, 2f, 1f, 0.5f, 0.1f, 0.01f};
    double lastMax = 0;
    double lastEntropy = Double.POSITIVE_INFINITY;
    double[] p = new double[V];
    for (float t : temperatures) {
      SoftmaxCrossEntropy.softmax(logits, 0, t, p);
      double sum = 0;
      double entropy = 0;
      for (double pj : p) {
        assertTrue(pj >= 0 && pj <= 1, "probability " + pj);
        sum += pj;
        entropy -= pj > 0 ? pj * Math.log(pj) : 0;
      }
      assertEquals(1.0, sum, 1e-12, "sum at temperature " + t);
      assertTrue(p[2] > lastMax, "p(argmax) must grow as temperature falls, at " + t);
      assertTrue(entropy < lastEntropy, "entropy must fall as temperature falls, at " + t);
      lastMax = p[2];
      lastEntropy = entropy;
    }
    assertTrue(lastMax > 0.99, "at 0.01 nearly all mass on the argmax: " + lastMax);
    SoftmaxCrossEntropy.softmax(logits, 0, 1000f, p);
    for (double pj : p) {
      assertEquals(1.0 / V, pj, 1e-3, "very high temperature is nearly uniform");
    }
    // Tiny temperature and large logits: no overflow.
    SoftmaxCrossEntropy.softmax(Matrix.of(1, 3, 1000f, 999f, -1000f), 0, 1e-3f, p);
    assertEquals(1.0, p[0], 0.0);
    assertEquals(0.0, p[1], 0.0);
  }
}
