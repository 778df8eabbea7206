package dev.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder over ragged batches: its gradients against central differences, padding against running each
 * sequence alone, and the reverse direction against a unidirectional layer on the reversed sequence.
 *
 * <p>Sizes are tiny and odd (B 3, T 4, I 5, H 3, two layers) with lengths {4, 1, 3}: one full, one of a
 * single step, one padded in the middle of the batch.
 *
 * <p>Gradient tolerance: the forward is float32, so the loss (accumulated in double) carries rounding of
 * ~1e-7 relative. Central differences with Richardson extrapolation, {@code (4 D(h/2) - D(h)) / 3} at
 * h = 1e-2, cut the truncation error to O(h^4) ~ 1e-8 and amplify rounding by ~1.5/h, to ~1e-4 here; so
 * {@code |a - n| <= 2e-3 + 1e-2 max(|a|, |n|)}. A missing or wrong term (a dropped direction, a reversal
 * off by one, an unmasked padded step) moves gradients by ~1e-1 on these values.
 */
class SequenceEncoderTest {
  static final int B = 3;
  static final int T = 4;
  static final int I = 5;
  static final int H = 3;
  static final int[] LENGTHS = {4, 1, 3};

  static Stream<Arguments> everyCellBothDirections() {
    return Stream.of(CellType.values()).flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  /** An encoder in its own parameters, filled with uniform values in [-0.5, 0.5) from {@code seed}. */
  private static final class Fixture {
    final Parameters params = new Parameters();
    final SequenceEncoder encoder;

    Fixture(CellType cell, boolean bidirectional, int layers, float dropout, long seed) {
      encoder = new SequenceEncoder(params, cell, I, H, layers, bidirectional, dropout);
      params.allocate();
      Rng rng = new Rng(seed);
      Matrix v = params.values();
      for (int i = 0; i < v.size(); i++) {
        v.set(i, (float) (rng.nextDouble() - 0.5));
      }
    }
  }

  static float[] randomFloats(Rng rng, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  /** One generator per stream, fresh each call, so every forward of a check draws the same dropout masks. */
  static Rng[] rngs() {
    Rng[] r = new Rng[B];
    for (int b = 0; b < B; b++) {
      r[b] = new Rng(100 + b);
    }
    return r;
  }

  static double dot(Matrix out, float[] w) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += (double) out.get(i) * w[i];
    }
    return s;
  }

  @ParameterizedTest
  @MethodSource("everyCellBothDirections")
  void gradientsMatchCentralDifferencesWithRaggedLengths(CellType cell, boolean bidirectional) {
    // dropout 0.3 in training: the masks (same every forward, fresh generators) are part of the checked path
    Fixture f = new Fixture(cell, bidirectional, 2, 0.3f, 1);
    SequenceEncoder enc = f.encoder;
    enc.ensureCapacity(B, T);
    Rng rng = new Rng(2);
    Matrix x = Matrix.of(T * B, I, randomFloats(rng, T * B * I, 1.0));
    // weights at padded rows too: the encoder must ignore them, since padded outputs are constant zeros
    float[] w = randomFloats(rng, T * B * enc.outputWidth(), 1.0);

    f.params.zeroGrads();
    enc.forward(x, LENGTHS, T, true, rngs());
    enc.gradOutput().copyFrom(w);
    float[] dx = enc.backward().toArray();
    float[] analytic = f.params.grads().toArray();

    DoubleSupplier loss = () -> dot(enc.forward(x, LENGTHS, T, true, rngs()), w);
    List<Param> params = f.params.list();
    Matrix v = f.params.values();
    for (Param p : params) {
      for (int i = 0; i < p.size(); i++) {
        int k = p.start() + i;
        assertClose(analytic[k], numeric(loss, v, k), p.name() + "[" + i + "] " + cell.label());
      }
    }
    for (int r = 0; r < T * B; r++) {
      for (int i = 0; i < I; i++) {
        double n = numeric(loss, x, r * I + i);
        assertClose(dx[r * I + i], n, "dx row " + r + " col " + i + " " + cell.label());
        if (r / B >= LENGTHS[r % B]) {
          assertEquals(0f, dx[r * I + i], 0f, "dx at padded row " + r);
        }
      }
    }
  }

