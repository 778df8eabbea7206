package dev.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole model: a gradient check through embedding (or one-hot), stacked cells, dropout, decoder and
 * softmax cross-entropy, plus twins, state carrying, initialization and config validation.
 */
class LanguageModelTest {
  static final int V = 7;
  static final int H = 5;
  static final int B = 2;
  static final int T = 3;

  /** Model shapes checked for every cell: one-hot, embedding 4, two layers, and dropout 0.3. */
  enum Shape {
    ONE_HOT(0, 1, 0f),
    EMBEDDING(4, 1, 0f),
    TWO_LAYERS(0, 2, 0f),
    DROPOUT(4, 2, 0.3f);

    final int embedding;
    final int layers;
    final float dropout;

    Shape(int embedding, int layers, float dropout) {
      this.embedding = embedding;
      this.layers = layers;
      this.dropout = dropout;
    }
  }

  static Stream<Arguments> cellsAndShapes() {
    return Stream.of(CellType.RNN, CellType.LSTM, CellType.GRU)
        .flatMap(c -> Arrays.stream(Shape.values()).map(s -> Arguments.of(c, s)));
  }

  /** uniform(+-0.5) weights: large enough that every gradient is well above the tolerance floor. */
  static ModelConfig config(CellType cell, int embedding, int layers, float dropout) {
    return ModelConfig.builder(V).cell(cell).hiddenSize(H).layers(layers).embedding(embedding).dropout(dropout)
        .charRnnInit().initScale(0.5f).build();
  }

  static LanguageModel model(ModelConfig c, long seed, int steps) {
    LanguageModel m = new LanguageModel(c);
    m.initialize(new Rng(seed));
    // Non-zero biases too, so that their gradients are exercised through every nonlinearity.
    Rng rng = new Rng(seed + 1000);
    for (Param p : m.parameters().list()) {
      if (p.rows() == 1) {
        for (int i = 0; i < p.size(); i++) {
          p.value().set(i, p.value().get(i) + (float) (rng.nextDouble() - 0.5));
        }
      }
    }
    m.ensureCapacity(B, steps);
    return m;
  }

