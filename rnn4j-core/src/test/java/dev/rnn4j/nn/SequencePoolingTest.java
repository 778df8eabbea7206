package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Pooling over ragged lengths: backward against central differences of the forward (the pooling is linear
 * or piecewise linear, so differences of float values at step 1e-2 are exact to ~1e-5), and padding that
 * never enters a pooled value. B 3, T 4, W 5 with lengths {4, 1, 3}.
 */
class SequencePoolingTest {
  static final int B = 3;
  static final int T = 4;
  static final int W = 5;
  static final int[] LENGTHS = {4, 1, 3};

  static boolean padded(int row) {
    return row / B >= LENGTHS[row % B];
  }

  /** h with distinct values (no ties for MAX within a difference step) and padding far above every real value. */
  static Matrix input(long seed) {
    Rng rng = new Rng(seed);
    Matrix h = Matrix.allocate(T * B, W);
    for (int r = 0; r < T * B; r++) {
      for (int j = 0; j < W; j++) {
        h.set(r, j, padded(r) ? 50f + j : (float) (rng.nextDouble() * 2 - 1));
      }
    }
    return h;
  }

  void checkGradient(SequencePooling pool) {
    pool.ensureCapacity(B, T);
    Matrix h = input(1);
    Rng rng = new Rng(2);
    Matrix w = Matrix.allocate(B, W);
    for (int i = 0; i < w.size(); i++) {
      w.set(i, (float) (rng.nextDouble() * 2 - 1));
    }
    pool.forward(h, LENGTHS, T);
    float[] analytic = pool.backward(w).toArray();
    for (int k = 0; k < h.size(); k++) {
      float old = h.get(k);
      float up = old + 1e-2f;
      float down = old - 1e-2f;
      h.set(k, up);
      double lu = dot(pool.forward(h, LENGTHS, T), w);
      h.set(k, down);
      double ld = dot(pool.forward(h, LENGTHS, T), w);
      h.set(k, old);
      double numeric = (lu - ld) / ((double) up - down);
      assertEquals(numeric, analytic[k], 1e-4, pool.kind() + " dh[" + k / W + "][" + k % W + "]");
      if (padded(k / W)) {
        assertEquals(0f, analytic[k], 0f, "padded row " + k / W);
      }
    }
  }

  static double dot(Matrix a, Matrix b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += (double) a.get(i) * b.get(i);
    }
    return s;
  }

  @Test
  void lastGradient() {
    checkGradient(new SequencePooling(SequencePooling.Kind.LAST, W, W));
  }

  @Test
  void lastOfTwoDirectionsGradient() {
    checkGradient(new SequencePooling(SequencePooling.Kind.LAST, W, 2));
  }

  @Test
  void meanGradient() {
    checkGradient(new SequencePooling(SequencePooling.Kind.MEAN, W, W));
  }

  @Test
  void maxGradient() {
    checkGradient(new SequencePooling(SequencePooling.Kind.MAX, W, W));
  }

  @Test
  void lastReadsTheLastRealStepForwardAndStepZeroReverse() {
    SequencePooling pool = new SequencePooling(SequencePooling.Kind.LAST, W, 2);
    pool.ensureCapacity(B, T);
    Matrix h = input(3);
    Matrix out = pool.forward(h, LENGTHS, T);
    for (int b = 0; b < B; b++) {
      for (int j = 0; j < W; j++) {
        int step = j < 2 ? LENGTHS[b] - 1 : 0;
        assertEquals(h.get(step * B + b, j), out.get(b, j), 0f, "sequence " + b + " column " + j);
      }
    }
  }

  @Test
  void paddingNeverWinsMaxNorEntersMean() {
    Matrix h = input(4); // padding at 50+: would win any max it took part in
    SequencePooling max = new SequencePooling(SequencePooling.Kind.MAX, W, W);
    SequencePooling mean = new SequencePooling(SequencePooling.Kind.MEAN, W, W);
    max.ensureCapacity(B, T);
    mean.ensureCapacity(B, T);
    Matrix mx = max.forward(h, LENGTHS, T);
    Matrix mn = mean.forward(h, LENGTHS, T);
    for (int b = 0; b < B; b++) {
      for (int j = 0; j < W; j++) {
        float best = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int t = 0; t < LENGTHS[b]; t++) {
          best = Math.max(best, h.get(t * B + b, j));
          sum += h.get(t * B + b, j);
        }
        assertEquals(best, mx.get(b, j), 0f, "max of sequence " + b);
        assertTrue(mx.get(b, j) < 50f, "padding won the max");
        assertEquals(sum / LENGTHS[b], mn.get(b, j), 1e-6, "mean of sequence " + b);
      }
    }
  }

  @Test
  void maxRoutesATieToTheFirstStep() {
    SequencePooling pool = new SequencePooling(SequencePooling.Kind.MAX, 1, 1);
    pool.ensureCapacity(1, 3);
    pool.forward(Matrix.of(3, 1, 0.5f, 0.2f, 0.5f), new int[] {3}, 3);
    float[] g = pool.backward(Matrix.of(1, 1, 2f)).toArray();
    assertEquals(2f, g[0], 0f);
    assertEquals(0f, g[1], 0f);
    assertEquals(0f, g[2], 0f);
  }

  @Test
  void parsesKindsAndNamesTheChoices() {
    assertEquals(SequencePooling.Kind.MEAN, SequencePooling.Kind.parse(" Mean "));
    assertEquals("max", SequencePooling.Kind.MAX.label());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SequencePooling.Kind.parse("median"));
    assertTrue(e.getMessage().contains("last, mean or max") && e.getMessage().contains("median"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SequencePooling(SequencePooling.Kind.LAST, 4, 5));
  }
}
