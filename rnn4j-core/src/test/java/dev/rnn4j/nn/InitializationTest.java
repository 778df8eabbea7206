package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;

class InitializationTest {
  @Test
  void orthogonalBlocksHaveOrthonormalRows() {
    int h = 24;
    Matrix m = Matrix.allocate(4 * h, h);
    Initialization.XAVIER.fill(m, Initialization.Role.RECURRENT_WEIGHT, h, h, 0f, new Rng(3));
    for (int block = 0; block < 4; block++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < h; j++) {
          double dot = 0;
          for (int k = 0; k < h; k++) {
            dot += (double) m.get(block * h + i, k) * m.get(block * h + j, k);
          }
          assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5, "block " + block + " rows " + i + "," + j);
        }
      }
    }
  }

  @Test
  void orthogonalWideBlockHasOrthonormalRows() {
    Matrix m = Matrix.allocate(3, 7);
    Initialization.orthogonalBlocks(m, 3, new Rng(5));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double dot = 0;
        for (int k = 0; k < 7; k++) {
          dot += (double) m.get(i, k) * m.get(j, k);
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5);
      }
    }
  }

  @Test
  void xavierInputWeightsStayInsideGlorotsBound() {
    int h = 32;
    int in = 65;
    Matrix m = Matrix.allocate(4 * h, in);
    Initialization.XAVIER.fill(m, Initialization.Role.INPUT_WEIGHT, h, h, 0f, new Rng(1));
    double bound = Math.sqrt(6.0 / (in + h));
    double max = 0;
    for (int i = 0; i < m.size(); i++) {
      max = Math.max(max, Math.abs(m.get(i)));
    }
    assertTrue(max <= bound, "max " + max + " > " + bound);
    assertTrue(max > 0.9 * bound, "draws fill the range: max " + max + " of " + bound);
  }

  @Test
  void pytorchBiasIsTheSumOfTwoUniformDraws() {
    int h = 64;
    Matrix b = Matrix.allocate(1, 40_000);
    Initialization.PYTORCH.fill(b, Initialization.Role.BIAS, h, h, 0f, new Rng(2));
    double k = 1 / Math.sqrt(h);
    double sumSq = 0;
    for (int i = 0; i < b.size(); i++) {
      assertTrue(Math.abs(b.get(i)) <= 2 * k);
      sumSq += b.get(i) * (double) b.get(i);
    }
    // Var of U(-k, k) is k^2/3; of the sum of two, 2k^2/3.
    assertEquals(2 * k * k / 3, sumSq / b.size(), 0.05 * 2 * k * k / 3);
  }

  @Test
  void charRnnAndMinCharRnnDrawAsBefore() {
    Matrix a = Matrix.allocate(3, 5);
    Rng r = new Rng(9);
    Initialization.UNIFORM.fill(a, Initialization.Role.RECURRENT_WEIGHT, 3, 3, 0.08f, new Rng(9));
    for (int i = 0; i < a.size(); i++) {
      assertEquals((float) ((r.nextDouble() * 2 - 1) * 0.08f), a.get(i), 0f);
    }
    Initialization.GAUSSIAN.fill(a, Initialization.Role.BIAS, 3, 3, 0.01f, new Rng(9));
    for (int i = 0; i < a.size(); i++) {
      assertEquals(0f, a.get(i), 0f, "min-char-rnn's biases start at zero");
    }
  }

  @Test
  void lstmForgetBiasIsAddedToTheForgetBlockOnly() {
    Parameters params = new Parameters();
    Lstm lstm = new Lstm(params, 0, 5, 4);
    params.allocate();
    lstm.initialize(new Rng(1), Initialization.XAVIER, 0f, 2f);
    Matrix b = null;
    for (Param p : lstm.params()) {
      if (p.name().startsWith("rnn.bias_ih")) {
        b = p.value();
      }
    }
    for (int j = 0; j < 16; j++) {
      assertEquals(j >= 4 && j < 8 ? 2f : 0f, b.get(j), 0f, "bias " + j);
    }
  }

  @Test
  void unknownSchemeIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initialization.parse("he"));
    assertTrue(e.getMessage().contains("xavier"), e.getMessage());
    assertEquals(Initialization.PYTORCH, Initialization.parse("PyTorch"));
  }
}