  /** dLoss/dm[k] by central differences with one Richardson step. */
  static double numeric(DoubleSupplier loss, Matrix m, int k) {
    double h = 1e-2;
    return (4 * difference(loss, m, k, h / 2) - difference(loss, m, k, h)) / 3;
  }

  private static double difference(DoubleSupplier loss, Matrix m, int k, double h) {
    float old = m.get(k);
    float up = (float) (old + h);
    float down = (float) (old - h);
    m.set(k, up);
    double lu = loss.getAsDouble();
    m.set(k, down);
    double ld = loss.getAsDouble();
    m.set(k, old);
    return (lu - ld) / ((double) up - down); // the step float can represent, not the one asked for
  }

  static void assertClose(double analytic, double numeric, String what) {
    double tol = 2e-3 + 1e-2 * Math.max(Math.abs(analytic), Math.abs(numeric));
    assertTrue(Math.abs(analytic - numeric) <= tol, what + ": analytic " + analytic + " vs numerical " + numeric);
  }

  /**
   * The masking guarantee: a padded batch equals each sequence run alone, unpadded (outputs at real steps,
   * and parameter gradients summed over the sequences); padded output rows are zero.
   */
  @ParameterizedTest
  @MethodSource("everyCellBothDirections")
  void paddedBatchEqualsEachSequenceAlone(CellType cell, boolean bidirectional) {
    Fixture batched = new Fixture(cell, bidirectional, 2, 0f, 3);
    SequenceEncoder enc = batched.encoder;
    int w = enc.outputWidth();
    enc.ensureCapacity(B, T);
    Rng rng = new Rng(4);
    float[] x = randomFloats(rng, T * B * I, 1.0);
    float[] g = randomFloats(rng, T * B * w, 1.0);
    batched.params.zeroGrads();
    float[] out = enc.forward(Matrix.of(T * B, I, x), LENGTHS, T, true, rngs()).toArray();
    enc.gradOutput().copyFrom(g);
    float[] dx = enc.backward().toArray();
    float[] grads = batched.params.grads().toArray();

    double[] summed = new double[grads.length];
    for (int b = 0; b < B; b++) {
      int len = LENGTHS[b];
      Fixture alone = new Fixture(cell, bidirectional, 2, 0f, 3);
      alone.encoder.ensureCapacity(1, len);
      float[] xb = new float[len * I];
      float[] gb = new float[len * w];
      for (int t = 0; t < len; t++) {
        System.arraycopy(x, (t * B + b) * I, xb, t * I, I);
        System.arraycopy(g, (t * B + b) * w, gb, t * w, w);
      }
      alone.params.zeroGrads();
      Matrix ob = alone.encoder.forward(Matrix.of(len, I, xb), new int[] {len}, len, false, null);
      for (int t = 0; t < len; t++) {
        for (int j = 0; j < w; j++) {
          assertEquals(ob.get(t, j), out[(t * B + b) * w + j], 1e-6f, "output of sequence " + b + " at t=" + t);
        }
      }
      alone.encoder.gradOutput().copyFrom(gb);
      Matrix dxb = alone.encoder.backward();
      for (int t = 0; t < len; t++) {
        for (int i = 0; i < I; i++) {
          assertEquals(dxb.get(t, i), dx[(t * B + b) * I + i], 1e-5f, "dx of sequence " + b + " at t=" + t);
        }
      }
      float[] gAlone = alone.params.grads().toArray();
      for (int k = 0; k < summed.length; k++) {
        summed[k] += gAlone[k];
      }
    }
    double norm = 0;
    for (int k = 0; k < grads.length; k++) {
      assertEquals(summed[k], grads[k], 1e-5 * Math.max(1, Math.abs(summed[k])), "gradient " + k);
      norm += grads[k] * grads[k];
    }
    assertTrue(norm > 1e-3, "gradients must not vanish");
    for (int r = 0; r < T * B; r++) {
      if (r / B >= LENGTHS[r % B]) {
        for (int j = 0; j < w; j++) {
          assertEquals(0f, out[r * w + j], 0f, "padded output row " + r);
        }
        for (int i = 0; i < I; i++) {
          assertEquals(0f, dx[r * I + i], 0f, "padded dx row " + r);
        }
      }
    }
  }

