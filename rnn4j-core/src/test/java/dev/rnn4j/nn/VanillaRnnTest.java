package dev.rnn4j.nn;

import java.util.Map;

class VanillaRnnTest extends RecurrentLayerContract {
  @Override
  RecurrentLayer newLayer(Parameters params, int inputSize, int hiddenSize) {
    return new VanillaRnn(params, 0, inputSize, hiddenSize);
  }

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
        double[] whh = p.get("rnn.weight_hh_l0");
        double[] bias = p.get("rnn.bias_ih_l0");
        int hidden = bias.length;
        int in = x[0][0].length;
        double[][][] out = new double[x.length][x[0].length][];
        for (int t = 0; t < x.length; t++) {
          for (int b = 0; b < x[t].length; b++) {
            double[] wx = CellReference.matVec(wih, in, 0, hidden, x[t][b]);
            double[] wh = CellReference.matVec(whh, hidden, 0, hidden, state[0][b]);
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              h[j] = Math.tanh(wx[j] + wh[j] + bias[j]);
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
