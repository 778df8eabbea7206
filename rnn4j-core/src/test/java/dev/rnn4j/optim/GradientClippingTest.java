package dev.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
  /** np.clip(g, -5, 5) elementwise, on a view with data on either side that must stay. */
  @Test
  void elementwiseClampsLikeNumpyClip() {
    float[] g = {-7f, -5f, -4.99f, 0f, 3f, 5f, 5.0001f, 1e6f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
    Matrix big = Matrix.allocate(1, g.length + 2);
    big.set(0, 100f);
    big.set(g.length + 1, -100f);
    Matrix view = big.slice(1, g.length);
    view.copyFrom(g);
    GradientClipping.clipElementwise(view, 5f);
    float[] want = {-5f, -5f, -4.99f, 0f, 3f, 5f, 5f, 5f, -5f, 5f};
    assertTrue(Arrays.equals(want, view.toArray()), Arrays.toString(view.toArray()));
    assertEquals(100f, big.get(0), 0f);
    assertEquals(-100f, big.get(g.length + 1), 0f);

    Rng rng = new Rng(1);
    // several heap chunks and a partial one, on a view that starts inside its parent
    Matrix r = Matrix.allocate(1, 3 * 4096 + 1000).slice(7, 2 * 4096 + 999);
    for (int i = 0; i < r.size(); i++) {
      r.set(i, (float) ((rng.nextDouble() - 0.5) * 30));
    }
    float[] before = r.toArray();
    GradientClipping.clipElementwise(r, 5f);
    for (int i = 0; i < before.length; i++) {
      assertEquals(Math.max(-5f, Math.min(5f, before[i])), r.get(i), 0f, "element " + i);
    }
  }

  /** The chunked, four-way sum of squares against one plain double sum, on a view spanning several chunks. */
  @Test
  void sumOfSquaresOfALongViewMatchesAPlainSum() {
    Rng rng = new Rng(9);
    Matrix parent = Matrix.allocate(1, 3 * 4096 + 17);
    for (int i = 0; i < parent.size(); i++) {
      parent.set(i, (float) (rng.nextDouble() * 2 - 1));
    }
    Matrix view = parent.slice(3, 2 * 4096 + 11);
    double want = 0;
    for (int i = 0; i < view.size(); i++) {
      want += (double) view.get(i) * view.get(i);
    }
    assertEquals(want, view.sumOfSquares(), 1e-12 * want);
  }

  @Test
  void elementwiseKeepsNaN() {
    Matrix m = Matrix.of(1, 2, Float.NaN, 9f);
    GradientClipping.clipElementwise(m, 5f);
    assertTrue(Float.isNaN(m.get(0)), "np.clip keeps NaN");
    assertEquals(5f, m.get(1), 0f);
  }

  @Test
  void globalNormRescalesToTheMaxNormAndReturnsThePreClipNorm() {
    Matrix m = Matrix.of(1, 4, 3f, 0f, -4f, 0f);
    assertEquals(5.0, GradientClipping.globalNorm(m), 1e-12);
    double pre = GradientClipping.clipGlobalNorm(m, 1f);
    assertEquals(5.0, pre, 1e-12);
    assertEquals(0.6f, m.get(0), 1e-6f);
    assertEquals(0f, m.get(1), 0f);
    assertEquals(-0.8f, m.get(2), 1e-6f);
    assertEquals(1.0, GradientClipping.globalNorm(m), 1e-5);

    Rng rng = new Rng(2);
    Matrix r = Matrix.allocate(1, 500);
    for (int i = 0; i < r.size(); i++) {
      r.set(i, (float) rng.nextGaussian());
    }
    float[] before = r.toArray();
    double norm = Math.sqrt(r.sumOfSquares());
    assertEquals(norm, GradientClipping.clipGlobalNorm(r, 5f), 1e-9);
    assertEquals(5.0, GradientClipping.globalNorm(r), 1e-4);
    // The direction is kept: every element scaled by the same factor.
    double s = 5.0 / norm;
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i] * s, r.get(i), 1e-5, "element " + i);
    }
  }

  @Test
  void smallGradientsAreUntouched() {
    float[] g = {0.1f, -0.2f, 0.3f};
    Matrix m = Matrix.of(1, 3, g);
    double pre = GradientClipping.clipGlobalNorm(m, 1f);
    assertEquals(Math.sqrt(0.01 + 0.04 + 0.09), pre, 1e-6);
    assertTrue(Arrays.equals(g, m.toArray()));
    GradientClipping.clipElementwise(m, 5f);
    assertTrue(Arrays.equals(g, m.toArray()));
    Matrix atLimit = Matrix.of(1, 2, 3f, 4f);
    GradientClipping.clipGlobalNorm(atLimit, 5f);
    assertTrue(Arrays.equals(new float[] {3f, 4f}, atLimit.toArray()), "a norm equal to the max is kept");
  }

  @Test
  void nonFiniteGradientsShowInTheNorm() {
    assertTrue(Double.isNaN(GradientClipping.globalNorm(Matrix.of(1, 2, 1f, Float.NaN))));
    assertTrue(Double.isInfinite(GradientClipping.globalNorm(Matrix.of(1, 2, 1f, Float.POSITIVE_INFINITY))));
  }

  @Test
  void rejectsNonPositiveLimits() {
    Matrix m = Matrix.of(1, 1, 1f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientClipping.clipElementwise(m, 0f));
    assertTrue(e.getMessage().contains("0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(m, -1f));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(m, Float.NaN));
  }
}