  /** Padding values reach nothing: outputs and gradients are bit for bit the same, dropout included. */
  @ParameterizedTest
  @MethodSource("everyCellBothDirections")
  void paddingValuesChangeNothing(CellType cell, boolean bidirectional) {
    Fixture f = new Fixture(cell, bidirectional, 2, 0.25f, 5);
    SequenceEncoder enc = f.encoder;
    enc.ensureCapacity(B, T);
    Rng rng = new Rng(6);
    float[] x = randomFloats(rng, T * B * I, 1.0);
    float[] g = randomFloats(rng, T * B * enc.outputWidth(), 1.0);
    float[][] outs = new float[2][];
    float[][] grads = new float[2][];
    float[][] dxs = new float[2][];
    for (int run = 0; run < 2; run++) {
      if (run == 1) {
        for (int r = 0; r < T * B; r++) {
          if (r / B >= LENGTHS[r % B]) {
            for (int i = 0; i < I; i++) {
              x[r * I + i] = 5f + 3f * i; // large padding: saturates any cell it reaches
            }
          }
        }
      }
      f.params.zeroGrads();
      outs[run] = enc.forward(Matrix.of(T * B, I, x), LENGTHS, T, true, rngs()).toArray();
      enc.gradOutput().copyFrom(g);
      dxs[run] = enc.backward().toArray();
      grads[run] = f.params.grads().toArray();
    }
    for (int k = 0; k < outs[0].length; k++) {
      assertEquals(outs[0][k], outs[1][k], 0f, "output " + k);
    }
    for (int k = 0; k < grads[0].length; k++) {
      assertEquals(grads[0][k], grads[1][k], 0f, "gradient " + k);
    }
    for (int k = 0; k < dxs[0].length; k++) {
      assertEquals(dxs[0][k], dxs[1][k], 0f, "dx " + k);
    }
  }

  /**
   * The reverse half at step t is a unidirectional layer with the same weights run on the reversed
   * sequence, at step len-1-t; the forward half is that layer on the sequence as it is.
   */
  @ParameterizedTest
  @MethodSource("everyCellBothDirections")
  void reverseHalfIsAUnidirectionalLayerOnTheReversedSequence(CellType cell, boolean ignored) {
    if (ignored) {
      return; // one run per cell is enough
    }
    Fixture bi = new Fixture(cell, true, 1, 0f, 7);
    bi.encoder.ensureCapacity(B, T);
    float[] x = randomFloats(new Rng(8), T * B * I, 1.0);
    Matrix out = bi.encoder.forward(Matrix.of(T * B, I, x), LENGTHS, T, false, null);

    for (String suffix : new String[] {"", "_reverse"}) {
      Parameters params = new Parameters();
      SequenceEncoder uni = new SequenceEncoder(params, cell, I, H, 1, false, 0f);
      params.allocate();
      for (Param p : params.list()) {
        p.value().copyFrom(bi.params.get(p.name() + suffix).value());
      }
      boolean reversed = !suffix.isEmpty();
      for (int b = 0; b < B; b++) {
        int len = LENGTHS[b];
        uni.ensureCapacity(1, len);
        float[] xb = new float[len * I];
        for (int t = 0; t < len; t++) {
          int from = reversed ? len - 1 - t : t;
          System.arraycopy(x, (from * B + b) * I, xb, t * I, I);
        }
        Matrix ub = uni.forward(Matrix.of(len, I, xb), new int[] {len}, len, false, null);
        for (int t = 0; t < len; t++) {
          int step = reversed ? len - 1 - t : t;
          for (int j = 0; j < H; j++) {
            assertEquals(ub.get(step, j), out.get(t * B + b, (reversed ? H : 0) + j), 1e-6f,
                (reversed ? "reverse" : "forward") + " half of sequence " + b + " at t=" + t);
          }
        }
      }
    }
  }

