package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Every path of {@link Blas#gemm} against a plain triple loop in double precision: one row (matrix-vector),
 * a few rows times a transposed matrix (matrix-vector per row, or the transposed product), and sgemm.
 */
class BlasTest {
  static Matrix random(int rows, int cols, Rng rng) {
    Matrix m = Matrix.allocate(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) (rng.nextDouble() * 2 - 1));
    }
    return m;
  }

  static double[] reference(boolean transA, boolean transB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int n = transB ? b.rows() : b.cols();
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double x = transA ? a.get(p, i) : a.get(i, p);
          double y = transB ? b.get(j, p) : b.get(p, j);
          s += x * y;
        }
        out[i * n + j] = alpha * s + beta * c.get(i, j);
      }
    }
    return out;
  }

  @Test
  void everyRowCountAndTransposeMatchesTheDefinition() {
    Rng rng = new Rng(5);
    int k = 37;
    int n = 53;
    for (int m = 1; m <= Blas.SMALL_ROWS + 3; m++) {
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          for (float beta : new float[] {0f, 1f, 0.5f}) {
            Matrix a = transA ? random(k, m, rng) : random(m, k, rng);
            Matrix b = transB ? random(n, k, rng) : random(k, n, rng);
            Matrix c = random(m, n, rng);
            double[] expected = reference(transA, transB, 0.75f, a, b, beta, c);
            Blas.gemm(transA, transB, 0.75f, a, b, beta, c);
            for (int i = 0; i < expected.length; i++) {
              assertEquals(expected[i], c.get(i), 1e-4, "m=" + m + " transA=" + transA + " transB=" + transB
                  + " beta=" + beta + " element " + i);
            }
          }
        }
      }
    }
  }

  @Test
  void viewsOfLargerMatricesAreRespected() {
    Rng rng = new Rng(9);
    Matrix big = random(40, 24, rng);
    Matrix w = random(30, 24, rng);
    Matrix out = random(50, 30, rng);
    Matrix a = big.rows(3, 8);
    Matrix c = out.rows(10, 8);
    float[] before = out.toArray();
    double[] expected = reference(false, true, 1f, a, w, 1f, c);
    Blas.gemm(false, true, 1f, a, w, 1f, c);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], c.get(i), 1e-4);
    }
    float[] after = out.toArray();
    for (int i = 0; i < after.length; i++) {
      if (i < 10 * 30 || i >= 18 * 30) {
        assertEquals(before[i], after[i], "rows outside the view are untouched");
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Blas.gemm(false, true, 1f, a, big, 0f, c));
  }
}
