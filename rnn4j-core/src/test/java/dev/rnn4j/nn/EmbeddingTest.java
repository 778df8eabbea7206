package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Embedding {@code out[r] = W[ids[r]]} against a plain double lookup, and its scatter-add backward against
 * central differences of that lookup. The ids repeat a token so that the scatter must add, not overwrite.
 */
class EmbeddingTest {
  static final int V = 7;
  static final int E = 3;
  static final int[] IDS = {4, 0, 6, 4, 2, 4};

  private static final class Fixture {
    final Parameters params = new Parameters();
    final Embedding embedding;

    Fixture(long seed) {
      embedding = new Embedding(params, V, E);
      params.allocate();
      Rng rng = new Rng(seed);
      Matrix v = params.values();
      for (int i = 0; i < v.size(); i++) {
        v.set(i, (float) (rng.nextDouble() - 0.5));
      }
      embedding.ensureCapacity(IDS.length + 1);
    }
  }

  static double[] reference(double[] w, int[] ids, int rows) {
    double[] out = new double[rows * E];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < E; j++) {
        out[r * E + j] = w[ids[r] * E + j];
      }
    }
    return out;
  }

  @Test
  void namedEmbeddingDeclaresItsOwnWeight() {
    Parameters params = new Parameters();
    new Embedding(params, V, E);
    Embedding chars = new Embedding(params, "char_embedding", 5, 2);
    assertEquals("char_embedding.weight", chars.weight().name());
    assertEquals(5, params.get("char_embedding.weight").rows());
    assertTrue(params.contains("embedding.weight"), "the 3-argument constructor keeps its name");
  }

  @Test
  void namesItsWeightLikePyTorch() {
    Fixture f = new Fixture(1);
    assertEquals("embedding.weight", f.embedding.weight().name());
    assertEquals(V, f.embedding.weight().rows());
    assertEquals(E, f.embedding.weight().cols());
  }

  @Test
  void forwardGathersRows() {
    Fixture f = new Fixture(2);
    Matrix out = f.embedding.forward(IDS, IDS.length);
    assertEquals(IDS.length, out.rows());
    assertEquals(E, out.cols());
    double[] want = reference(LinearTest.toDouble(f.embedding.weight()), IDS, IDS.length);
    for (int k = 0; k < want.length; k++) {
      assertEquals(want[k], out.get(k), 0.0, "out[" + k / E + "][" + k % E + "]");
    }
  }

  @Test
  void forwardReadsOnlyTheFirstRowsIds() {
    Fixture f = new Fixture(3);
    int[] ids = {5, 1, 99};
    Matrix out = f.embedding.forward(ids, 2);
    assertEquals(2, out.rows());
    assertEquals(f.embedding.weight().value().get(1, 2), out.get(1, 2), 0f);
  }

  @Test
  void gradientMatchesNumericalGradientOfDoubleReference() {
    Fixture f = new Fixture(4);
    float[] g = RecurrentLayerContract.randomFloats(new Rng(5), IDS.length * E, 1.0);
    f.params.zeroGrads();
    f.embedding.forward(IDS, IDS.length);
    f.embedding.gradOutput().copyFrom(g);
    f.embedding.backward();

    double[] w = LinearTest.toDouble(f.embedding.weight());
    DoubleSupplier loss = () -> LinearTest.dot(reference(w, IDS, IDS.length), g);
    float[] dw = f.embedding.weight().grad().toArray();
    for (int i = 0; i < w.length; i++) {
      RecurrentLayerContract.assertClose(dw[i], LinearTest.numeric(loss, w, i), "dW[" + i / E + "][" + i % E + "]");
    }
    // Rows of ids that never occur get no gradient; token 4 (three times) gets the sum of its three rows.
    for (int j = 0; j < E; j++) {
      assertEquals(0f, f.embedding.weight().grad().get(1, j), 0f);
      assertEquals(g[0 * E + j] + g[3 * E + j] + g[5 * E + j], f.embedding.weight().grad().get(4, j), 1e-6f);
    }
  }

  @Test
  void backwardAccumulates() {
    Fixture f = new Fixture(6);
    float[] g = RecurrentLayerContract.randomFloats(new Rng(7), IDS.length * E, 1.0);
    f.params.zeroGrads();
    f.embedding.forward(IDS, IDS.length);
    f.embedding.gradOutput().copyFrom(g);
    f.embedding.backward();
    float[] once = f.params.grads().toArray();
    f.embedding.backward();
    float[] twice = f.params.grads().toArray();
    double norm = 0;
    for (int i = 0; i < once.length; i++) {
      assertEquals(2 * once[i], twice[i], 1e-6f * Math.max(1f, Math.abs(twice[i])), "grad " + i);
      norm += once[i] * once[i];
    }
    assertTrue(norm > 0, "gradients must not all be zero");
  }

  @Test
  void rejectsOutOfRangeIdsNamingThem() {
    Fixture f = new Fixture(8);
    IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
        () -> f.embedding.forward(new int[] {1, V}, 2));
    assertTrue(high.getMessage().contains(String.valueOf(V)), high.getMessage());
    IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
        () -> f.embedding.forward(new int[] {-1}, 1));
    assertTrue(low.getMessage().contains("-1"), low.getMessage());
  }
}