  @Test
  void oneHotInputEqualsDenseOneHotRows() {
    int v = 7;
    Parameters pa = new Parameters();
    Parameters pb = new Parameters();
    SequenceEncoder a = new SequenceEncoder(pa, CellType.GRU, v, H, 2, true, 0.2f);
    SequenceEncoder d = new SequenceEncoder(pb, CellType.GRU, v, H, 2, true, 0.2f);
    pa.allocate();
    pb.allocate();
    a.initialize(new Rng(9), Initialization.UNIFORM, 0.5f, 1f);
    pb.values().copyFrom(pa.values());
    a.ensureCapacity(B, T);
    d.ensureCapacity(B, T);
    Rng rng = new Rng(10);
    int[] ids = new int[T * B];
    float[] dense = new float[T * B * v];
    for (int r = 0; r < ids.length; r++) {
      ids[r] = rng.nextInt(v);
      dense[r * v + ids[r]] = 1f;
    }
    float[] g = randomFloats(rng, T * B * a.outputWidth(), 1.0);
    float[] oa = a.forwardOneHot(ids, LENGTHS, T, true, rngs()).toArray();
    float[] od = d.forward(Matrix.of(T * B, v, dense), LENGTHS, T, true, rngs()).toArray();
    for (int i = 0; i < oa.length; i++) {
      assertEquals(od[i], oa[i], 1e-6f, "output " + i);
    }
    pa.zeroGrads();
    pb.zeroGrads();
    a.gradOutput().copyFrom(g);
    d.gradOutput().copyFrom(g);
    assertNull(a.backward(), "no input gradient for one-hot input");
    d.backward();
    float[] ga = pa.grads().toArray();
    float[] gd = pb.grads().toArray();
    for (int i = 0; i < ga.length; i++) {
      assertEquals(gd[i], ga[i], 1e-5f, "gradient " + i);
    }
  }

  @Test
  void declaresPyTorchNamesLayerByLayerForwardDirectionFirst() {
    Parameters params = new Parameters();
    SequenceEncoder enc = new SequenceEncoder(params, CellType.LSTM, I, H, 2, true, 0f);
    List<String> names = params.list().stream().map(Param::name).collect(Collectors.toList());
    assertEquals(List.of(
        "rnn.weight_ih_l0", "rnn.bias_ih_l0", "rnn.weight_hh_l0",
        "rnn.weight_ih_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.weight_hh_l0_reverse",
        "rnn.weight_ih_l1", "rnn.bias_ih_l1", "rnn.weight_hh_l1",
        "rnn.weight_ih_l1_reverse", "rnn.bias_ih_l1_reverse", "rnn.weight_hh_l1_reverse"), names);
    assertEquals(2 * H, params.get("rnn.weight_ih_l1_reverse").cols(), "layer 1 reads [forward, reverse]");
    assertEquals(2 * H, enc.outputWidth());
    List<RecurrentLayer> layers = enc.layers();
    assertEquals(4, layers.size());
    assertEquals(I, layers.get(1).inputSize());
    assertEquals(2 * H, layers.get(3).inputSize());
  }

  @Test
  void refusesLengthsOutsideTheWindow() {
    Fixture f = new Fixture(CellType.RNN, false, 1, 0f, 11);
    f.encoder.ensureCapacity(B, T);
    Matrix x = Matrix.allocate(T * B, I);
    assertThrows(IllegalArgumentException.class, () -> f.encoder.forward(x, new int[] {4, 0, 3}, T, false, null));
    assertThrows(IllegalArgumentException.class, () -> f.encoder.forward(x, new int[] {4, 5, 3}, T, false, null));
    assertThrows(IllegalArgumentException.class, () -> f.encoder.forward(x, new int[] {4, 1}, T, false, null));
  }
}
