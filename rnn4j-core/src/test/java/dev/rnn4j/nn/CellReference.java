package dev.rnn4j.nn;

import java.util.Map;

/**
 * A cell's maths written as a plain double-precision loop, straight from the formulas at the top of its
 * class. Tests differentiate it numerically (central differences in double are accurate to ~1e-9) and
 * compare the fast float layer's forward and analytic backward against it.
 */
interface CellReference {
  /** Number of state tensors: 1 (h) or 2 (h, c). */
  int stateCount();

  /**
   * Runs {@code x.length} steps. {@code p} maps each parameter name to its values, row-major, in the
   * layer's layout. {@code x[t][b][i]}; {@code state[s][b][j]} is read as the initial state and
   * overwritten with the final one. Returns {@code h[t][b][j]}.
   */
  double[][][] forward(Map<String, double[]> p, double[][][] x, double[][][] state);

  // Small helpers shared by references.

  /** y = W v for W [rows x cols] stored row-major, taking rows [r0, r0+n). */
  static double[] matVec(double[] w, int cols, int r0, int n, double[] v) {
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int c = 0; c < cols; c++) {
        s += w[(r0 + r) * cols + c] * v[c];
      }
      y[r] = s;
    }
    return y;
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
