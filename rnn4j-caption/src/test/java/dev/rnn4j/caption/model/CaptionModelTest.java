package dev.rnn4j.caption.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The captioning model's backward against numerical gradients of its loss, for every parameter and for
 * the image features, with both injections and the three cells; and what padding must not change.
 */
class CaptionModelTest {
  static final int V = 7;
  static final int H = 5;
  static final int E = 4;
  static final int F = 3;
  /** Two captions of different lengths (3 words and 1 word), so that padding is exercised. */
  static final int[][] CAPTIONS = {{3, 5, 4}, {6}};

  static Stream<Arguments> shapes() {
    return Stream.of(CellType.RNN, CellType.LSTM, CellType.GRU).flatMap(c -> Stream.of(ImageInjection.values())
        .flatMap(i -> Stream.of(Arguments.of(c, i, 1, 0f), Arguments.of(c, i, 2, 0.3f))));
  }

  static CaptionModel model(CellType cell, ImageInjection injection, int layers, float dropout, long seed) {
    CaptionModel m = new CaptionModel(CaptionConfig.builder(F, V).cell(cell).layers(layers).hidden(H).embedding(E)
        .injection(injection).dropout(dropout).build());
    // uniform(+-0.5) everywhere, biases included, so every gradient is well above the tolerance floor
    Rng rng = new Rng(seed);
    Matrix v = m.parameters().values();
    for (int i = 0; i < v.size(); i++) {
      v.set(i, (float) (rng.nextDouble() - 0.5));
    }
    return m;
  }

  static float[][] features(long seed, int n) {
    Rng rng = new Rng(seed);
    float[][] f = new float[n][F];
    for (float[] row : f) {
      for (int i = 0; i < F; i++) {
        row[i] = (float) (rng.nextDouble() * 2 - 1);
      }
    }
    return f;
  }

  /**
   * Float central differences with step 1e-2 against the analytic gradient, for every parameter and every
   * feature. The forward runs in float (relative error ~1e-7 of a loss of ~10, i.e. ~1e-6, divided by the
   * step 0.02: ~1e-4 of noise) and the loss is summed in double; a 1e-2 central difference truncates at
   * ~h^2/6 f''' ~ 1e-5. Hence |a - n| <= max(1e-3, 2e-2 * max(|a|, |n|)), the core's LanguageModelTest
   * bound: a dropped term or a wrong sign is far above it. Dropout draws the same mask in every evaluation
   * (a fresh {@code new Rng(seed)} each time).
   */
  @ParameterizedTest(name = "{0} {1} layers={2} dropout={3}")
  @MethodSource("shapes")
  void gradientsOfEveryParameterAndOfTheFeaturesMatchFiniteDifferences(CellType cell, ImageInjection injection,
                                                                       int layers, float dropout) {
    CaptionModel m = model(cell, injection, layers, dropout, 1);
    float[][] feats = features(2, 2);
    if (layers == 2) {
      // standardised features: dLoss/dv goes back through v' = (v - mean) * scale
      m.featureNormalization().set(new float[] {0.3f, -0.2f, 0.1f}, new float[] {1.7f, 0.6f, 2.2f});
    }
    Parameters params = m.parameters();
    params.zeroGrads();
    double loss = m.trainStep(CaptionBatch.of(CAPTIONS, feats), 1f, new Rng(3));
    assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
    float[] analytic = params.grads().toArray();
    float[] dv = m.gradFeatures().toArray();
    CaptionModel probe = m.twin();
    java.util.function.DoubleSupplier f = () -> probe.trainStep(CaptionBatch.of(CAPTIONS, feats), 0f, new Rng(3));

    Matrix values = params.values();
    for (Param p : params.list()) {
      for (int k = 0; k < p.size(); k++) {
        int i = p.start() + k;
        float old = values.get(i);
        values.set(i, old + 1e-2f);
        double up = f.getAsDouble();
        values.set(i, old - 1e-2f);
        double down = f.getAsDouble();
        values.set(i, old);
        double numeric = (up - down) / ((double) (old + 1e-2f) - (double) (old - 1e-2f));
        assertClose(analytic[i], numeric, cell + " " + injection + " " + p.name() + "[" + k + "]");
      }
    }
    double norm = 0;
    for (int b = 0; b < 2; b++) {
      for (int j = 0; j < F; j++) {
        float old = feats[b][j];
        feats[b][j] = old + 1e-2f;
        double up = f.getAsDouble();
        feats[b][j] = old - 1e-2f;
        double down = f.getAsDouble();
        feats[b][j] = old;
        double numeric = (up - down) / ((double) (old + 1e-2f) - (double) (old - 1e-2f));
        assertClose(dv[b * F + j], numeric, cell + " " + injection + " dLoss/dv[" + b + "][" + j + "]");
        norm += dv[b * F + j] * dv[b * F + j];
      }
    }
    assertTrue(norm > 1e-4, "the image must reach the loss: |dv|^2 = " + norm);
  }

  static void assertClose(double a, double numeric, String what) {
    double tol = Math.max(1e-3, 2e-2 * Math.max(Math.abs(a), Math.abs(numeric)));
    assertTrue(Math.abs(a - numeric) <= tol, what + ": analytic " + a + " vs numerical " + numeric);
  }

