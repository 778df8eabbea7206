package dev.rnn4j.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generations stepping together give each the text it gets alone, whoever joins or leaves beside it; and
 * what the listener hears (probability, guesses, state) is what a one-at-a-time reference computes.
 */
class BatchSamplerTest {
  static final int V = 13;

  static LanguageModel lstm() {
    LanguageModel m = new LanguageModel(ModelConfig.builder(V).cell(CellType.LSTM).layers(2).hiddenSize(24)
        .initScale(0.5f).build());
    m.initialize(new Rng(3));
    return m;
  }

  /** Everything a listener heard. */
  static final class Heard implements Generation.Listener {
    final List<Integer> ids = new ArrayList<>();
    final List<Boolean> primed = new ArrayList<>();
    final List<Double> probs = new ArrayList<>();
    final List<int[]> guesses = new ArrayList<>();
    final List<float[]> guessProbs = new ArrayList<>();
    final List<float[]> topState = new ArrayList<>();
    int done;

    @Override
    public void symbol(int position, int id, boolean isPrimed, double p, int[] guessIds, float[] gp,
                       List<float[]> states) {
      assertEquals(ids.size(), position);
      ids.add(id);
      primed.add(isPrimed);
      probs.add(p);
      guesses.add(guessIds.clone());
      guessProbs.add(gp.clone());
      topState.add(states.get(states.size() - 2).clone()); // h of the top layer
    }

    @Override
    public void done() {
      done++;
    }

    int[] drawn(int primeLength) {
      return ids.subList(primeLength, ids.size()).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  static int[] prime(int i) {
    int[] p = new int[i % 4];
    for (int k = 0; k < p.length; k++) {
      p[k] = (i * 5 + k * 3) % V;
    }
    return p;
  }

  static SamplingOptions options(int i) {
    return new SamplingOptions(0.6f + 0.2f * (i % 4), i % 3 == 0 ? 4 : 0, i % 7 == 6);
  }

  @Test
  void eachGenerationEqualsTheSamplerAloneWhileOthersJoinAndLeave() {
    LanguageModel model = lstm();
    int n = 20;
    BatchSampler batch = new BatchSampler(model);
    List<Heard> heard = new ArrayList<>();
    List<Generation> gens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Heard h = new Heard();
      heard.add(h);
      gens.add(new Generation(prime(i), 10 + 7 * i % 40, options(i), 100 + i, 5, h));
    }
    // staggered arrivals: one new generation every other step
    int added = 0;
    int steps = 0;
    while (added < n || batch.activeCount() > 0) {
      if (added < n && steps % 2 == 0) {
        batch.add(gens.get(added++));
      }
      batch.step();
      steps++;
    }
    for (int i = 0; i < n; i++) {
      Sampler alone = new Sampler(model);
      int length = 10 + 7 * i % 40;
      int[] expected = alone.sample(prime(i), length, options(i), new Rng(100 + i));
      Heard h = heard.get(i);
      assertArrayEquals(expected, h.drawn(prime(i).length), "generation " + i);
      assertEquals(1, h.done, "done once");
      assertEquals(prime(i).length + length, h.ids.size());
      for (int k = 0; k < h.ids.size(); k++) {
        assertEquals(k < prime(i).length, h.primed.get(k));
      }
    }
  }

  @Test
  void probabilitiesGuessesAndStatesMatchAReferenceFedOneSymbolAtATime() {
    LanguageModel model = lstm();
    BatchSampler batch = new BatchSampler(model);
    Heard h = new Heard();
    Heard other = new Heard();
    int[] prime = {2, 5, 7};
    SamplingOptions opt = new SamplingOptions(0.8f, 0, false);
    batch.add(new Generation(prime, 12, opt, 9, 5, h));
    batch.add(new Generation(new int[] {1}, 30, SamplingOptions.defaults(), 4, 5, other));
    while (batch.activeCount() > 0) {
      batch.step();
    }
    LanguageModel ref = model.twin();
    ref.ensureCapacity(1, 1);
    ref.resetState();
    assertTrue(Double.isNaN(h.probs.get(0)), "nothing predicts the first symbol");
    assertEquals(0, h.guesses.get(0).length);
    for (int k = 0; k < h.ids.size(); k++) {
      Matrix logits = ref.logits(new int[] {h.ids.get(k)}, 1);
      float[] hTop = ref.states().get(2).toArray();
      assertArrayEquals(hTop, h.topState.get(k), 1e-5f, "state after symbol " + k);
      if (k + 1 < h.ids.size()) {
        boolean nextPrimed = h.primed.get(k + 1);
        double[] p = new double[V];
        dev.rnn4j.nn.SoftmaxCrossEntropy.softmax(logits, 0, nextPrimed ? 1f : opt.temperature(), p);
        assertEquals(p[h.ids.get(k + 1)], h.probs.get(k + 1), 1e-5, "probability of symbol " + (k + 1));
        int[] g = h.guesses.get(k + 1);
        assertEquals(5, g.length);
        for (int r = 0; r < 5; r++) {
          assertEquals(p[g[r]], h.guessProbs.get(k + 1)[r], 1e-5);
          if (r > 0) {
            assertTrue(h.guessProbs.get(k + 1)[r - 1] >= h.guessProbs.get(k + 1)[r]);
          }
        }
        int rank = 0;
        for (int j = 0; j < V; j++) {
          if (p[j] > p[g[0]]) {
            rank++;
          }
        }
        assertEquals(0, rank, "the first guess is the likeliest");
      }
    }
  }

  @Test
  void cancelledGenerationsLeaveAndAreToldOnce() {
    BatchSampler batch = new BatchSampler(lstm());
    Heard a = new Heard();
    Heard b = new Heard();
    Generation ga = new Generation(new int[0], 1000, SamplingOptions.defaults(), 1, 0, a);
    batch.add(ga);
    batch.add(new Generation(new int[0], 5, SamplingOptions.defaults(), 2, 0, b));
    batch.step();
    batch.step();
    ga.cancel();
    assertEquals(1, batch.step());
    assertEquals(1, a.done);
    assertEquals(2, a.ids.size());
    while (batch.activeCount() > 0) {
      batch.step();
    }
    assertEquals(5, b.ids.size());
    assertEquals(1, b.done);
    Heard empty = new Heard();
    batch.add(new Generation(new int[0], 0, SamplingOptions.defaults(), 1, 0, empty));
    assertEquals(1, empty.done);
    assertEquals(0, batch.activeCount());
    assertThrows(IllegalArgumentException.class,
        () -> batch.add(new Generation(new int[] {V}, 3, SamplingOptions.defaults(), 1, 0, new Heard())));
    assertFalse(ga.drawn() > 1000);
  }
}
