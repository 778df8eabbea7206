package dev.rnn4j.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sampler against the model itself: a reference twin fed one symbol at a time gives the distribution
 * every draw must follow.
 */
class SamplerTest {
  static final int V = 11;
  static final int[] PRIME = {3, 7, 1, 4};
  static final SamplingOptions ARGMAX = new SamplingOptions(1f, 0, true);

  /** Two vanilla RNN layers over an embedding, uniform(+-0.5) so the distributions are far from flat. */
  static LanguageModel model() {
    LanguageModel m = new LanguageModel(ModelConfig.builder(V).cell(CellType.RNN).hiddenSize(16).embedding(6)
        .initScale(0.5f).build());
    m.initialize(new Rng(1));
    return m;
  }

  /** Feeds symbols to a batch-1 twin one at a time. */
  static final class Reference {
    final LanguageModel twin;

    Reference(LanguageModel m) {
      twin = m.twin();
      twin.ensureCapacity(1, 1);
      twin.resetState();
    }

    float[] feed(int... ids) {
      float[] logits = null;
      for (int id : ids) {
        logits = twin.logits(new int[] {id}, 1).toArray();
      }
      return logits;
    }

    static double[] probs(float[] logits, float temperature) {
      double[] p = new double[logits.length];
      SoftmaxCrossEntropy.softmax(Matrix.of(1, logits.length, logits), 0, temperature, p);
      return p;
    }
  }

  static int argmax(float[] a) {
    int best = 0;
    for (int j = 1; j < a.length; j++) {
      if (a[j] > a[best]) {
        best = j;
      }
    }
    return best;
  }

