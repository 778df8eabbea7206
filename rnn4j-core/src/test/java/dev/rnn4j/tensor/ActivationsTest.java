package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {
  @Test
  void sigmoidIsWithinItsStatedErrorEverywhere() {
    double worst = 0;
    for (double x = -30; x <= 30; x += 1e-4 * Math.PI) {
      double want = 1.0 / (1.0 + Math.exp(-(float) x));
      worst = Math.max(worst, Math.abs(Activations.sigmoid((float) x) - want));
    }
    assertTrue(worst < 1.2e-7, "max error " + worst);
  }

  @Test
  void tanhIsWithinItsStatedErrorEverywhere() {
    double worst = 0;
    for (double x = -30; x <= 30; x += 1e-4 * Math.E) {
      worst = Math.max(worst, Math.abs(Activations.tanh((float) x) - Math.tanh((float) x)));
    }
    assertTrue(worst < 2.5e-7, "max error " + worst);
  }

  @Test
  void smallArgumentsKeepTheirRelativePrecisionWhereItMatters() {
    // near 0 tanh(x) ~ x: the interpolation error vanishes with f'' there
    for (float x : new float[] {1e-3f, -2e-4f, 3e-5f}) {
      assertEquals(Math.tanh(x), Activations.tanh(x), 1e-9);
    }
    assertEquals(0.5f, Activations.sigmoid(0f), 1e-9f);
    assertEquals(0f, Activations.tanh(0f), 0f);
  }

  @Test
  void saturatesAndHandlesExtremes() {
    assertEquals(1f, Activations.tanh(1e6f), 0f);
    assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY), 0f);
    assertEquals(1f, Activations.sigmoid(100f), 0f);
    assertEquals(0f, Activations.sigmoid(-200f), 0f);
    assertTrue(Float.isNaN(Activations.sigmoid(Float.NaN)));
    assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
  }

  /** The vector exponential: relative error, saturation, NaN, over the range the activations use. */
  @Test
  void vectorExponentialIsAccurateAndSaturates() {
    float[] out = new float[16];
    double worst = 0;
    for (double x = -87; x <= 88; x += 0.0137) {
      java.util.Arrays.fill(out, (float) x);
      VectorActivations.expShifted(out, 0, 16, 0f);
      double want = Math.exp((float) x);
      worst = Math.max(worst, Math.abs(out[0] - want) / want);
    }
    assertTrue(worst < 3e-7, "max relative error " + worst);
    float[] edges = {-1000f, 1000f, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f, 1f, -1f, 0.5f, 20f, -20f, 3f, 4f, 5f,
        6f, 7f};
    System.arraycopy(edges, 0, out, 0, 16);
    VectorActivations.expShifted(out, 0, 16, 0f);
    assertTrue(out[0] < 1e-37f && out[0] >= 0f, "e^-1000 " + out[0]);
    assertTrue(out[1] > 1e38f, "e^1000 " + out[1]);
    assertTrue(out[2] < 1e-37f && out[2] >= 0f);
    assertTrue(Float.isNaN(out[3]));
    assertEquals(1f, out[4], 0f);
    assertEquals(1f, out[5], 0f);
    assertEquals(Math.E, out[6], 3e-7 * Math.E);
  }

  /**
   * The scalar exponential is the vector one lane by lane, bit for bit (a softmax's tail and the path
   * without the Vector API give what the vectors give), and {@code expShifted} on every alignment.
   */
  @Test
  void scalarExponentialHasTheVectorsBitsAndShiftedArraysMatch() {
    int n = 4003;
    float[] src = new float[n];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      src[i] = (float) (random.nextGaussian() * 30);
    }
    src[5] = Float.NaN;
    src[6] = Float.NEGATIVE_INFINITY;
    src[7] = 1000f;
    src[8] = -0f;
    float[] lanes = new float[16];
    for (int i = 0; i + 16 <= n; i += 16) {
      System.arraycopy(src, i, lanes, 0, 16);
      VectorActivations.expShifted(lanes, 0, 16, 0f);
      for (int l = 0; l < 16; l++) {
        assertEquals(Float.floatToIntBits(lanes[l]), Float.floatToIntBits(Activations.exp(src[i + l])),
            "lane " + l + " at " + src[i + l]);
      }
    }
    for (int from : new int[] {0, 5}) {
      for (int to : new int[] {n, n - 17}) {
        float[] a = src.clone();
        float[] b = src.clone();
        Activations.expShifted(a, from, to, 2.5f);
        VectorActivations.expShifted(b, from, to, 2.5f);
        for (int i = 0; i < n; i++) {
          float want = i < from || i >= to ? src[i] : Activations.exp(src[i] - 2.5f);
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(a[i]), "at " + i);
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(b[i]), "at " + i);
        }
      }
    }
    for (double x = -80; x <= 80; x += 0.0173) {
      double want = Math.exp((float) x);
      assertEquals(want, Activations.exp((float) x), 3e-7 * want, "e^" + x);
    }
  }

  /** Both array paths (vector and table) on every alignment of range and tail, within the table's bounds. */
  @Test
  void arrayFormsMatchTheFunctionOnEveryPathAndTail() {
    int n = 20000;
    float[] src = new float[n];
    for (int i = 0; i < n; i++) {
      src[i] = (float) (-30 + 60.0 * i / n);
    }
    src[7] = 1e-6f;
    src[100] = 200f;
    src[101] = -200f;
    src[102] = Float.NEGATIVE_INFINITY;
    for (int path = 0; path < 3; path++) {
      for (int from : new int[] {0, 3}) {
        for (int to : new int[] {n, n - 5}) {
          float[] s = src.clone();
          float[] t = src.clone();
          if (path == 0) {
            VectorActivations.sigmoid(s, from, to);
            VectorActivations.tanh(t, from, to);
          } else if (path == 1) {
            Activations.sigmoid(s, from, to);
            Activations.tanh(t, from, to);
          } else {
            for (int i = from; i < to; i++) {
              s[i] = Activations.sigmoid(s[i]);
              t[i] = Activations.tanh(t[i]);
            }
          }
          for (int i = 0; i < n; i++) {
            if (i < from || i >= to) {
              assertEquals(src[i], s[i], 0f, "untouched outside the range");
              assertEquals(src[i], t[i], 0f, "untouched outside the range");
              continue;
            }
            assertEquals(1.0 / (1.0 + Math.exp(-src[i])), s[i], 1.2e-7, "sigmoid path " + path + " at " + src[i]);
            assertEquals(Math.tanh(src[i]), t[i], 2.5e-7, "tanh path " + path + " at " + src[i]);
          }
        }
      }
    }
    float[] nan = new float[64];
    java.util.Arrays.fill(nan, Float.NaN);
    VectorActivations.sigmoid(nan, 0, 32);
    VectorActivations.tanh(nan, 32, 64);
    for (float v : nan) {
      assertTrue(Float.isNaN(v));
    }
  }

  /**
   * A cell's step calls the array forms on one gate block at a time, from a loop that C2 compiles with them
   * inlined. There the Vector API once fell back to its Java code, boxing every vector (C2 could not see the
   * species of a reinterpreted vector as a constant): five times slower than the same loop compiled on its
   * own, and 1.2 MB of garbage per 51,200 elements. Once compiled, the calls must allocate nothing.
   */
  @Test
  void arrayFormsCalledPerBlockFromAHotLoopAllocateNothing() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int n = 51200;
    int chunk = Integer.getInteger("rnn4j.test.chunk", 512);
    float[] src = new float[n];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < n; i++) {
      src[i] = (float) (3 * random.nextGaussian());
    }
    float[] x = new float[n];
    long least = Long.MAX_VALUE;
    for (int rep = 0; rep < 10; rep++) {
      long before = mx.getThreadAllocatedBytes(thread);
      for (int it = 0; it < 2000; it++) {
        System.arraycopy(src, 0, x, 0, n);
        for (int s = 0; s < n; s += chunk) {
          Activations.sigmoid(x, s, s + chunk);
        }
      }
      least = Math.min(least, mx.getThreadAllocatedBytes(thread) - before);
    }
    assertEquals(0, least, "bytes allocated by 2,000 passes over 51,200 elements, at best");
  }
}
