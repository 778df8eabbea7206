package dev.rnn4j.seq.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Attention;
import dev.rnn4j.nn.Param;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder-decoder's backward against central differences of its loss, through the attention, the
 * bridge and both recurrent stacks, on a ragged batch; and a padded batch against its pairs one by one.
 */
class TranslatorTest {
  static final int V = 9;

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(CellType.GRU, Attention.Score.GENERAL, true, 1, 1),
        Arguments.of(CellType.LSTM, Attention.Score.ADDITIVE, true, 2, 2),
        Arguments.of(CellType.RNN, Attention.Score.DOT, false, 1, 2),
        Arguments.of(CellType.LSTM, null, true, 1, 1),
        Arguments.of(CellType.GRU, Attention.Score.DOT, true, 2, 1));
  }

  static TranslationConfig config(CellType cell, Attention.Score score, boolean bidirectional, int encLayers,
                                  int decLayers, float dropout) {
    int hidden = 3;
    int dec = score == Attention.Score.DOT ? (bidirectional ? 2 * hidden : hidden) : 4;
    return new TranslationConfig(cell, V, V + 1, 4, hidden, encLayers, bidirectional, dec, decLayers, score,
        score == Attention.Score.ADDITIVE ? 3 : 0, dropout);
  }

  static List<SentencePair> batch() {
    return List.of(
        new SentencePair(new int[] {4, 5, 6, 7}, new int[] {8, 4}),
        new SentencePair(new int[] {5}, new int[] {6, 7, 8, 9}),
        new SentencePair(new int[] {8, 3, 4}, new int[] {}));
  }

  static Translator model(TranslationConfig c, long seed) {
    Translator t = new Translator(c);
    t.initialize(new Rng(seed));
    // larger than the default draw so that every path carries a gradient well above float noise
    Matrix v = t.parameters().values();
    Rng rng = new Rng(seed + 1);
    for (int i = 0; i < v.size(); i++) {
      v.set(i, v.get(i) + (float) ((rng.nextDouble() * 2 - 1) * 0.3));
    }
    return t;
  }

  static double meanLoss(Translator t, List<SentencePair> batch) {
    int[] count = new int[1];
    double sum = t.summedLoss(batch, count);
    return sum / count[0];
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void backwardMatchesNumericalGradients(CellType cell, Attention.Score score, boolean bidirectional, int enc,
                                         int dec) {
    Translator t = model(config(cell, score, bidirectional, enc, dec, 0f), 3);
    List<SentencePair> batch = batch();
    t.parameters().zeroGrads();
    double loss = t.trainStep(batch, new Rng(1));
    assertEquals(meanLoss(t, batch), loss, 1e-6);
    float[] analytic = t.parameters().grads().toArray();
    Matrix values = t.parameters().values();
    int checked = 0;
    for (Param p : t.parameters().list()) {
      for (int k = 0; k < p.size(); k++) {
        int i = p.start() + k;
        float old = values.get(i);
        double eps = 1e-2;
        values.set(i, (float) (old + eps));
        double up = meanLoss(t, batch);
        values.set(i, (float) (old - eps));
        double down = meanLoss(t, batch);
        values.set(i, old);
        double numeric = (up - down) / (2 * eps);
        assertEquals(numeric, analytic[i], 1e-3 + 2e-2 * Math.abs(numeric), p.name() + "[" + k + "]");
        checked += Math.abs(analytic[i]) > 1e-4 ? 1 : 0;
      }
    }
    assertTrue(checked > values.size() / 3, "most parameters have a gradient: " + checked + " of " + values.size());
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void aPaddedBatchHasTheLossAndGradientsOfItsPairsOneByOne(CellType cell, Attention.Score score,
                                                           boolean bidirectional, int enc, int dec) {
    Translator t = model(config(cell, score, bidirectional, enc, dec, 0f), 5);
    List<SentencePair> batch = batch();
    int[] count = new int[1];
    double batchSum = t.summedLoss(batch, count);
    t.parameters().zeroGrads();
    t.trainStep(batch, new Rng(1));
    float[] batchGrad = t.parameters().grads().toArray();
    double sum = 0;
    int tokens = 0;
    float[] grad = new float[batchGrad.length];
    for (SentencePair p : batch) {
      int[] c = new int[1];
      sum += t.summedLoss(List.of(p), c);
      tokens += c[0];
      t.parameters().zeroGrads();
      t.trainStep(List.of(p), new Rng(1));
      float[] g = t.parameters().grads().toArray();
      for (int i = 0; i < g.length; i++) {
        grad[i] += g[i] * c[0];
      }
    }
    assertEquals(count[0], tokens);
    assertEquals(sum, batchSum, 1e-5);
    for (int i = 0; i < grad.length; i++) {
      assertEquals(grad[i] / tokens, batchGrad[i], 1e-5, "gradient " + i);
    }
  }

  static List<SentencePair> copyTask(int n, long seed) {
    Rng rng = new Rng(seed);
    List<SentencePair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 1 + rng.nextInt(5);
      int[] src = new int[len];
      for (int k = 0; k < len; k++) {
        src[k] = 4 + rng.nextInt(V - 4);
      }
      out.add(new SentencePair(src, src.clone()));
    }
    return out;
  }
}
