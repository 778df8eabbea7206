package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.TokenRange;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Gradient flow in a model: the gradient read from the layers is the derivative of the last-step loss with
 * respect to each layer's state k steps back (central differences through the whole stack), and the
 * curves and clipping factor are built from it.
 */
class ModelGradientFlowTest {
  private static final String TEXT = "the cat sat on the mat and then the dog sat on the cat. ".repeat(3);
  private static final Corpus CORPUS = Corpus.fromString(TEXT);
  private static final int V = CORPUS.vocabulary().size();

  static LanguageModel model(CellType cell, int layers, int embedding) {
    LanguageModel m = new LanguageModel(ModelConfig.builder(V).cell(cell).hiddenSize(4).layers(layers)
        .embedding(embedding).initScale(0.5f).build());
    m.initialize(new Rng(17));
    return m;
  }

  @ParameterizedTest
  @CsvSource({"RNN, 2, 0", "LSTM, 2, 0", "GRU, 1, 3", "MUT2, 2, 3"})
  void stateGradientsMatchCentralDifferencesOfTheLastStepLoss(CellType cell, int layers, int embedding) {
    ModelGradientFlow flow = new ModelGradientFlow(model(cell, layers, embedding), CORPUS.all(), 5, 2);
    for (int k : new int[] {1, 3, 5}) {
      flow.startWindow(k);
      flow.forwardWindow(k);
      flow.backwardWindow(k);
      List<RecurrentLayer> ls = flow.layers();
      for (int l = 0; l < ls.size(); l++) {
        Matrix[] grad = ls.get(l).gradState();
        for (int p = 0; p < grad.length; p++) {
          float[] analytic = grad[p].toArray();
          for (int i = 0; i < analytic.length; i++) {
            double numeric = centralDifference(flow, k, l, p, i);
            assertEquals(numeric, analytic[i], 2e-3 + 2e-2 * Math.abs(numeric),
                cell + " k " + k + " layer " + l + " part " + p + " element " + i);
          }
        }
      }
    }
  }

  private static double centralDifference(ModelGradientFlow flow, int k, int layer, int part, int i) {
    float eps = 1e-2f;
    double[] loss = new double[2];
    for (int side = 0; side < 2; side++) {
      flow.startWindow(k);
      Matrix m = flow.layers().get(layer).state()[part];
      m.set(i, m.get(i) + (side == 0 ? eps : -eps));
      loss[side] = flow.forwardWindow(k);
    }
    return (loss[0] - loss[1]) / (2 * eps);
  }

  @Test
  void curvesAreGeometricMeansOfTheStateGradientNormsOverPositions() {
    LanguageModel m = model(CellType.LSTM, 2, 0);
    int steps = 6;
    ModelGradientFlow flow = new ModelGradientFlow(m, CORPUS.all(), steps, 3);
    ModelGradientFlow.Result r = flow.measure(1e9);
    assertEquals(2, r.layers().size());
    assertEquals("layer 2 (h, c)", r.layers().get(1).label());
    for (int k = 1; k <= steps; k++) {
      flow.startWindow(k);
      flow.forwardWindow(k);
      flow.backwardWindow(k);
      for (int l = 0; l < 2; l++) {
        Matrix[] g = flow.layers().get(l).gradState();
        double logs = 0;
        for (int b = 0; b < 3; b++) {
          logs += 0.5 * Math.log(g[0].rows(b, 1).sumOfSquares() + g[1].rows(b, 1).sumOfSquares());
        }
        assertEquals(Math.exp(logs / 3), r.layers().get(l).at(k), 1e-9 * Math.exp(logs / 3), "k " + k);
      }
    }
    assertEquals(1, r.layers().get(0).firstStep());
    assertEquals(steps, r.layers().get(0).lastStep());
    assertTrue(r.loss() > 0 && r.loss() < 3 * Math.log(V), "loss " + r.loss());
    assertEquals(1.0, r.clipFactor());
  }

  @Test
  void clippingScalesEveryCurveByOneFactor() {
    ModelGradientFlow flow = new ModelGradientFlow(model(CellType.RNN, 1, 0), CORPUS.all(), 8, 2);
    ModelGradientFlow.Result loose = flow.measure(1e9);
    assertTrue(loose.gradientNorm() > 0);
    double clip = loose.gradientNorm() / 4;
    ModelGradientFlow.Result tight = flow.measure(clip);
    assertEquals(loose.gradientNorm(), tight.gradientNorm(), 1e-6 * loose.gradientNorm());
    assertEquals(0.25, tight.clipFactor(), 1e-9);
    GradientCurve raw = tight.layers().get(0);
    GradientCurve clipped = tight.clipped().get(0);
    for (int k = 1; k <= 8; k++) {
      assertEquals(raw.at(k) * 0.25, clipped.at(k), 1e-12 * raw.at(k));
    }
    assertEquals("layer 1 (h), clipped", clipped.label());
  }

  @Test
  void refusesATextTooShortOrOverAnotherVocabulary() {
    LanguageModel m = model(CellType.GRU, 1, 0);
    TokenRange text = CORPUS.all();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelGradientFlow(m, text, text.length(), 2));
    assertTrue(e.getMessage().contains("needs at least"), e.getMessage());
    TokenRange other = Corpus.fromString("abcabcabc".repeat(30)).all();
    e = assertThrows(IllegalArgumentException.class, () -> new ModelGradientFlow(m, other, 5, 2));
    assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
  }
}
