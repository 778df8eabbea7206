package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Mut3Test extends RecurrentLayerContract {
  @Override
  RecurrentLayer newLayer(Parameters params, int inputSize, int hiddenSize) {
    return new Mut3(params, 0, inputSize, hiddenSize);
  }

  @Test
  void declaresDocumentedParameters() {
    Parameters params = new Parameters();
    new Mut3(params, 0, I, H);
    assertArrayEquals(new int[] {3 * H, I}, Mut1Test.shape(params, "rnn.weight_ih_l0"));
    assertArrayEquals(new int[] {1, 3 * H}, Mut1Test.shape(params, "rnn.bias_ih_l0"));
    assertArrayEquals(new int[] {H, H}, Mut1Test.shape(params, "rnn.weight_hz_l0"));
    assertArrayEquals(new int[] {H, H}, Mut1Test.shape(params, "rnn.weight_hr_l0"));
    assertArrayEquals(new int[] {H, H}, Mut1Test.shape(params, "rnn.weight_hh_l0"));
    assertEquals(5, params.list().size());
  }

  /**
   * z = sigm(W_xz x + W_hz tanh(h) + b_z); r = sigm(W_xr x + W_hr h + b_r);
   * h_t = tanh(W_hh (r*h) + W_xh x + b_h)*z + h*(1-z).
   */
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
        double[] whz = p.get("rnn.weight_hz_l0");
        double[] whr = p.get("rnn.weight_hr_l0");
        double[] whh = p.get("rnn.weight_hh_l0");
        int hidden = bih.length / 3;
        int in = x[0][0].length;
        double[][][] out = new double[x.length][x[0].length][];
        for (int t = 0; t < x.length; t++) {
          for (int b = 0; b < x[t].length; b++) {
            double[] h = state[0][b];
            double[] tanhH = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              tanhH[j] = Math.tanh(h[j]);
            }
            double[] xz = CellReference.matVec(wih, in, 0, hidden, x[t][b]);
            double[] xr = CellReference.matVec(wih, in, hidden, hidden, x[t][b]);
            double[] xh = CellReference.matVec(wih, in, 2 * hidden, hidden, x[t][b]);
            double[] hz = CellReference.matVec(whz, hidden, 0, hidden, tanhH);
            double[] hr = CellReference.matVec(whr, hidden, 0, hidden, h);
            double[] z = new double[hidden];
            double[] rh = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              z[j] = CellReference.sigmoid(xz[j] + hz[j] + bih[j]);
              double r = CellReference.sigmoid(xr[j] + hr[j] + bih[hidden + j]);
              rh[j] = r * h[j];
            }
            double[] hh = CellReference.matVec(whh, hidden, 0, hidden, rh);
            double[] next = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              double c = Math.tanh(hh[j] + xh[j] + bih[2 * hidden + j]);
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
