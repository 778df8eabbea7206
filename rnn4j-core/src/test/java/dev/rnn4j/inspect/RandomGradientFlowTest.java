package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.inspect.RandomGradientFlow.Nonlinearity;
import dev.rnn4j.inspect.RandomGradientFlow.Result;
import dev.rnn4j.inspect.RandomGradientFlow.Settings;
import dev.rnn4j.tensor.Rng;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.api.Test;

/** The random-recurrence experiment: exact cases, the lecture's two regimes, and a gradient check. */
class RandomGradientFlowTest {
  private static final Settings DEFAULTS = new Settings(100, 100, 4, 1, 5);

  @Test
  void spectralRadiusIsTheLargestEigenvalueModulusNotTheLargestSingularValue() {
    // Upper triangular: eigenvalues 0.5 and -0.25, largest singular value about 10.
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{0.5, 10}, {0, -0.25}});
    assertEquals(0.5, SpectralRadius.of(w), 1e-12);
    // A rotation by 90 degrees scaled by 2: eigenvalues +-2i.
    DMatrixRMaj r = new DMatrixRMaj(new double[][] {{0, -2}, {2, 0}});
    assertEquals(2, SpectralRadius.of(r), 1e-12);
    DMatrixRMaj g = gaussian(new Rng(3), 30, 30);
    assertEquals(1.1, SpectralRadius.of(SpectralRadius.rescaled(g, 1.1)), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> SpectralRadius.of(new DMatrixRMaj(2, 3)));
  }

  @Test
  void linearRecurrenceWithScaledOrthogonalMatrixGivesExactlyRhoToTheK() {
    int h = 20;
    int steps = 60;
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(h, h);
    qr.decompose(gaussian(new Rng(5), h, h));
    DMatrixRMaj q = qr.getQ(null, false);
    for (double rho : new double[] {0.5, 0.9, 1.0, 1.1, 1.5}) {
      DMatrixRMaj w = q.copy();
      CommonOps_DDRM.scale(rho, w);
      assertEquals(rho, SpectralRadius.of(w), 1e-9);
      RandomRecurrence run = new RandomRecurrence(w, Nonlinearity.LINEAR, gaussian(new Rng(6), h, 1),
          drive(new Rng(7), h, steps));
      DMatrixRMaj g = gaussian(new Rng(8), h, 1);
      CommonOps_DDRM.divide(g, NormOps_DDRM.normF(g));
      double[] norms = run.backward(g).stateNorms();
      assertEquals(steps + 1, norms.length);
      for (int k = 0; k <= steps; k++) {
        assertEquals(Math.pow(rho, k), norms[k], 1e-10 * Math.pow(rho, k), "rho " + rho + ", k " + k);
      }
    }
  }

  @Test
  void tanhBelowOneVanishes() {
    Result r = RandomGradientFlow.measure(Nonlinearity.TANH, new double[] {0.5}, DEFAULTS).get(0);
    assertEquals(1.0, r.state().at(0), 1e-12);
    assertTrue(r.state().at(50) < 1e-6, "tanh rho 0.5 at k=50: " + r.state().at(50));
    assertTrue(r.state().at(100) < r.state().at(50));
    assertEquals(100, r.state().lastStep());
  }

  @Test
  void linearAboveOneExplodes() {
    Result r = RandomGradientFlow.measure(Nonlinearity.LINEAR, new double[] {1.5}, DEFAULTS).get(0);
    assertTrue(r.state().at(100) > 1e6, "linear rho 1.5 at k=100: " + r.state().at(100));
  }

  /**
   * ReLU zeroes about half the units each step, so the gain per step is nearer rho / sqrt(2) than rho:
   * rho = 1.5 only just grows, rho = 2 explodes. tanh's slope is below 1 wherever it is not at 0, so
   * at the same rho it keeps less than the linear recurrence.
   */
  @Test
  void nonlinearitiesMoveTheThresholdAboveOne() {
    double[] rhos = {1.5, 2.0};
    List<Result> relu = RandomGradientFlow.measure(Nonlinearity.RELU, rhos, DEFAULTS);
    List<Result> linear = RandomGradientFlow.measure(Nonlinearity.LINEAR, rhos, DEFAULTS);
    List<Result> tanh = RandomGradientFlow.measure(Nonlinearity.TANH, rhos, DEFAULTS);
    assertTrue(relu.get(1).state().at(100) > 1e6, "relu rho 2 at k=100: " + relu.get(1).state().at(100));
    assertTrue(relu.get(0).state().at(100) > relu.get(0).state().at(10), "relu rho 1.5 grows");
    assertTrue(relu.get(0).state().at(100) < 1e-6 * linear.get(0).state().at(100), "relu rho 1.5 vs linear");
    for (int i = 0; i < rhos.length; i++) {
      assertTrue(tanh.get(i).state().at(50) < linear.get(i).state().at(50), "tanh vs linear, rho " + rhos[i]);
    }
  }

  @Test
  void curvesAreOrderedByRho() {
    double[] rhos = {0.5, 0.9, 1.0, 1.1, 1.5};
    List<Result> rs = RandomGradientFlow.measure(Nonlinearity.RELU, rhos, new Settings(50, 60, 3, 2, 5));
    for (int i = 1; i < rhos.length; i++) {
      assertTrue(rs.get(i).state().at(60) > rs.get(i - 1).state().at(60), "rho " + rhos[i]);
      assertEquals("relu, rho=" + RandomGradientFlow.formatRho(rhos[i]), rs.get(i).state().label());
    }
  }

  @Test
  void clippingCapsTheExplodingWeightGradientAndLeavesTheVanishingOneAlone() {
    double clip = 5;
    Settings s = new Settings(100, 100, 4, 1, clip);
    Result explode = RandomGradientFlow.measure(Nonlinearity.RELU, new double[] {2.0}, s).get(0);
    Result vanish = RandomGradientFlow.measure(Nonlinearity.TANH, new double[] {0.5}, s).get(0);
    assertTrue(explode.weightNorm() > 1e3 * clip, "exploding |dL/dW| " + explode.weightNorm());
    double rawMax = max(explode.weightTerm().values());
    double clippedMax = max(explode.clippedWeight().values());
    assertTrue(rawMax > 1e3 * clip, "raw terms explode: " + rawMax);
    assertTrue(clippedMax <= clip, "clipped terms are capped: " + clippedMax);
    // One factor for every k: the shape (far terms against near ones) is unchanged.
    double ratioRaw = explode.weightTerm().at(80) / explode.weightTerm().at(5);
    double ratioClipped = explode.clippedWeight().at(80) / explode.clippedWeight().at(5);
    assertEquals(ratioRaw, ratioClipped, 1e-9 * ratioRaw);
    assertTrue(vanish.weightNorm() < clip, "vanishing |dL/dW| " + vanish.weightNorm());
    for (int k = 0; k < 100; k++) {
      assertEquals(vanish.weightTerm().at(k), vanish.clippedWeight().at(k), 0);
    }
    assertTrue(vanish.clippedWeight().at(50) < 1e-6, "clipping cannot lift a vanishing gradient");
  }

  @Test
  void stateAndWeightGradientsMatchCentralDifferences() {
    int h = 5;
    int steps = 6;
    for (Nonlinearity f : new Nonlinearity[] {Nonlinearity.TANH, Nonlinearity.LINEAR}) {
      DMatrixRMaj w = SpectralRadius.rescaled(gaussian(new Rng(11), h, h), 1.2);
      DMatrixRMaj h0 = gaussian(new Rng(12), h, 1);
      DMatrixRMaj[] drive = drive(new Rng(13), h, steps);
      DMatrixRMaj g = gaussian(new Rng(14), h, 1);
      RandomRecurrence.Gradients grads = new RandomRecurrence(w, f, h0, drive).backward(g);
      double eps = 1e-6;
      for (int i = 0; i < h; i++) {
        DMatrixRMaj plus = h0.copy();
        DMatrixRMaj minus = h0.copy();
        plus.data[i] += eps;
        minus.data[i] -= eps;
        double numeric = (loss(w, f, plus, drive, g) - loss(w, f, minus, drive, g)) / (2 * eps);
        assertEquals(numeric, grads.initialStateGradient().data[i], 1e-7 * Math.max(1, Math.abs(numeric)),
            f + " dL/dh_0[" + i + "]");
      }
      assertEquals(NormOps_DDRM.normF(grads.initialStateGradient()), grads.stateNorms()[steps], 1e-12);
      for (int i = 0; i < h * h; i++) {
        DMatrixRMaj plus = w.copy();
        DMatrixRMaj minus = w.copy();
        plus.data[i] += eps;
        minus.data[i] -= eps;
        double numeric = (loss(plus, f, h0, drive, g) - loss(minus, f, h0, drive, g)) / (2 * eps);
        assertEquals(numeric, grads.weightGradient().data[i], 1e-7 * Math.max(1, Math.abs(numeric)),
            f + " dL/dW[" + i + "]");
      }
    }
  }

  @Test
  void settingsRefuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new Settings(0, 10, 1, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new Settings(10, 0, 1, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new Settings(10, 10, 0, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new Settings(10, 10, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Settings(10, 10, 1, 1, Double.NaN));
  }

  private static double loss(DMatrixRMaj w, Nonlinearity f, DMatrixRMaj h0, DMatrixRMaj[] drive, DMatrixRMaj g) {
    return CommonOps_DDRM.dot(g, new RandomRecurrence(w, f, h0, drive).lastState());
  }

  private static DMatrixRMaj[] drive(Rng rng, int h, int steps) {
    DMatrixRMaj[] d = new DMatrixRMaj[steps];
    for (int t = 0; t < steps; t++) {
      d[t] = gaussian(rng, h, 1);
    }
    return d;
  }

  private static DMatrixRMaj gaussian(Rng rng, int rows, int cols) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = rng.nextGaussian() / Math.sqrt(rows);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