  /**
   * Padding changes nothing: a batch of two captions of different lengths has the loss and the gradients
   * of the two captions trained one by one (each caption starts from a zero state; padded steps add no
   * loss and no gradient).
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("shapes")
  void aPaddedBatchEqualsItsCaptionsOneByOne(CellType cell, ImageInjection injection, int layers, float dropout) {
    if (dropout > 0) {
      return; // masks are drawn per row, so batched and single runs draw different masks
    }
    CaptionModel m = model(cell, injection, layers, 0f, 4);
    float[][] feats = features(5, 2);
    Parameters params = m.parameters();
    params.zeroGrads();
    double both = m.trainStep(CaptionBatch.of(CAPTIONS, feats), 1f, null);
    float[] gBoth = params.grads().toArray();
    params.zeroGrads();
    double one = m.trainStep(CaptionBatch.of(new int[][] {CAPTIONS[0]}, new float[][] {feats[0]}), 1f, null);
    double two = m.trainStep(CaptionBatch.of(new int[][] {CAPTIONS[1]}, new float[][] {feats[1]}), 1f, null);
    float[] gOneByOne = params.grads().toArray();
    assertEquals(one + two, both, 1e-5 * both);
    for (int i = 0; i < gBoth.length; i++) {
      assertEquals(gOneByOne[i], gBoth[i], 1e-5f * Math.max(1f, Math.abs(gBoth[i])), "gradient " + i);
    }
    assertEquals(one + two, m.loss(CaptionBatch.of(CAPTIONS, feats)), 1e-5 * both, "loss() = trainStep's loss");
  }

  @Test
  void standardisationEqualsFeedingStandardisedFeatures() {
    CaptionModel plain = model(CellType.LSTM, ImageInjection.EVERY_STEP, 1, 0f, 9);
    CaptionModel standardised = plain.twin();
    float[][] train = features(10, 6);
    standardised.featureNormalization().fit(train);
    float[] mean = plain.twin().featureNormalization().mean();
    org.junit.jupiter.api.Assertions.assertNotNull(mean, "twins share the standardisation");
    float[] scale = standardised.featureNormalization().scale();
    for (int j = 0; j < F; j++) {
      double mu = 0;
      double var = 0;
      for (float[] v : train) {
        mu += v[j] / 6.0;
      }
      for (float[] v : train) {
        var += (v[j] - mu) * (v[j] - mu) / 6.0;
      }
      assertEquals(mu, mean[j], 1e-6);
      assertEquals(1 / Math.sqrt(var + 1e-3), scale[j], 1e-4);
    }
    float[][] raw = features(11, 2);
    float[][] done = new float[2][F];
    for (int b = 0; b < 2; b++) {
      for (int j = 0; j < F; j++) {
        done[b][j] = (raw[b][j] - mean[j]) * scale[j];
      }
    }
    CaptionModel fresh = model(CellType.LSTM, ImageInjection.EVERY_STEP, 1, 0f, 9);
    assertEquals(fresh.loss(CaptionBatch.of(CAPTIONS, done)), standardised.loss(CaptionBatch.of(CAPTIONS, raw)), 1e-5);
  }

  @Test
  void batchLayoutPredictsEveryWordAndEndAndIgnoresPadding() {
    CaptionBatch b = CaptionBatch.of(CAPTIONS, features(1, 2));
    assertEquals(4, b.steps());
    assertEquals(3 + 1 + 1 + 1, b.tokens());
    assertEquals(2, b.size());
    int ig = dev.rnn4j.nn.SoftmaxCrossEntropy.IGNORE;
    assertArrayEquals(new int[] {1, 1, 3, 6, 5, 0, 4, 0}, b.inputs());
    assertArrayEquals(new int[] {3, 6, 5, 2, 4, ig, 2, ig}, b.targets());
    // an empty caption predicts END at once
    CaptionBatch e = CaptionBatch.of(new int[][] {{}}, features(1, 1));
    assertArrayEquals(new int[] {2}, e.targets());
  }

  private static void assertArrayEquals(int[] want, int[] got) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
  }

  @Test
  void untrainedModelIsNearUniformAndPerplexityCountsEveryPrediction() {
    CaptionModel m = new CaptionModel(CaptionConfig.builder(F, V).hidden(H).embedding(E).build());
    m.initialize(new Rng(7));
    double ppl = Perplexity.of(m, CAPTIONS, features(8, 2));
    assertEquals(V, ppl, 0.1 * V, "small initial weights give nearly uniform predictions");
    CaptionBatch b = CaptionBatch.of(CAPTIONS, features(8, 2));
    assertEquals(Math.log(ppl), m.loss(b) / b.tokens(), 1e-9);
  }

  @Test
  void refusesWrongWidthsMarkersAndConfigs() {
    CaptionModel m = model(CellType.GRU, ImageInjection.FIRST_STEP, 1, 0f, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.loss(CaptionBatch.of(CAPTIONS, new float[][] {new float[F + 1], new float[F + 1]})));
    assertTrue(e.getMessage().contains("width " + (F + 1)), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CaptionBatch.of(new int[][] {{3, CaptionModel.END}}, features(1, 1)));
    assertThrows(IllegalArgumentException.class, () -> CaptionBatch.of(new int[][] {{3}}, features(1, 2)));
    assertThrows(IllegalArgumentException.class, () -> m.loss(CaptionBatch.of(new int[][] {{V}}, features(1, 1))));
    assertThrows(IllegalArgumentException.class,
        () -> CaptionConfig.builder(F, V).cell(CellType.MUT1).hidden(H).embedding(E).build());
    assertThrows(IllegalArgumentException.class, () -> ImageInjection.parse("sideways"));
    assertThrows(IllegalArgumentException.class, () -> m.featureNormalization().set(new float[F + 1], new float[F + 1]));
    assertEquals(ImageInjection.FIRST_STEP, ImageInjection.parse("First"));
  }
}