  @Test
  void sameSeedSameSample() {
    Sampler s = new Sampler(model());
    SamplingOptions o = SamplingOptions.defaults();
    int[] a = s.sample(PRIME, 60, o, new Rng(5));
    int[] b = s.sample(PRIME, 60, o, new Rng(5));
    int[] c = s.sample(PRIME, 60, o, new Rng(6));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c), "another seed, another sample");
    int[] d = new Sampler(model()).sample(PRIME, 60, o, new Rng(5));
    assertArrayEquals(a, d, "a new sampler over equal weights gives the same sample");
    int[] unprimed1 = s.sample(new int[0], 40, o, new Rng(7));
    int[] unprimed2 = s.sample(new int[0], 40, o, new Rng(7));
    assertArrayEquals(unprimed1, unprimed2);
    for (int id : a) {
      assertTrue(id >= 0 && id < V, "id " + id);
    }
  }

  @Test
  void argmaxIsDeterministicAndFollowsTheModel() {
    LanguageModel m = model();
    Sampler s = new Sampler(m);
    int[] got = s.sample(PRIME, 25, ARGMAX, new Rng(1));
    assertArrayEquals(got, s.sample(PRIME, 25, ARGMAX, new Rng(2)), "argmax ignores the generator");

    Reference ref = new Reference(m);
    float[] logits = ref.feed(PRIME);
    int[] want = new int[got.length];
    for (int i = 0; i < want.length; i++) {
      want[i] = argmax(logits);
      logits = ref.feed(want[i]);
    }
    assertArrayEquals(want, got, "each symbol is the argmax after the prime and the symbols before it");
  }

  @Test
  void topKOneEqualsArgmax() {
    Sampler s = new Sampler(model());
    int[] argmax = s.sample(PRIME, 30, ARGMAX, new Rng(3));
    int[] top1 = s.sample(PRIME, 30, new SamplingOptions(1f, 1, false), new Rng(4));
    assertArrayEquals(argmax, top1);
  }

  @Test
  void veryLowTemperatureApproximatesArgmax() {
    Sampler s = new Sampler(model());
    int[] argmax = s.sample(PRIME, 30, ARGMAX, new Rng(3));
    int[] cold = s.sample(PRIME, 30, new SamplingOptions(1e-3f, 0, false), new Rng(8));
    assertArrayEquals(argmax, cold);
    int[] hot = s.sample(PRIME, 30, new SamplingOptions(1f, 0, false), new Rng(8));
    assertFalse(Arrays.equals(argmax, hot), "at temperature 1 the sample is not the argmax path");
  }

  /**
   * The first generated symbol after the prime, drawn 4000 times, follows the model's distribution: each
   * frequency within 4.5 standard deviations of its probability.
   */
  @Test
  void drawsFollowTheModelsDistribution() {
    LanguageModel m = model();
    double[] p = Reference.probs(new Reference(m).feed(PRIME), 0.7f);
    int n = 4000;
    int[] counts = new int[V];
    Sampler s = new Sampler(m);
    Rng rng = new Rng(9);
    SamplingOptions o = new SamplingOptions(0.7f, 0, false);
    for (int i = 0; i < n; i++) {
      counts[s.sample(PRIME, 1, o, rng)[0]]++;
    }
    for (int j = 0; j < V; j++) {
      double f = counts[j] / (double) n;
      double sd = Math.sqrt(p[j] * (1 - p[j]) / n);
      assertEquals(p[j], f, 4.5 * sd + 1e-3, "symbol " + j + " " + Arrays.toString(counts));
    }
  }

  @Test
  void topKDrawsOnlyAmongTheKMostLikely() {
    LanguageModel m = model();
    double[] p = Reference.probs(new Reference(m).feed(PRIME), 1f);
    Integer[] order = new Integer[V];
    for (int j = 0; j < V; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    int first = order[0];
    int second = order[1];
    double keep = p[first] + p[second];
    Sampler s = new Sampler(m);
    Rng rng = new Rng(10);
    SamplingOptions o = new SamplingOptions(1f, 2, false);
    int n = 2000;
    int firstCount = 0;
    for (int i = 0; i < n; i++) {
      int id = s.sample(PRIME, 1, o, rng)[0];
      assertTrue(id == first || id == second, "drew " + id + ", outside the top 2");
      firstCount += id == first ? 1 : 0;
    }
    double q = p[first] / keep;
    assertEquals(q, firstCount / (double) n, 4.5 * Math.sqrt(q * (1 - q) / n), "renormalised top-2");
  }

  @Test
  void primingChangesTheDistribution() {
    LanguageModel m = model();
    Sampler s = new Sampler(m);
    s.reset();
    double[] fresh = s.distribution(4);
    s.reset();
    s.prime(new int[] {3, 7, 1});
    double[] primed = s.distribution(4);
    double diff = 0;
    double sum = 0;
    for (int j = 0; j < V; j++) {
      diff = Math.max(diff, Math.abs(fresh[j] - primed[j]));
      sum += primed[j];
    }
    assertEquals(1.0, sum, 1e-9);
    assertTrue(diff > 1e-3, "priming must change the distribution: max difference " + diff);
    // distribution() after a prime equals the model fed the same symbols.
    double[] want = Reference.probs(new Reference(m).feed(3, 7, 1, 4), 1f);
    for (int j = 0; j < V; j++) {
      assertEquals(want[j], primed[j], 1e-6, "p[" + j + "]");
    }
  }

  @Test
  void streamingHandsOverExactlyLengthIds() {
    Sampler s = new Sampler(model());
    for (int[] prime : new int[][] {{}, PRIME}) {
      for (int length : new int[] {0, 1, 2, 17}) {
        s.reset();
        s.prime(prime);
        List<Integer> got = new ArrayList<>();
        s.generate(length, SamplingOptions.defaults(), new Rng(11), got::add);
        assertEquals(length, got.size(), "prime " + prime.length + ", length " + length);
        for (int id : got) {
          assertTrue(id >= 0 && id < V);
        }
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> s.generate(-1, SamplingOptions.defaults(), new Rng(1), id -> { }));
  }

  @Test
  void generatingInPiecesContinuesTheSameText() {
    Sampler s = new Sampler(model());
    int[] whole = s.sample(PRIME, 20, ARGMAX, new Rng(1));
    s.reset();
    s.prime(PRIME);
    List<Integer> pieces = new ArrayList<>();
    s.generate(7, ARGMAX, new Rng(1), pieces::add);
    s.generate(13, ARGMAX, new Rng(1), pieces::add);
    assertArrayEquals(whole, pieces.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void samplingLeavesTheTrainingModelsStateAlone() {
    LanguageModel m = model();
    m.ensureCapacity(2, 3);
    m.logits(new int[] {1, 2, 3, 4, 5, 6}, 3);
    List<float[]> before = m.states().stream().map(Matrix::toArray).toList();
    new Sampler(m).sample(PRIME, 30, SamplingOptions.defaults(), new Rng(12));
    List<Matrix> after = m.states();
    for (int k = 0; k < after.size(); k++) {
      assertArrayEquals(before.get(k), after.get(k).toArray(), "state " + k);
    }
  }

  @Test
  void optionsRejectBadValuesNamingThem() {
    for (float t : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new SamplingOptions(t, 0, false));
      assertTrue(e.getMessage().contains("temperature") && e.getMessage().contains(String.valueOf(t)), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SamplingOptions(1f, -1, false));
    assertTrue(e.getMessage().contains("top-k") && e.getMessage().contains("-1"), e.getMessage());
    assertEquals(new SamplingOptions(1f, 0, false), SamplingOptions.defaults());
    new SamplingOptions(0.01f, V + 5, false);
  }
}
