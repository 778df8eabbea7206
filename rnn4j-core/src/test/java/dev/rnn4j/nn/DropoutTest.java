package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inverted dropout: identity when off, keep 1-p scaled by 1/(1-p) when training, same mask backwards. */
class DropoutTest {
  static final int ROWS = 100;
  static final int COLS = 100;

  static Matrix randomInput(long seed, int rows, int cols) {
    float[] x = RecurrentLayerContract.randomFloats(new Rng(seed), rows * cols, 1.0);
    // No exact zeros, so a zero output always means a dropped element.
    for (int i = 0; i < x.length; i++) {
      if (x[i] == 0f) {
        x[i] = 0.5f;
      }
    }
    return Matrix.of(rows, cols, x);
  }

  @Test
  void zeroProbabilityIsIdentity() {
    Dropout d = new Dropout(0f);
    d.ensureCapacity(4, 3);
    Matrix x = randomInput(1, 4, 3);
    float[] before = x.toArray();
    assertSame(x, d.forward(x, true, new Rng[] {new Rng(2)}));
    Matrix dy = randomInput(3, 4, 3);
    float[] g = dy.toArray();
    d.backwardInPlace(dy, true);
    assertTrue(Arrays.equals(before, x.toArray()));
    assertTrue(Arrays.equals(g, dy.toArray()));
  }

  @Test
  void evaluationIsIdentityAndDrawsNothing() {
    Dropout d = new Dropout(0.5f);
    d.ensureCapacity(4, 3);
    Matrix x = randomInput(4, 4, 3);
    float[] before = x.toArray();
    Rng rng = new Rng(5);
    assertSame(x, d.forward(x, false, new Rng[] {rng}));
    assertTrue(Arrays.equals(before, x.toArray()));
    assertEquals(new Rng(5).nextLong(), rng.nextLong(), "evaluation must not consume random numbers");
    Matrix dy = randomInput(6, 4, 3);
    float[] g = dy.toArray();
    d.backwardInPlace(dy, false);
    assertTrue(Arrays.equals(g, dy.toArray()));
  }

  @Test
  void trainingKeepsAboutOneMinusPAndScalesKeptValues() {
    float p = 0.3f;
    Dropout d = new Dropout(p);
    d.ensureCapacity(ROWS, COLS);
    Matrix x = randomInput(7, ROWS, COLS);
    float[] in = x.toArray();
    float[] out = d.forward(x, true, new Rng[] {new Rng(8)}).toArray();
    assertTrue(Arrays.equals(in, x.toArray()), "the input must not be modified");
    float scale = 1f / (1f - p);
    int kept = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] != 0f) {
        kept++;
        assertEquals(in[i] * scale, out[i], 1e-6f * Math.abs(out[i]), "kept element " + i);
      }
    }
    // 10 000 Bernoulli(0.7) draws: standard deviation of the fraction is 0.0046; allow 4 of them.
    double fraction = kept / (double) out.length;
    assertEquals(1 - p, fraction, 0.0184, "kept fraction");
    // Inverted dropout keeps the expected sum: mean of out/x is 1.
    double ratio = 0;
    for (int i = 0; i < out.length; i++) {
      ratio += out[i] / in[i];
    }
    assertEquals(1.0, ratio / out.length, 0.03);
  }

  @Test
  void backwardAppliesTheSameMask() {
    Dropout d = new Dropout(0.4f);
    d.ensureCapacity(10, 7);
    Matrix x = randomInput(9, 10, 7);
    float[] in = x.toArray();
    float[] out = d.forward(x, true, new Rng[] {new Rng(10)}).toArray();
    Matrix dy = randomInput(11, 10, 7);
    float[] g = dy.toArray();
    d.backwardInPlace(dy, true);
    float[] dx = dy.toArray();
    int dropped = 0;
    for (int i = 0; i < dx.length; i++) {
      float mask = out[i] / in[i];
      if (out[i] == 0f) {
        dropped++;
        assertEquals(0f, dx[i], 0f, "dropped element " + i + " must get no gradient");
      } else {
        assertEquals(g[i] * mask, dx[i], 1e-5f * Math.abs(dx[i]), "kept element " + i);
      }
    }
    assertTrue(dropped > 0 && dropped < dx.length, "some but not all dropped: " + dropped);
  }

  @Test
  void maskIsReproducibleFromTheSameSeed() {
    Dropout a = new Dropout(0.5f);
    Dropout b = new Dropout(0.5f);
    a.ensureCapacity(8, 9);
    b.ensureCapacity(8, 9);
    Matrix x = randomInput(12, 8, 9);
    float[] first = a.forward(x, true, new Rng[] {new Rng(13)}).toArray();
    float[] same = b.forward(x, true, new Rng[] {new Rng(13)}).toArray();
    float[] other = b.forward(x, true, new Rng[] {new Rng(14)}).toArray();
    assertTrue(Arrays.equals(first, same), "same seed, same mask");
    assertFalse(Arrays.equals(first, other), "another seed, another mask");
  }

  @Test
  void worksOnFewerRowsThanCapacity() {
    Dropout d = new Dropout(0.5f);
    d.ensureCapacity(10, 4);
    Matrix x = randomInput(15, 3, 4);
    Matrix y = d.forward(x, true, new Rng[] {new Rng(16)});
    assertEquals(3, y.rows());
    assertEquals(4, y.cols());
  }

  @Test
  void rejectsProbabilitiesOutsideZeroOne() {
    for (float p : new float[] {1f, 1.5f, -0.1f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p));
      assertTrue(e.getMessage().contains(String.valueOf(p)), e.getMessage());
    }
    assertEquals(0.25f, new Dropout(0.25f).probability());
  }
}
