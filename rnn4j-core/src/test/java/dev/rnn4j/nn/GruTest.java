package dev.rnn4j.nn;

import java.util.Map;

class GruTest extends RecurrentLayerContract {
  @Override
  RecurrentLayer newLayer(Parameters params, int inputSize, int hiddenSize) {
    return new Gru(params, 0, inputSize, hiddenSize);
  }

  /**
   * r = sigm(W_xr x + W_hr h + b_r); z = sigm(W_xz x + W_hz h + b_z); h~ = tanh(W_xh x + W_hh (r*h) + b_h);
   * h_t = z*h + (1-z)*h~, with W_x* the row blocks r, z, h~ of weight_ih and W_hr, W_hz those of weight_hrz.
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
        double[] bias = p.get("rnn.bias_ih_l0");
        double[] whrz = p.get("rnn.weight_hrz_l0");
        double[] whh = p.get("rnn.weight_hh_l0");
        int hidden = bias.length / 3;
        int in = x[0][0].length;
        double[][][] out = new double[x.length][x[0].length][];
        for (int t = 0; t < x.length; t++) {
          for (int b = 0; b < x[t].length; b++) {
            double[] hPrev = state[0][b];
            double[] wxr = CellReference.matVec(wih, in, 0, hidden, x[t][b]);
            double[] wxz = CellReference.matVec(wih, in, hidden, hidden, x[t][b]);
            double[] wxh = CellReference.matVec(wih, in, 2 * hidden, hidden, x[t][b]);
            double[] whr = CellReference.matVec(whrz, hidden, 0, hidden, hPrev);
            double[] whz = CellReference.matVec(whrz, hidden, hidden, hidden, hPrev);
            double[] r = new double[hidden];
            double[] z = new double[hidden];
            double[] rh = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              r[j] = CellReference.sigmoid(wxr[j] + whr[j] + bias[j]);
              z[j] = CellReference.sigmoid(wxz[j] + whz[j] + bias[hidden + j]);
              rh[j] = r[j] * hPrev[j];
            }
            double[] wrh = CellReference.matVec(whh, hidden, 0, hidden, rh);
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              double cand = Math.tanh(wxh[j] + wrh[j] + bias[2 * hidden + j]);
              h[j] = z[j] * hPrev[j] + (1 - z[j]) * cand;
            }
            state[0][b] = h;
            out[t][b] = h;
          }
        }
        return out;
      }
    };
  }
}
