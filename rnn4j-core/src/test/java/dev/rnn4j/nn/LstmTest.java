package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LstmTest extends RecurrentLayerContract {
  @Override
  RecurrentLayer newLayer(Parameters params, int inputSize, int hiddenSize) {
    return new Lstm(params, 0, inputSize, hiddenSize);
  }

  /**
   * a = W_ih x + W_hh h + b with blocks i, f, g, o (PyTorch order); c = f*c + i*g; h = o*tanh(c).
   * State 0 is h, state 1 is c.
   */
  @Override
  CellReference reference() {
    return new CellReference() {
      @Override
      public int stateCount() {
        return 2;
      }

      @Override
      public double[][][] forward(Map<String, double[]> p, double[][][] x, double[][][] state) {
        double[] wih = p.get("rnn.weight_ih_l0");
        double[] whh = p.get("rnn.weight_hh_l0");
        double[] bias = p.get("rnn.bias_ih_l0");
        int hidden = bias.length / 4;
        int in = x[0][0].length;
        double[][][] out = new double[x.length][x[0].length][];
        for (int t = 0; t < x.length; t++) {
          for (int b = 0; b < x[t].length; b++) {
            double[] hPrev = state[0][b];
            double[] cPrev = state[1][b];
            double[] wx = CellReference.matVec(wih, in, 0, 4 * hidden, x[t][b]);
            double[] wh = CellReference.matVec(whh, hidden, 0, 4 * hidden, hPrev);
            double[] h = new double[hidden];
            double[] c = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              double i = CellReference.sigmoid(wx[j] + wh[j] + bias[j]);
              double f = CellReference.sigmoid(wx[hidden + j] + wh[hidden + j] + bias[hidden + j]);
              double g = Math.tanh(wx[2 * hidden + j] + wh[2 * hidden + j] + bias[2 * hidden + j]);
              double o = CellReference.sigmoid(wx[3 * hidden + j] + wh[3 * hidden + j] + bias[3 * hidden + j]);
              c[j] = f * cPrev[j] + i * g;
              h[j] = o * Math.tanh(c[j]);
            }
            state[0][b] = h;
            state[1][b] = c;
            out[t][b] = h;
          }
        }
        return out;
      }
    };
  }

  @Test
  void initializeSetsForgetBiasToOneAndOtherBiasesToZero() {
    Parameters params = new Parameters();
    Lstm lstm = new Lstm(params, 0, I, H);
    params.allocate();
    // Non-zero everywhere first, so a block left untouched by initialize() shows up.
    params.values().fill(0.5f);
    float scale = 0.08f;
    lstm.initialize(new Rng(1), scale, false);

    Matrix b = params.get("rnn.bias_ih_l0").value();
    assertEquals(4 * H, b.size(), "bias is [1, 4H]");
    for (int j = 0; j < 4 * H; j++) {
      float want = j >= H && j < 2 * H ? 1f : 0f;
      assertEquals(want, b.get(j), 0f, "bias[" + j + "] (block " + "ifgo".charAt(j / H) + ")");
    }
    for (String name : new String[] {"rnn.weight_ih_l0", "rnn.weight_hh_l0"}) {
      Matrix w = params.get(name).value();
      for (int k = 0; k < w.size(); k++) {
        assertTrue(Math.abs(w.get(k)) <= scale, name + "[" + k + "] = " + w.get(k) + " outside +-" + scale);
      }
    }
  }
}
