package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attention's backward against central differences of its forward, for every score, with ragged sources
 * (lengths {3, 1, 2} of S 3) and streams reading sources out of order ({0, 2, 1, 0}: what beam search does);
 * and padding that changes nothing. The loss is {@code sum(context * R)} for a fixed random R.
 */
class AttentionTest {
  static final int M = 3;
  static final int S = 3;
  static final int[] LENGTHS = {3, 1, 2};
  static final int Q = 4;
  static final int T = 2;
  static final int[] MEMORY_OF = {0, 2, 1, 0};
  static final int HQ = 4;
  static final int D = 4;
  static final int A = 5;

  Parameters params;
  Attention attention;
  Matrix memory;
  Matrix queries;
  Matrix r;

  void setUp(Attention.Score score) {
    params = new Parameters();
    attention = new Attention(params, "attention", score, HQ, D, A);
    params.allocate();
    Rng rng = new Rng(7);
    fill(params.values(), rng, 0.8);
    memory = Matrix.allocate(S * M, D);
    fill(memory, rng, 1);
    queries = Matrix.allocate(T * Q, HQ);
    fill(queries, rng, 1);
    r = Matrix.allocate(T * Q, D);
    fill(r, rng, 1);
  }

  static void fill(Matrix m, Rng rng, double scale) {
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) ((rng.nextDouble() * 2 - 1) * scale));
    }
  }

  double loss() {
    attention.setMemory(memory, LENGTHS, M, S);
    Matrix c = attention.forward(queries, Q, T, MEMORY_OF);
    double l = 0;
    for (int i = 0; i < c.size(); i++) {
      l += (double) c.get(i) * r.get(i);
    }
    return l;
  }

  static void check(String what, Matrix x, float[] analytic, java.util.function.DoubleSupplier loss) {
    for (int i = 0; i < x.size(); i++) {
      float old = x.get(i);
      float eps = 1e-2f;
      x.set(i, old + eps);
      double up = loss.getAsDouble();
      x.set(i, old - eps);
      double down = loss.getAsDouble();
      x.set(i, old);
      double numeric = (up - down) / (2 * eps);
      assertEquals(numeric, analytic[i], 2e-3 + 2e-3 * Math.abs(numeric), what + "[" + i + "]");
    }
  }

  @ParameterizedTest
  @EnumSource(Attention.Score.class)
  void backwardMatchesNumericalGradients(Attention.Score score) {
    setUp(score);
    loss();
    params.zeroGrads();
    float[] dq = attention.backward(r).toArray();
    float[] dm = attention.gradMemory().toArray();
    float[] dp = params.grads().toArray();
    check(score + " dqueries", queries, dq, this::loss);
    check(score + " dmemory", memory, dm, this::loss);
    check(score + " dparams", params.values(), dp, this::loss);
    for (int row = 0; row < S * M; row++) {
      if (row / M >= LENGTHS[row % M]) {
        for (int j = 0; j < D; j++) {
          assertEquals(0f, dm[row * D + j], 0f, "padded memory row " + row);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Attention.Score.class)
  void weightsSumToOneOverRealPositionsAndPaddingChangesNothing(Attention.Score score) {
    setUp(score);
    loss();
    float[] before = attention.forward(queries, Q, T, MEMORY_OF).toArray();
    for (int q = 0; q < Q; q++) {
      Matrix w = attention.weightsOf(q);
      int len = LENGTHS[MEMORY_OF[q]];
      for (int t = 0; t < T; t++) {
        double sum = 0;
        for (int s = 0; s < S; s++) {
          sum += w.get(t, s);
          if (s >= len) {
            assertEquals(0f, w.get(t, s), 0f);
          }
        }
        assertEquals(1.0, sum, 1e-6);
      }
    }
    for (int row = 0; row < S * M; row++) {
      if (row / M >= LENGTHS[row % M]) {
        for (int j = 0; j < D; j++) {
          memory.set(row, j, 1e3f);
        }
      }
    }
    loss();
    float[] after = attention.forward(queries, Q, T, MEMORY_OF).toArray();
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], 0f, "context " + i);
    }
  }

  @Test
  void aStreamReadsItsOwnSourceWhateverTheOthersRead() {
    setUp(Attention.Score.GENERAL);
    loss();
    float[] all = attention.forward(queries, Q, T, MEMORY_OF).toArray();
    // stream 3 alone (one stream reading source 0) sees the same context as inside the batch
    Matrix one = Matrix.allocate(T, HQ);
    for (int t = 0; t < T; t++) {
      for (int j = 0; j < HQ; j++) {
        one.set(t, j, queries.get(t * Q + 3, j));
      }
    }
    Matrix c = attention.forward(one, 1, T, new int[] {0});
    for (int t = 0; t < T; t++) {
      for (int j = 0; j < D; j++) {
        assertEquals(all[(t * Q + 3) * D + j], c.get(t, j), 1e-6f);
      }
    }
  }

  @Test
  void dotNeedsEqualWidthsAndBadShapesAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new Attention(new Parameters(), "a", Attention.Score.DOT, 3, 4, 0));
    setUp(Attention.Score.DOT);
    assertThrows(IllegalArgumentException.class, () -> attention.setMemory(memory, new int[] {3, 0, 2}, M, S));
    attention.setMemory(memory, LENGTHS, M, S);
    assertThrows(IllegalArgumentException.class, () -> attention.forward(queries, Q, T, new int[] {0, 3, 1, 0}));
    assertEquals(Attention.Score.ADDITIVE, Attention.Score.parse("additive"));
    assertThrows(IllegalArgumentException.class, () -> Attention.Score.parse("luong"));
  }
}