  static int[] ids(long seed, int n) {
    Rng rng = new Rng(seed);
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextInt(V);
    }
    return a;
  }

  /**
   * Float central differences of the summed loss, step 1e-2, against the analytic gradient. The forward
   * runs in float (relative error ~1e-7 of a loss of ~10, i.e. ~1e-6, divided by 2h = 0.02: ~1e-4 of noise)
   * while the loss is accumulated in double; the truncation error of a 1e-2 central difference is
   * ~h^2/6 * f''' ~ 1e-5 here. Hence |a - n| <= max(1e-3, 2e-2 * max(|a|, |n|)): a dropped term or a wrong
   * sign in any backward pass shows up far above that. Dropout uses the same mask in every evaluation
   * because each one gets a fresh {@code new Rng(seed)} and draws in the same order.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cellsAndShapes")
  void gradientsMatchFiniteDifferencesOfTheLoss(CellType cell, Shape shape) {
    ModelConfig c = config(cell, shape.embedding, shape.layers, shape.dropout);
    LanguageModel m = model(c, 1, T);
    int[] in = ids(2, T * B);
    int[] target = ids(3, T * B);
    long dropSeed = 4;
    Parameters params = m.parameters();

    m.resetState();
    params.zeroGrads();
    double loss0 = m.trainStep(in, target, T, 1f, new Rng[] {new Rng(dropSeed)});
    float[] analytic = params.grads().toArray();
    assertTrue(Double.isFinite(loss0) && loss0 > 0, "loss " + loss0);

    Matrix values = params.values();
    int n = params.size();
    int[] which = indicesToCheck(n, 200);
    double norm = 0;
    for (int i : which) {
      float old = values.get(i);
      float up = old + 1e-2f;
      float down = old - 1e-2f;
      values.set(i, up);
      m.resetState();
      double lossUp = m.trainStep(in, target, T, 0f, new Rng[] {new Rng(dropSeed)});
      values.set(i, down);
      m.resetState();
      double lossDown = m.trainStep(in, target, T, 0f, new Rng[] {new Rng(dropSeed)});
      values.set(i, old);
      // Divide by the step the float values actually took.
      double numeric = (lossUp - lossDown) / ((double) up - (double) down);
      double a = analytic[i];
      double tol = Math.max(1e-3, 2e-2 * Math.max(Math.abs(a), Math.abs(numeric)));
      assertTrue(Math.abs(a - numeric) <= tol,
          cell + " " + shape + " " + nameOf(params, i) + ": analytic " + a + " vs numerical " + numeric);
      norm += a * a;
    }
    assertTrue(norm > 1e-2, "gradients too small to check anything: " + norm);
    // A gradScale of 0 leaves the accumulated gradients untouched.
    float[] after = params.grads().toArray();
    for (int i = 0; i < n; i++) {
      assertEquals(analytic[i], after[i], 0f, "gradScale 0 must add nothing, at " + i);
    }
  }

  /** Every index when there are at most {@code max}, else a fixed-seed sample of {@code max} of them. */
  static int[] indicesToCheck(int n, int max) {
    if (n <= max) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Rng rng = new Rng(99);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return Arrays.copyOf(perm, max);
  }

  static String nameOf(Parameters params, int i) {
    for (Param p : params.list()) {
      if (i >= p.start() && i < p.start() + p.size()) {
        return p.name() + "[" + (i - p.start()) + "]";
      }
    }
    return "#" + i;
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"RNN", "LSTM", "GRU"})
  void gradScaleScalesTheGradient(CellType cell) {
    LanguageModel m = model(config(cell, 4, 2, 0f), 5, T);
    int[] in = ids(6, T * B);
    int[] target = ids(7, T * B);
    m.resetState();
    m.parameters().zeroGrads();
    double l1 = m.trainStep(in, target, T, 1f, new Rng[] {new Rng(1)});
    float[] g1 = m.parameters().grads().toArray();
    m.resetState();
    m.parameters().zeroGrads();
    double l2 = m.trainStep(in, target, T, 0.5f, new Rng[] {new Rng(1)});
    float[] g2 = m.parameters().grads().toArray();
    assertEquals(l1, l2, 0.0, "the loss is never scaled");
    for (int i = 0; i < g1.length; i++) {
      assertEquals(0.5f * g1[i], g2[i], 1e-6f * Math.max(1f, Math.abs(g1[i])), "grad " + i);
    }
  }

  @Test
  void parameterNamesFollowPyTorch() {
    LanguageModel m = new LanguageModel(config(CellType.LSTM, 4, 2, 0f));
    List<String> names = m.parameters().list().stream().map(Param::name).toList();
    assertEquals(List.of("embedding.weight", "rnn.weight_ih_l0", "rnn.bias_ih_l0", "rnn.weight_hh_l0",
        "rnn.weight_ih_l1", "rnn.bias_ih_l1", "rnn.weight_hh_l1", "decoder.weight", "decoder.bias"), names);
    assertEquals(4 * H, m.parameters().get("rnn.weight_ih_l0").rows());
    assertEquals(4, m.parameters().get("rnn.weight_ih_l0").cols());
    assertEquals(H, m.parameters().get("rnn.weight_ih_l1").cols());
    assertEquals(V, m.parameters().get("decoder.weight").rows());
    LanguageModel oneHot = new LanguageModel(config(CellType.RNN, 0, 1, 0f));
    assertFalse(oneHot.parameters().contains("embedding.weight"));
    assertEquals(V, oneHot.parameters().get("rnn.weight_ih_l0").cols());
  }

  @Test
  void twinSharesParametersButNotState() {
    LanguageModel m = model(config(CellType.LSTM, 0, 2, 0f), 8, T);
    LanguageModel twin = m.twin();
    twin.ensureCapacity(1, 1);
    assertSame(m.parameters(), twin.parameters());
    assertSame(m.config(), twin.config());
    assertEquals(1, twin.batch());
    assertEquals(B, m.batch());

    int[] one = {3};
    float[] fresh = twin.logits(one, 1).toArray();
    twin.resetState();
    m.logits(ids(9, T * B), T);
    for (Matrix s : m.states()) {
      assertTrue(s.sumOfSquares() > 0, "the model's state moved");
    }
    for (Matrix s : twin.states()) {
      assertEquals(0.0, s.sumOfSquares(), 0.0, "the twin's state did not");
    }
    assertTrue(Arrays.equals(fresh, twin.logits(one, 1).toArray()), "running the model leaves the twin alone");

    // A change of a weight through the model is seen by the twin.
    Matrix bias = m.parameters().get("decoder.bias").value();
    bias.set(2, bias.get(2) + 1f);
    twin.resetState();
    float[] shifted = twin.logits(one, 1).toArray();
    for (int j = 0; j < V; j++) {
      assertEquals(fresh[j] + (j == 2 ? 1f : 0f), shifted[j], 1e-5f, "logit " + j);
    }
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"RNN", "LSTM", "GRU"})
  void lossEqualsTrainStepLossWithoutDropout(CellType cell) {
    LanguageModel m = model(config(cell, 4, 2, 0f), 10, T);
    int[] in = ids(11, T * B);
    int[] target = ids(12, T * B);
    m.resetState();
    double eval = m.loss(in, target, T);
    List<float[]> evalState = m.states().stream().map(Matrix::toArray).toList();
    m.resetState();
    double train = m.trainStep(in, target, T, 1f, new Rng[] {new Rng(13)});
    assertEquals(train, eval, 1e-9 * train);
    List<Matrix> trainState = m.states();
    for (int k = 0; k < trainState.size(); k++) {
      assertTrue(Arrays.equals(evalState.get(k), trainState.get(k).toArray()), "state " + k);
    }
    // With dropout, training differs from evaluation.
    LanguageModel d = model(config(cell, 4, 2, 0.3f), 10, T);
    d.resetState();
    double dEval = d.loss(in, target, T);
    assertEquals(eval, dEval, 1e-9 * eval, "evaluation ignores dropout");
    d.resetState();
    assertNotEquals(dEval, d.trainStep(in, target, T, 1f, new Rng[] {new Rng(13)}));
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"RNN", "LSTM", "GRU"})
  void statesCarryAcrossWindows(CellType cell) {
    LanguageModel m = model(config(cell, 0, 2, 0f), 14, 2 * T);
    assertEquals(cell == CellType.LSTM ? 4 : 2, m.states().size(), "h (and c) per layer");
    for (Matrix s : m.states()) {
      assertEquals(B, s.rows());
      assertEquals(H, s.cols());
    }
    int[] in = ids(15, 2 * T * B);
    int[] target = ids(16, 2 * T * B);
    m.resetState();
    double whole = m.loss(in, target, 2 * T);
    float[] wholeLogits = m.logits(in, 2 * T).toArray();

    m.resetState();
    double first = m.loss(Arrays.copyOfRange(in, 0, T * B), Arrays.copyOfRange(target, 0, T * B), T);
    double second = m.loss(Arrays.copyOfRange(in, T * B, 2 * T * B), Arrays.copyOfRange(target, T * B, 2 * T * B), T);
    assertEquals(whole, first + second, 1e-5 * whole);

    // The second window alone from a zero state gives other logits: the state really was carried.
    m.resetState();
    float[] restarted = m.logits(Arrays.copyOfRange(in, T * B, 2 * T * B), T).toArray();
    m.resetState();
    m.logits(Arrays.copyOfRange(in, 0, T * B), T);
    float[] carried = m.logits(Arrays.copyOfRange(in, T * B, 2 * T * B), T).toArray();
    boolean differs = false;
    for (int i = 0; i < carried.length; i++) {
      // wholeLogits was computed from a fresh state over both windows (it is the second half here).
      differs |= carried[i] != restarted[i];
    }
    assertTrue(differs, "carried state must change the second window");
    m.resetState();
    for (Matrix s : m.states()) {
      assertEquals(0.0, s.sumOfSquares(), 0.0);
    }
    assertEquals(2 * T * B * V, wholeLogits.length);
  }

  @Test
  void trainStepCarriesStateLikeLoss() {
    LanguageModel m = model(config(CellType.GRU, 0, 1, 0f), 17, T);
    int[] in = ids(18, T * B);
    int[] target = ids(19, T * B);
    m.resetState();
    m.trainStep(in, target, T, 1f, new Rng[] {new Rng(1)});
    double second = m.trainStep(in, target, T, 1f, new Rng[] {new Rng(1)});
    m.resetState();
    m.loss(in, target, T);
    assertEquals(m.loss(in, target, T), second, 1e-9 * second);
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"RNN", "LSTM", "GRU"})
  void initializeIsDeterministicPerSeed(CellType cell) {
    ModelConfig c = config(cell, 4, 2, 0f);
    LanguageModel a = new LanguageModel(c);
    LanguageModel b = new LanguageModel(c);
    LanguageModel other = new LanguageModel(c);
    a.initialize(new Rng(42));
    b.initialize(new Rng(42));
    other.initialize(new Rng(43));
    float[] va = a.parameters().values().toArray();
    assertTrue(Arrays.equals(va, b.parameters().values().toArray()), "same seed, same weights");
    assertFalse(Arrays.equals(va, other.parameters().values().toArray()), "another seed, other weights");
    for (Param p : a.parameters().list()) {
      Matrix v = p.value();
      if (p.rows() > 1) {
        double s = 0;
        for (int i = 0; i < v.size(); i++) {
          assertTrue(Math.abs(v.get(i)) <= 0.5f, p.name() + " within the uniform scale");
          s += Math.abs(v.get(i));
        }
        assertTrue(s > 0, p.name() + " initialized");
      }
    }
    assertEquals(0.0, a.parameters().get("decoder.bias").value().sumOfSquares(), 0.0);
  }

  @Test
  void gaussianInitFollowsTheScale() {
    LanguageModel m = new LanguageModel(ModelConfig.minCharRnn(50));
    m.initialize(new Rng(7));
    Matrix w = m.parameters().get("rnn.weight_hh_l0").value();
    double sumSq = w.sumOfSquares();
    double std = Math.sqrt(sumSq / w.size());
    // 10 000 draws of N(0, 0.01^2): the sample std is within a few percent of 0.01.
    assertEquals(0.01, std, 0.0005);
  }

  @Test
  void forwardBeforeEnsureCapacityIsRefused() {
    LanguageModel m = new LanguageModel(config(CellType.RNN, 0, 1, 0f));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.loss(new int[] {0}, new int[] {1}, 1));
    assertTrue(e.getMessage().contains("ensureCapacity"), e.getMessage());
  }

  @Test
  void configRejectsBadValuesNamingThem() {
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(0).layers(1).build(), "hidden", "0");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(-3).layers(1).build(), "hidden", "-3");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(-1).build(), "layers", "-1");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(0).build(), "layers", "0");
    assertMessage(() -> ModelConfig.builder(0).cell(CellType.RNN).hiddenSize(5).layers(1).build(), "vocabulary", "0");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(1).embedding(-2)
        .build(), "embedding", "-2");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(1).dropout(1f)
        .build(), "dropout", "1.0");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(1).dropout(-0.5f)
        .build(), "dropout", "-0.5");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(1).dropout(Float.NaN)
        .build(), "dropout", "NaN");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(1).initScale(0f)
        .build(), "init", "0.0");
    assertMessage(() -> ModelConfig.builder(7).cell(CellType.RNN).hiddenSize(5).layers(1)
        .initScale(Float.POSITIVE_INFINITY).build(), "init", "Infinity");
    assertMessage(() -> ModelConfig.builder(7).cell(null).hiddenSize(5).layers(1).build(), "cell", "");
    assertMessage(() -> CellType.parse("tranformer"), "tranformer", "lstm");
    assertEquals(CellType.GRU, CellType.parse(" Gru "));
  }

  @Test
  void presetsAreWhatTheyClaim() {
    ModelConfig d = ModelConfig.defaults(65);
    assertEquals(ModelConfig.builder(65).build(), d);
    assertEquals(new ModelConfig(CellType.LSTM, 65, 128, 2, 0, 0f, 0.08f, Initialization.XAVIER, 0f, true), d);
    assertEquals(new ModelConfig(CellType.LSTM, 65, 128, 2, 0, 0f, 0.08f, Initialization.UNIFORM, 1f, false),
        ModelConfig.charRnn(65));
    ModelConfig mc = ModelConfig.minCharRnn(65);
    assertEquals(new ModelConfig(CellType.RNN, 65, 100, 1, 0, 0f, 0.01f, Initialization.GAUSSIAN, 1f, false).cell(),
        mc.cell());
    assertEquals(Initialization.GAUSSIAN, mc.init());
    assertEquals(0.01f, mc.initScale());
    assertFalse(mc.unigramBias(), "min-char-rnn's biases start at zero");
    assertEquals(80, mc.withVocabSize(80).vocabSize());
    assertEquals(mc.hiddenSize(), mc.withVocabSize(80).hiddenSize());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String what, String value) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    String msg = ex.getMessage();
    assertTrue(msg.toLowerCase().contains(what), "message should name " + what + ": " + msg);
    assertTrue(msg.contains(value), "message should name the value " + value + ": " + msg);
  }
}
