package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Mut1Test extends RecurrentLayerContract {
  @Override
  RecurrentLayer newLayer(Parameters params, int inputSize, int hiddenSize) {
    return new Mut1(params, 0, inputSize, hiddenSize);
  }

  @Test
  void declaresDocumentedParameters() {
    Parameters params = new Parameters();
    new Mut1(params, 2, I, H);
    assertArrayEquals(new int[] {3 * H, I}, shape(params, "rnn.weight_ih_l2"));
    assertArrayEquals(new int[] {1, 3 * H}, shape(params, "rnn.bias_ih_l2"));
    assertArrayEquals(new int[] {H, H}, shape(params, "rnn.weight_hr_l2"));
    assertArrayEquals(new int[] {H, H}, shape(params, "rnn.weight_hh_l2"));
    assertArrayEquals(new int[] {1, H}, shape(params, "rnn.bias_hh_l2"));
    assertEquals(5, params.list().size());
  }

  static int[] shape(Parameters params, String name) {
    Param p = params.get(name);
    return new int[] {p.rows(), p.cols()};
  }

  /** z = sigm(W_xz x + b_z); r = sigm(W_xr x + W_hr h + b_r); h_t = tanh(W_hh (r*h) + tanh(x') + b_h)*z + h*(1-z). */
  @Override
  CellReference reference() {
    return new CellReference() {
      @Override
      public int stateCount() {
        return 1;
      }

      @Override
      public double[][][] forward(Map<String, double[]> p, double[][][] x, double[][][] state) {
        double[] wih = p.get("rnn.weight_ih_l0");
        double[] bih = p.get("rnn.bias_ih_l0");
        double[] whr = p.get("rnn.weight_hr_l0");
        double[] whh = p.get("rnn.weight_hh_l0");
        double[] bhh = p.get("rnn.bias_hh_l0");
        int hidden = bhh.length;
        int in = x[0][0].length;
        double[][][] out = new double[x.length][x[0].length][];
        for (int t = 0; t < x.length; t++) {
          for (int b = 0; b < x[t].length; b++) {
            double[] h = state[0][b];
            double[] xz = CellReference.matVec(wih, in, 0, hidden, x[t][b]);
            double[] xr = CellReference.matVec(wih, in, hidden, hidden, x[t][b]);
            double[] xp = CellReference.matVec(wih, in, 2 * hidden, hidden, x[t][b]);
            double[] hr = CellReference.matVec(whr, hidden, 0, hidden, h);
            double[] z = new double[hidden];
            double[] rh = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              z[j] = CellReference.sigmoid(xz[j] + bih[j]);
              double r = CellReference.sigmoid(xr[j] + hr[j] + bih[hidden + j]);
              rh[j] = r * h[j];
            }
            double[] hh = CellReference.matVec(whh, hidden, 0, hidden, rh);
            double[] next = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              double c = Math.tanh(hh[j] + Math.tanh(xp[j] + bih[2 * hidden + j]) + bhh[j]);
              next[j] = c * z[j] + h[j] * (1 - z[j]);
            }
            state[0][b] = next;
            out[t][b] = next;
          }
        }
        return out;
      }
    };
  }
}
